package dev.sextant.deploy.node;

import dev.sextant.deploy.config.SextantConfig;
import dev.sextant.deploy.demo.BundledCapture;
import dev.sextant.ingest.replay.ReplayConfig;
import dev.sextant.ingest.replay.ReplayIngestor;
import dev.sextant.schemas.registry.Registry;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's sources: for now, the replay of a capture (the demo's, or the one configured for
 * {@code up}).
 */
final class IngestPart implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IngestPart.class);

  private final Optional<ReplayIngestor> replay;

  private IngestPart(Optional<ReplayIngestor> replay) {
    this.replay = replay;
  }

  static IngestPart forMode(
      NodeMode mode,
      String bootstrap,
      SextantConfig config,
      Registry registry,
      MeterRegistry meters) {
    Optional<ReplayConfig> replayConfig =
        switch (mode) {
          case DEMO -> Optional.of(demoReplay(config));
          case UP ->
              config.ingest().replay().file().isBlank()
                  ? Optional.empty()
                  : Optional.of(
                      replayOf(
                          Path.of(config.ingest().replay().file()),
                          config.ingest().replay().speed(),
                          config));
        };
    if (replayConfig.isEmpty()) {
      log.info(
          "No sources configured: live connectors arrive with the market, chain and news issues");
    }
    return new IngestPart(
        replayConfig.map(c -> new ReplayIngestor(bootstrap, c, registry, meters)));
  }

  private static ReplayConfig demoReplay(SextantConfig config) {
    String capture = config.demo().capture();
    Path file =
        capture.equals("bundled")
            ? BundledCapture.extractTo(config.dataDir().resolve("demo"))
            : Path.of(capture);
    return replayOf(file, config.demo().speed(), config);
  }

  /**
   * A replay whose source id names the file, so that its committed cursor (a line number) is never
   * applied to another file.
   */
  private static ReplayConfig replayOf(Path file, double speed, SextantConfig config) {
    String name =
        file.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return ReplayConfig.of(file)
        .withSourceId("replay-" + name)
        .withSpeed(speed)
        .withBatching(
            config.ingest().transactionMaxRecords(),
            Duration.ofMillis(config.ingest().transactionLingerMs()))
        .withProducerOverrides(
            Map.of(
                ProducerConfig.BUFFER_MEMORY_CONFIG,
                Long.toString(config.memory().producerBufferMb() * 1024L * 1024L)));
  }

  void start() {
    replay.ifPresent(ReplayIngestor::start);
  }

  /** Completes when every source has finished; a node without sources is done at once. */
  CompletableFuture<?> done() {
    return replay
        .<CompletableFuture<?>>map(ReplayIngestor::completion)
        .orElse(CompletableFuture.completedFuture(null));
  }

  @Override
  public void close() {
    replay.ifPresent(ReplayIngestor::close);
  }
}
