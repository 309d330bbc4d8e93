package dev.sextant.deploy.cli;

import dev.sextant.deploy.config.ConfigLoader;
import dev.sextant.deploy.config.SextantConfig;
import dev.sextant.deploy.config.StreamsSettingsMapper;
import dev.sextant.deploy.kafka.KafkaCheck;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.streams.kstreams.app.DerivedStreams;
import dev.sextant.streams.kstreams.app.StreamsRunner;
import dev.sextant.streams.kstreams.app.StreamsSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sextant streams}: the derived streams alone, against the configured Kafka, until SIGTERM
 * or Ctrl-C. No broker, no query side: instances with the same application id share the partitions,
 * so several of these (and nodes) can run one application.
 */
@Command(
    name = "streams",
    description =
        "Run only the derived streams (candles, prices, news scores) against the configured Kafka"
            + " until Ctrl-C. Instances with the same streams.application-id share the work.",
    mixinStandardHelpOptions = true)
final class StreamsCommand implements Callable<Integer> {

  /** How long the stream threads get to commit and stop on SIGTERM. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A YAML file overriding the built-in defaults.")
  Path configFile;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "Where the local stores live (overrides streams.state-dir); two instances on one"
              + " machine need two.")
  Path stateDir;

  @Option(
      names = "--guarantee",
      paramLabel = "G",
      description = "exactly_once_v2 or at_least_once (overrides streams.guarantee).")
  String guarantee;

  @Option(
      names = "--connect-timeout",
      paramLabel = "SECONDS",
      defaultValue = "15",
      description =
          "How long to wait for Kafka to answer before giving up (default: ${DEFAULT-VALUE}).")
  int connectTimeoutSeconds;

  @Override
  public Integer call() throws Exception {
    if (connectTimeoutSeconds < 1) {
      throw new IllegalArgumentException(
          "--connect-timeout must be at least 1, was " + connectTimeoutSeconds);
    }
    ConfigLoader.Loaded loaded =
        new ConfigLoader().load(Optional.ofNullable(configFile), System.getenv());
    SextantConfig config = loaded.config();
    SextantConfig.Streams streams = overridden(config.streams());
    String bootstrap = config.kafka().clientBootstrap();
    StreamsSettings settings = StreamsSettingsMapper.settings(streams, bootstrap, config.dataDir());
    Topology topology =
        new DerivedStreams(
                StreamsSettingsMapper.derived(streams),
                Registry.loadDefault(),
                new SimpleMeterRegistry())
            .build();
    KafkaCheck.requireTopics(
        bootstrap, Duration.ofSeconds(connectTimeoutSeconds), catalogTopics(topology));

    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "streams: application '%s', %s, Kafka at %s, state in %s%n",
        settings.applicationId(),
        settings.guarantee().name().toLowerCase(Locale.ROOT),
        bootstrap,
        settings.stateDir());
    out.flush();
    StreamsRunner runner =
        new StreamsRunner(topology, settings, StreamsRunner.DEFAULT_MAX_THREAD_REPLACEMENTS);
    CountDownLatch ended = new CountDownLatch(1);
    runner.onStateChange(
        (next, previous) -> {
          out.println("streams: " + previous + " -> " + next);
          out.flush();
          if (next == State.ERROR || next == State.NOT_RUNNING) {
            ended.countDown();
          }
        });
    Thread hook =
        new Thread(
            () -> {
              runner.close(CLOSE_TIMEOUT);
              LogManager.shutdown();
            },
            "sextant-streams-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      start(runner, settings);
      ended.await();
    } catch (InterruptedException e) {
      // Stopped in-process (tests, an embedding program): the same clean close as SIGTERM.
      runner.close(CLOSE_TIMEOUT);
      return 0;
    } finally {
      removeHook(hook);
    }
    State end = runner.state();
    runner.close(CLOSE_TIMEOUT); // after an error: the client's threads and clients still close
    if (end == State.ERROR) {
      spec.commandLine()
          .getErr()
          .println(
              "sextant: streams failed: "
                  + runner.lastError().map(Throwable::toString).orElse("unknown error")
                  + " (the log above has the trace)");
      return 1;
    }
    return 0;
  }

  private SextantConfig.Streams overridden(SextantConfig.Streams streams) {
    SextantConfig.Streams s = streams;
    if (stateDir != null) {
      s = s.withStateDir(stateDir.toString());
    }
    if (guarantee != null) {
      StreamsSettingsMapper.guarantee("--guarantee", guarantee);
      s = s.withGuarantee(guarantee);
    }
    return s;
  }

  /** Starts the client; a state directory another instance holds is an error the user can fix. */
  private static void start(StreamsRunner runner, StreamsSettings settings) {
    try {
      runner.start();
    } catch (StreamsException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("state directory")) {
        throw new IllegalArgumentException(
            "the state directory "
                + settings.stateDir()
                + " is in use by another instance of "
                + settings.applicationId()
                + ": give each instance its own with --state-dir (or streams.state-dir)",
            e);
      }
      throw e;
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // SIGTERM: the hook is running and closes the client.
    }
  }

  /**
   * The catalog topics the topology reads or writes: they must exist before it starts (the internal
   * topics Kafka Streams creates itself).
   */
  static Set<String> catalogTopics(Topology topology) {
    Set<String> topics = new TreeSet<>();
    TopologyDescription description = topology.describe();
    for (TopologyDescription.Subtopology sub : description.subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
          topics.addAll(source.topicSet());
        } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
          topics.add(sink.topic());
        }
      }
    }
    for (TopologyDescription.GlobalStore store : description.globalStores()) {
      topics.addAll(store.source().topicSet());
    }
    topics.removeIf(t -> Topics.byName(t).isEmpty());
    return topics;
  }
}
