package dev.sextant.streams.kstreams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.schemas.registry.Registry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsRunnerTest {

  @TempDir Path stateDir;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private StreamsRunner runner(StreamsSettings settings) {
    return StreamsRunner.of(
        new DerivedStreams(DerivedStreamsConfig.defaults(), Registry.loadDefault(), meters),
        settings);
  }

  @Test
  void shouldPassTheSettingsThrough() {
    StreamsSettings settings =
        StreamsSettings.defaults("127.0.0.1:1", stateDir)
            .withGuarantee(ProcessingGuarantee.AT_LEAST_ONCE);
    StreamsRunner runner = runner(settings);

    Properties expected = settings.toProperties();
    expected.put(UndecodableRecords.METERS_CONFIG, meters);
    assertThat(runner.properties()).isEqualTo(expected);
    assertThat(runner.properties().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.AT_LEAST_ONCE);
    // A copy: the runner's own properties cannot be changed from outside.
    runner.properties().put(StreamsConfig.APPLICATION_ID_CONFIG, "other");
    assertThat(runner.properties().get(StreamsConfig.APPLICATION_ID_CONFIG))
        .isEqualTo(StreamsSettings.DEFAULT_APPLICATION_ID);
  }

  @Test
  void shouldBeCreatedBeforeStartAndNotRunningAfterACloseBeforeStart() {
    StreamsRunner runner = runner(StreamsSettings.defaults("127.0.0.1:1", stateDir));
    assertThat(runner.state()).isEqualTo(KafkaStreams.State.CREATED);
    assertThat(runner.threadReplacements()).isZero();
    assertThat(runner.activeTasks()).isEmpty();

    assertThat(runner.close(Duration.ofSeconds(1))).isTrue();

    assertThat(runner.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
    assertThat(runner.activeTasks()).isEmpty();
    assertThatThrownBy(runner::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("closed");
    assertThatThrownBy(() -> runner.awaitRunning(Duration.ofMillis(1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldCloseOnce() {
    StreamsRunner runner = runner(StreamsSettings.defaults("127.0.0.1:1", stateDir));
    assertThat(runner.close(Duration.ofSeconds(1))).isTrue();
    assertThat(runner.close(Duration.ofSeconds(1))).isTrue();
    runner.close();
    assertThat(runner.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
  }

  @Test
  void shouldRefuseToWaitForARunnerNeverStarted() {
    StreamsRunner runner = runner(StreamsSettings.defaults("127.0.0.1:1", stateDir));
    assertThatThrownBy(() -> runner.awaitRunning(Duration.ofMillis(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CREATED");
  }

  @Test
  void shouldRefuseANegativeReplacementBudget() {
    var topology =
        new DerivedStreams(
                DerivedStreamsConfig.defaults(), Registry.loadDefault(), new SimpleMeterRegistry())
            .build();
    assertThatThrownBy(
            () ->
                new StreamsRunner(topology, StreamsSettings.defaults("127.0.0.1:1", stateDir), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
