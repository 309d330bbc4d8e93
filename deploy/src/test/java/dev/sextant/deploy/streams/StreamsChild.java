package dev.sextant.deploy.streams;

import dev.sextant.schemas.registry.Registry;
import dev.sextant.streams.kstreams.app.DerivedStreams;
import dev.sextant.streams.kstreams.app.DerivedStreamsConfig;
import dev.sextant.streams.kstreams.app.ProcessingGuarantee;
import dev.sextant.streams.kstreams.app.StreamsRunner;
import dev.sextant.streams.kstreams.app.StreamsSettings;
import dev.sextant.streams.kstreams.candle.CandleConfig;
import dev.sextant.streams.kstreams.candle.Interval;
import dev.sextant.streams.kstreams.news.NewsScoreConfig;
import dev.sextant.streams.kstreams.price.PriceConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.TaskId;

/**
 * The derived streams application alone in its process, for tests that kill it with SIGKILL.
 * Arguments: bootstrap servers, guarantee ({@link ProcessingGuarantee} name), state dir,
 * application id, commit interval in ms, standby replicas. Prints {@code running T1,T2,...} (its
 * active tasks, sorted) whenever it reaches {@code RUNNING} or its tasks change while running, and
 * runs until killed.
 */
public final class StreamsChild {

  static final String RUNNING = "running ";

  private StreamsChild() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      throw new IllegalArgumentException(
          "usage: bootstrap guarantee stateDir applicationId commitIntervalMs standbyReplicas");
    }
    StreamsSettings settings =
        new StreamsSettings(
            args[3],
            args[0],
            ProcessingGuarantee.valueOf(args[1]),
            Duration.ofMillis(Long.parseLong(args[4])),
            StreamsSettings.DEFAULT_CACHE_MAX_BYTES,
            Integer.parseInt(args[5]),
            1,
            Path.of(args[2]));
    DerivedStreams derived =
        new DerivedStreams(config(), Registry.loadDefault(), new SimpleMeterRegistry());
    StreamsRunner runner = StreamsRunner.of(derived, settings);
    runner.start();
    Set<TaskId> reported = null;
    while (true) {
      if (runner.state() == KafkaStreams.State.ERROR) {
        throw new IllegalStateException("the streams client failed");
      }
      Set<TaskId> tasks =
          runner.state() == KafkaStreams.State.RUNNING ? new TreeSet<>(runner.activeTasks()) : null;
      if (tasks != null && !tasks.equals(reported)) {
        System.out.println(
            RUNNING + String.join(",", tasks.stream().map(TaskId::toString).toList()));
        System.out.flush();
      }
      reported = tasks;
      Thread.sleep(20);
    }
  }

  /**
   * Live updates unconflated ({@code liveEmitInterval} ZERO: one record per trade and interval, the
   * deterministic mode), three intervals that close within the input's half hour, the live defaults
   * otherwise.
   */
  static DerivedStreamsConfig config() {
    CandleConfig candles =
        new CandleConfig(
            List.of(Interval.S1, Interval.M1, Interval.M5),
            Duration.ofSeconds(2),
            Duration.ZERO,
            20,
            CandleConfig.DEFAULT_STORE);
    return new DerivedStreamsConfig(candles, PriceConfig.defaults(), NewsScoreConfig.defaults());
  }
}
