package dev.sextant.deploy.cli;

import dev.sextant.deploy.config.ConfigLoader;
import dev.sextant.deploy.config.SextantConfig;
import dev.sextant.ingest.market.Protocols;
import dev.sextant.ingest.replay.ReplayConfig;
import dev.sextant.ingest.replay.ReplayIngestor;
import dev.sextant.ingest.replay.ReplaySummary;
import dev.sextant.ingest.sink.SinkConfig;
import dev.sextant.schemas.registry.Registry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sextant replay}: a capture into the market topics of a running node's Kafka (the one the
 * configuration names, as {@code up} runs it) or of the broker given by {@code --bootstrap},
 * exactly once: replaying the same file again publishes only the lines not yet committed.
 */
@Command(
    name = "replay",
    description =
        "Replay a capture into the market topics of the node's Kafka (start it with `sextant up`)"
            + " or of --bootstrap; a second replay of the same file publishes nothing twice.",
    mixinStandardHelpOptions = true)
final class ReplayCommand implements Callable<Integer>, UsesProtocols {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

  @Spec CommandSpec spec;

  @Option(names = "--protocol", required = true, paramLabel = "P", description = "The protocol.")
  String protocol;

  @Parameters(paramLabel = "FILE", description = "The capture, plain or gzip.")
  Path file;

  @Option(
      names = "--speed",
      defaultValue = "max",
      paramLabel = "max|N",
      description = "max (default): as fast as possible; 1: as recorded; 10: ten times faster.")
  String speed;

  @Option(
      names = "--bootstrap",
      paramLabel = "HOST:PORT",
      description = "The Kafka brokers (default: the node's, from the configuration).")
  String bootstrap;

  @Option(
      names = "--source-id",
      paramLabel = "ID",
      description =
          "The source id, whose cursor makes the replay exactly once (default: from FILE).")
  String sourceId;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A YAML file overriding the built-in defaults.")
  Path configFile;

  private Protocols protocols = Protocols.builtIn();

  @Override
  public void protocols(Protocols protocols) {
    this.protocols = protocols;
  }

  @Override
  public Integer call() throws Exception {
    Cli.protocol(protocols, protocol);
    Cli.existingFile(file);
    double pace = Cli.speed(speed);
    SextantConfig config =
        new ConfigLoader().load(Optional.ofNullable(configFile), System.getenv()).config();
    String brokers = bootstrap != null ? bootstrap : config.kafka().clientBootstrap();
    String source = sourceId != null ? sourceId : defaultSourceId(file);
    SinkConfig defaults = SinkConfig.of(source);
    ReplayConfig replay =
        ReplayConfig.of(file)
            .withProtocol(protocol)
            .withSpeed(pace)
            .withSinkConfig(
                new SinkConfig(
                    source,
                    config.ingest().transactionMaxRecords(pace),
                    Duration.ofMillis(config.ingest().transactionLingerMs(pace)),
                    START_TIMEOUT,
                    defaults.closeTimeout(),
                    Map.of()));
    PrintWriter err = spec.commandLine().getErr();
    err.printf("replaying %s (%s) into %s as source '%s' ...%n", file, protocol, brokers, source);
    err.flush();
    ReplayIngestor ingestor =
        new ReplayIngestor(
            brokers, replay, protocols, Registry.loadDefault(), new SimpleMeterRegistry());
    Thread hook = new Thread(ingestor::close, "sextant-replay-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    ReplaySummary summary;
    try {
      ingestor.start();
      summary = ingestor.completion().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TimeoutException) {
        throw new IllegalArgumentException(
            "no Kafka broker answered at "
                + brokers
                + " within "
                + START_TIMEOUT.toSeconds()
                + " s: start the node (`sextant up`) or pass --bootstrap",
            e.getCause());
      }
      throw e;
    } finally {
      ingestor.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
    spec.commandLine()
        .getOut()
        .printf(
            "%s: %d frames read, %d skipped (already committed), %d trades, %d quotes,"
                + " %d book updates, %d dead letters, %d transactions in %.1f s%n",
            summary.endOfFile() ? "done" : "stopped",
            summary.framesRead(),
            summary.framesSkipped(),
            summary.tradesPublished(),
            summary.quotesPublished(),
            summary.booksPublished(),
            summary.deadLetters(),
            summary.transactions(),
            summary.elapsed().toMillis() / 1000.0);
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** The source id the node gives a replay of {@code file}: one cursor per file name. */
  static String defaultSourceId(Path file) {
    return "replay-"
        + file.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }
}
