package dev.sextant.streams.kstreams.app;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stream thread's uncaught exception does to the client.
 *
 * <p>A transient error (one whose cause chain holds a Kafka {@link RetriableException}: a broker
 * away, a request timed out) replaces the thread, at most {@code maxReplacements} times over the
 * client's life: the replacement rejoins the group and resumes from the last commit, and under
 * exactly-once the failed thread's open transaction is aborted. Any other error (a bug, a record
 * the topology cannot handle, a fatal Kafka error), or a transient one past the budget, shuts the
 * client down: replacing a thread that fails the same way again would loop, and a stopped client is
 * visible in health where a looping one is not. The budget is not reset, because errors that keep
 * coming back over hours are not transient either.
 */
final class ThreadReplacementPolicy implements StreamsUncaughtExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ThreadReplacementPolicy.class);

  private final int maxReplacements;
  private final AtomicInteger replaced = new AtomicInteger();
  private volatile Throwable last;

  ThreadReplacementPolicy(int maxReplacements) {
    if (maxReplacements < 0) {
      throw new IllegalArgumentException("maxReplacements must be >= 0");
    }
    this.maxReplacements = maxReplacements;
  }

  @Override
  public StreamThreadExceptionResponse handle(Throwable exception) {
    last = exception;
    if (transient_(exception)) {
      int n = replaced.incrementAndGet();
      if (n <= maxReplacements) {
        LOG.warn(
            "stream thread failed on a transient error, replacing it ({} of {})",
            n,
            maxReplacements,
            exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
      }
      LOG.error(
          "stream thread failed on a transient error after {} replacements, shutting down",
          maxReplacements,
          exception);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    LOG.error("stream thread failed, shutting down", exception);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  /** Threads replaced so far. */
  int replaced() {
    return Math.min(replaced.get(), maxReplacements);
  }

  /** The latest uncaught exception of a stream thread, if any: the reason of a failed client. */
  Optional<Throwable> lastError() {
    return Optional.ofNullable(last);
  }

  static boolean transient_(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof RetriableException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
