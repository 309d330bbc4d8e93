package dev.sextant.streams.kstreams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

  private static final Path STATE = Path.of("/var/lib/sextant/streams");

  @Test
  void shouldGiveTheDefaultsAsStreamsProperties() {
    Properties p = StreamsSettings.defaults("kafka:9092", STATE).toProperties();
    assertThat(p)
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("application.id", "sextant-streams"),
                Map.entry("bootstrap.servers", "kafka:9092"),
                Map.entry("processing.guarantee", "at_least_once"),
                Map.entry("commit.interval.ms", 100L),
                Map.entry("statestore.cache.max.bytes", 10_485_760L),
                Map.entry("num.standby.replicas", 1),
                Map.entry("num.stream.threads", 1),
                Map.entry("state.dir", "/var/lib/sextant/streams"),
                Map.entry("producer.linger.ms", 1),
                Map.entry("consumer.fetch.min.bytes", 1),
                Map.entry("consumer.fetch.max.wait.ms", 10),
                Map.entry("deserialization.exception.handler", UndecodableRecords.class.getName()),
                Map.entry(UndecodableRecords.SOURCE_CONFIG, "sextant-streams")));
  }

  @Test
  void shouldBeValidStreamsConfigForBothGuarantees() {
    for (ProcessingGuarantee g : ProcessingGuarantee.values()) {
      StreamsConfig config =
          new StreamsConfig(
              StreamsSettings.defaults("kafka:9092", STATE).withGuarantee(g).toProperties());
      assertThat(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
          .isEqualTo(g == ProcessingGuarantee.AT_LEAST_ONCE ? "at_least_once" : "exactly_once_v2");
      assertThat(config.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100L);
      assertThat(config.getProducerConfigs("client").get("linger.ms")).isEqualTo(1);
      assertThat(config.getMainConsumerConfigs("g", "c", 0).get("fetch.max.wait.ms")).isEqualTo(10);
    }
  }

  @Test
  void shouldRefuseInvalidSettings() {
    assertThatThrownBy(
            () ->
                new StreamsSettings(
                    "sextant-streams",
                    "kafka:9092",
                    ProcessingGuarantee.AT_LEAST_ONCE,
                    Duration.ZERO,
                    0,
                    0,
                    1,
                    STATE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new StreamsSettings(
                    "sextant-streams",
                    "kafka:9092",
                    ProcessingGuarantee.AT_LEAST_ONCE,
                    Duration.ofMillis(100),
                    0,
                    0,
                    0,
                    STATE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
