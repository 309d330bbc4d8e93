package dev.sextant.streams.kstreams.app;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
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
  private final List<KafkaStreams.StateListener> listeners = new CopyOnWriteArrayList<>();

  public StreamsRunner(Topology topology, StreamsSettings settings, int maxThreadReplacements) {
    this.topology = Objects.requireNonNull(topology, "topology");
    this.properties = Objects.requireNonNull(settings, "settings").toProperties();
    this.policy = new ThreadReplacementPolicy(maxThreadReplacements);
  }

  /**
   * The derived streams with the default thread replacement budget; undecodable input is counted in
   * the derived streams' meter registry.
   */
  public static StreamsRunner of(DerivedStreams derived, StreamsSettings settings) {
    StreamsRunner runner =
        new StreamsRunner(derived.build(), settings, DEFAULT_MAX_THREAD_REPLACEMENTS);
    runner.properties.put(UndecodableRecords.METERS_CONFIG, derived.meters());
    return runner;
  }

  /** A copy of the properties the client is (or will be) created with. */
  public Properties properties() {
    Properties copy = new Properties();
    copy.putAll(properties);
    return copy;
  }

  /**
   * Adds a listener told of every state change after the runner's own bookkeeping (to print or
   * export the state); called on Kafka Streams' threads, so it must be quick.
   */
  public void onStateChange(KafkaStreams.StateListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
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
    for (KafkaStreams.StateListener listener : listeners) {
      try {
        listener.onChange(next, previous);
      } catch (RuntimeException e) {
        LOG.warn("a streams state listener failed: {}", e.toString());
      }
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
   * The latest uncaught exception of a stream thread (replaced or not), for health: why a client in
   * {@code ERROR} stopped.
   */
  public Optional<Throwable> lastError() {
    return policy.lastError();
  }

  /**
   * The Kafka Streams client once started, to bind its metrics; empty before {@link #start()}. Its
   * lifecycle stays the runner's: do not start or close it.
   */
  public Optional<KafkaStreams> client() {
    synchronized (lock) {
      return Optional.ofNullable(streams);
    }
  }

  /**
   * Closes the client, waiting at most {@code timeout} for its threads to commit and stop, and
   * leaves the consumer group so that its tasks move at once. Idempotent; a runner closed before
   * start cannot be started.
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
    // Leaving the group hands the tasks over at once: Kafka Streams otherwise stays a member
    // until the session times out (45 s), and an instance restarted meanwhile (or the others)
    // waits that long in REBALANCING for its former self.
    boolean stopped =
        toClose.close(
            CloseOptions.timeout(timeout)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    LOG.info("streams closed (stopped in time: {})", stopped);
    return stopped;
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
