package dev.sextant.deploy.node;

import dev.sextant.deploy.config.SextantConfig;
import dev.sextant.deploy.config.StreamsSettingsMapper;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.streams.kstreams.app.DerivedStreams;
import dev.sextant.streams.kstreams.app.StreamsRunner;
import dev.sextant.streams.kstreams.app.StreamsSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's derived streams (candles, prices, news scores): one Kafka Streams client, started
 * after the topics exist. Start waits a bounded time for the client to run, since a rebalance or a
 * store restore can take long and the query side must not wait on it; health reports a client that
 * failed or stopped by itself.
 */
final class StreamsPart implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamsPart.class);

  /** How long start waits for the client to run before it logs and returns. */
  static final Duration START_WAIT = Duration.ofSeconds(30);

  /** How long close waits for the stream threads to commit and stop. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  /** The client as the part runs it: a {@link StreamsRunner} in production. */
  interface Client {
    void start();

    boolean awaitRunning(Duration timeout) throws InterruptedException;

    State state();

    int threadReplacements();

    Optional<Throwable> lastError();

    boolean close(Duration timeout);
  }

  private final Client client;
  private final Duration startWait;
  private final Duration closeTimeout;
  private volatile boolean started;
  private volatile boolean closing;

  StreamsPart(Client client, Duration startWait, Duration closeTimeout) {
    this.client = client;
    this.startWait = startWait;
    this.closeTimeout = closeTimeout;
  }

  /**
   * The derived streams of {@code config} against {@code bootstrap}, their metrics (the topologies'
   * and Kafka Streams' own) in {@code meters}.
   *
   * @throws IllegalArgumentException naming the key when a {@code streams} value is wrong
   */
  static StreamsPart kafka(
      SextantConfig config, String bootstrap, Registry registry, MeterRegistry meters) {
    StreamsSettings settings =
        StreamsSettingsMapper.settings(config.streams(), bootstrap, config.dataDir());
    DerivedStreams derived =
        new DerivedStreams(StreamsSettingsMapper.derived(config.streams()), registry, meters);
    log.info(
        "streams: application '{}', {}, commit every {} ms, state in {}",
        settings.applicationId(),
        settings.guarantee(),
        settings.commitInterval().toMillis(),
        settings.stateDir());
    return new StreamsPart(
        new RunnerClient(StreamsRunner.of(derived, settings), meters), START_WAIT, CLOSE_TIMEOUT);
  }

  /**
   * Starts the client: it joins the group and restores its stores in the background ({@link
   * #awaitRunning()}).
   *
   * @throws org.apache.kafka.streams.errors.StreamsException when it cannot be created (its state
   *     directory locked by another instance)
   */
  void start() {
    client.start();
    started = true;
  }

  /**
   * Waits at most the start wait for the client to run; a client still rebalancing or restoring
   * then keeps going in the background (health shows its state), and one that stopped is left to
   * health too: the node keeps serving what it has.
   */
  void awaitRunning() throws InterruptedException {
    boolean running;
    try {
      running = client.awaitRunning(startWait);
    } catch (IllegalStateException e) {
      log.error("streams: stopped while starting ({}); /health shows why", client.state());
      return;
    }
    if (running) {
      log.info("streams: running");
    } else {
      log.warn(
          "streams: not running after {} s ({}): still joining the group or restoring stores;"
              + " carrying on, /health shows its state",
          startWait.toSeconds(),
          client.state());
    }
  }

  /**
   * What keeps the derived streams from delivering: the client failed ({@code ERROR}, {@code
   * PENDING_ERROR}) or stopped without being closed ({@code NOT_RUNNING}, {@code
   * PENDING_SHUTDOWN}), with the reason; empty otherwise.
   */
  List<String> problems() {
    if (!started || closing) {
      return List.of();
    }
    State state = client.state();
    boolean failed = state == State.ERROR || state == State.PENDING_ERROR;
    boolean stopped = state == State.NOT_RUNNING || state == State.PENDING_SHUTDOWN;
    if (!failed && !stopped) {
      return List.of();
    }
    String reason =
        client
            .lastError()
            .map(StreamsPart::describe)
            .orElse(failed ? "the client failed" : "the client stopped");
    return List.of(
        "streams: "
            + state
            + ": "
            + reason
            + "; no candles, prices or news scores are computed until the node restarts");
  }

  /** One line: the client's state and the stream threads replaced after transient errors. */
  List<String> statusLines() {
    StringBuilder line =
        new StringBuilder("streams: ")
            .append(started ? client.state() : "not started")
            .append(", ")
            .append(client.threadReplacements())
            .append(" thread replacements");
    client.lastError().ifPresent(e -> line.append(", last error: ").append(describe(e)));
    return List.of(line.toString());
  }

  /** The exception and its root cause, on one line. */
  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? e.toString() : e + " (cause: " + root + ")";
  }

  /** Closes the client, waiting at most the close timeout for its threads to commit and stop. */
  @Override
  public void close() {
    closing = true;
    if (!client.close(closeTimeout)) {
      log.warn("streams: threads still running after {} s; left to exit", closeTimeout.toSeconds());
    }
  }

  /** A {@link StreamsRunner} with Kafka Streams' metrics bound to the node's registry. */
  private static final class RunnerClient implements Client {
    private final StreamsRunner runner;
    private final MeterRegistry meters;
    private KafkaStreamsMetrics metrics;

    RunnerClient(StreamsRunner runner, MeterRegistry meters) {
      this.runner = runner;
      this.meters = meters;
    }

    @Override
    public void start() {
      runner.start();
      KafkaStreams streams = runner.client().orElseThrow();
      metrics = new KafkaStreamsMetrics(streams);
      metrics.bindTo(meters);
    }

    @Override
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
      return runner.awaitRunning(timeout);
    }

    @Override
    public State state() {
      return runner.state();
    }

    @Override
    public int threadReplacements() {
      return runner.threadReplacements();
    }

    @Override
    public Optional<Throwable> lastError() {
      return runner.lastError();
    }

    @Override
    public boolean close(Duration timeout) {
      try {
        return runner.close(timeout);
      } finally {
        if (metrics != null) {
          metrics.close();
        }
      }
    }
  }
}
