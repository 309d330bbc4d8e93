package dev.sextant.ingest.retry;

import dev.sextant.ingest.chain.rpc.Backoff;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Waits between retries of a failed step: the RPC layer's {@link Backoff} (doubling, full jitter,
 * {@code Retry-After} as a capped floor), counting the failures in a row. Shared by the sources
 * that retry their own steps (the chain tailer, the news poller). Not thread-safe: one source
 * thread owns it.
 */
public final class RetryBackoff {

  private final Backoff backoff;
  private int failures;

  public RetryBackoff(Duration initial, Duration max, RandomGenerator random) {
    this.backoff = new Backoff(initial, max, random);
  }

  /** The wait before the next try; {@code asked} (a {@code Retry-After}) is a floor. */
  public long nextNanos(Optional<Duration> asked) {
    if (failures < Integer.MAX_VALUE) {
      failures++;
    }
    return backoff.delayNanos(failures, asked);
  }

  /** A step succeeded: the next failure starts from the initial delay again. */
  public void reset() {
    failures = 0;
  }
}
