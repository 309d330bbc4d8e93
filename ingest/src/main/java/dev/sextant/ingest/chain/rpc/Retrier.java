package dev.sextant.ingest.chain.rpc;

import io.micrometer.core.instrument.Timer;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one call's attempts: counts each failure by kind, waits with {@link Backoff} after a
 * retryable one, and lets the last failure (or the first that is not retryable) reach the caller.
 */
final class Retrier {

  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  /** How the retrier waits; a test records the waits instead. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  static final Sleeper REAL_SLEEP = nanos -> TimeUnit.NANOSECONDS.sleep(nanos);

  private final String chain;
  private final int maxAttempts;
  private final Backoff backoff;
  private final RpcMetrics metrics;
  private final Sleeper sleeper;

  Retrier(String chain, int maxAttempts, Backoff backoff, RpcMetrics metrics, Sleeper sleeper) {
    this.chain = chain;
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.metrics = metrics;
    this.sleeper = sleeper;
  }

  /**
   * The answer of {@code attempt}, tried up to the configured attempts.
   *
   * @throws RpcException the failure that ended the tries
   * @throws CancellationException the thread was interrupted (its flag is set again)
   */
  <T> T call(String method, Supplier<T> attempt) {
    Timer timer = metrics.timer(method);
    int failures = 0;
    while (true) {
      long start = System.nanoTime();
      RpcException failure;
      try {
        T answer = attempt.get();
        timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return answer;
      } catch (RpcException e) {
        timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        failure = e;
      }
      metrics.error(failure.kind());
      failures++;
      if (!failure.retryable() || failures >= maxAttempts) {
        throw failure;
      }
      metrics.retry();
      long wait = backoff.delayNanos(failures, failure.retryAfter());
      LOG.debug(
          "{}: {} failed ({}), attempt {} of {} in {} ms",
          chain,
          method,
          failure.getMessage(),
          failures + 1,
          maxAttempts,
          TimeUnit.NANOSECONDS.toMillis(wait));
      pause(method, wait);
    }
  }

  private void pause(String method, long nanos) {
    try {
      sleeper.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CancellationException cancelled =
          new CancellationException(method + " interrupted while waiting to retry");
      cancelled.initCause(e);
      throw cancelled;
    }
  }
}
