package dev.sextant.ingest.chain.tail;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Waits between retries of a failed step: doubling from an initial delay up to a cap, with full
 * jitter (each wait uniform in {@code [0, cap]}), and at least as long as the node asked.
 */
final class RetryBackoff {

  private final long initialNanos;
  private final long maxNanos;
  private final RandomGenerator random;
  private int failures;

  RetryBackoff(Duration initial, Duration max, RandomGenerator random) {
    if (!initial.isPositive() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff must be > 0 and max >= initial");
    }
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.random = random;
  }

  /** The wait before the next try; {@code asked} (a {@code Retry-After}) is a floor. */
  long nextNanos(Optional<Duration> asked) {
    long cap =
        failures >= 62 || initialNanos > (maxNanos >> failures)
            ? maxNanos
            : Math.min(maxNanos, initialNanos << failures);
    if (failures < 62) {
      failures++;
    }
    long jittered = random.nextLong(cap + 1);
    return Math.max(jittered, asked.map(Duration::toNanos).orElse(0L));
  }

  /** A step succeeded: the next failure starts from the initial delay again. */
  void reset() {
    failures = 0;
  }
}
