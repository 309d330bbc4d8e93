package dev.sextant.streams.kstreams.app;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one topology as a {@link KafkaStreams} client with {@link StreamsSettings}: start, wait
 * until running, report the state for health, close.
 *
 * <p>The client is created by {@link #start()}, so a runner closed before it is started never
 * creates Kafka clients. A stream thread's uncaught exception follows {@link
 * ThreadReplacementPolicy}: transient errors replace the thread up to {@code maxThreadReplacements}
 * times, anything else shuts the client down (state {@code ERROR}).
 */
public final class StreamsRunner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

  /** Thread replacements before a client that keeps failing is shut down. */
  public static final int DEFAULT_MAX_THREAD_REPLACEMENTS = 3;

  private final Topology topology;
  private final Properties properties;
  private final ThreadReplacementPolicy policy;
  private final Object lock = new Object();
  private KafkaStreams streams;
  private KafkaStreams.State state = KafkaStreams.State.CREATED;
  private boolean closed;

  public StreamsRunner(Topology topology, StreamsSettings settings, int maxThreadReplacements) {
    this.topology = Objects.requireNonNull(topology, "topology");
    this.properties = Objects.requireNonNull(settings, "settings").toProperties();
    this.policy = new ThreadReplacementPolicy(maxThreadReplacements);
  }

  /** The derived streams with the default thread replacement budget. */
  public static StreamsRunner of(DerivedStreams derived, StreamsSettings settings) {
    return new StreamsRunner(derived.build(), settings, DEFAULT_MAX_THREAD_REPLACEMENTS);
  }

  /** A copy of the properties the client is (or will be) created with. */
  public Properties properties() {
    Properties copy = new Properties();
    copy.putAll(properties);
    return copy;
  }

  /**
   * Creates and starts the client. Processing begins once the group has assigned the tasks and the
   * stores are restored: see {@link #awaitRunning(Duration)}.
   *
   * @throws IllegalStateException when already started or closed
   */
  public void start() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      if (streams != null) {
        throw new IllegalStateException("already started");
      }
      streams = new KafkaStreams(topology, properties);
      streams.setStateListener(this::onChange);
      streams.setUncaughtExceptionHandler(policy);
      streams.start();
    }
  }

  private void onChange(KafkaStreams.State next, KafkaStreams.State previous) {
    LOG.info("streams state {} -> {}", previous, next);
    synchronized (lock) {
      state = next;
      lock.notifyAll();
    }
  }

  /**
   * Waits until the client is {@code RUNNING}.
   *
   * @return true when running, false when {@code timeout} passed first
   * @throws IllegalStateException when the client is not started, or stopped or failed (it will
   *     never run)
   */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (state != KafkaStreams.State.RUNNING) {
        if (streams == null || stopping(state)) {
          throw new IllegalStateException("streams will not run: " + state);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  private static boolean stopping(KafkaStreams.State s) {
    return s == KafkaStreams.State.PENDING_SHUTDOWN
        || s == KafkaStreams.State.NOT_RUNNING
        || s == KafkaStreams.State.PENDING_ERROR
        || s == KafkaStreams.State.ERROR;
  }

  /**
   * The client's state, for health: {@code CREATED} before start, {@code RUNNING} or {@code
   * REBALANCING} while healthy, {@code ERROR} after a fatal error, {@code NOT_RUNNING} after close.
   */
  public KafkaStreams.State state() {
    synchronized (lock) {
      return state;
    }
  }

  /**
   * The tasks this instance processes now (its share of the partitions), for health and for
   * checking how several instances split the work. Empty unless the client is {@code RUNNING} or
   * {@code REBALANCING}; during a rebalance, the tasks kept so far.
   */
  public Set<TaskId> activeTasks() {
    KafkaStreams current;
    synchronized (lock) {
      if (closed
          || streams == null
          || (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING)) {
        return Set.of();
      }
      current = streams;
    }
    return current.metadataForLocalThreads().stream()
        .flatMap(thread -> thread.activeTasks().stream())
        .map(TaskMetadata::taskId)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Thread replacements done so far (transient errors). */
  public int threadReplacements() {
    return policy.replaced();
  }

  /**
   * Closes the client, waiting at most {@code timeout} for its threads to commit and stop.
   * Idempotent; a runner closed before start cannot be started.
   *
   * @return true when the threads stopped within {@code timeout} (or nothing was running)
   */
  public boolean close(Duration timeout) {
    KafkaStreams toClose;
    synchronized (lock) {
      if (closed) {
        return true;
      }
      closed = true;
      toClose = streams;
      if (toClose == null) {
        state = KafkaStreams.State.NOT_RUNNING;
        return true;
      }
    }
    // Outside the lock: close() waits for threads whose state changes call the listener.
    boolean stopped = toClose.close(CloseOptions.timeout(timeout));
    LOG.info("streams closed (stopped in time: {})", stopped);
    return stopped;
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
