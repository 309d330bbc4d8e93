package dev.sextant.ingest.chain.rpc;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Waits between attempts: exponential from the initial delay, doubling per attempt up to the cap,
 * with full jitter (each wait uniform in {@code [0, cap]}) so clients refused together do not
 * return together; never shorter than a {@code Retry-After} the server gave, even past the cap.
 */
final class Backoff {

  private final long initialNanos;
  private final long maxNanos;
  private final RandomGenerator random;

  Backoff(Duration initial, Duration max, RandomGenerator random) {
    if (!initial.isPositive() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < initial <= max, got " + initial + " and " + max);
    }
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.random = random;
  }

  /** The cap of the wait after the {@code failures}-th failure in a row (from 1). */
  long capNanos(int failures) {
    int doublings = Math.max(0, failures - 1);
    // Past 62 doublings any positive delay has long passed the cap: stop shifting.
    if (doublings >= 62 || initialNanos > (maxNanos >> doublings)) {
      return maxNanos;
    }
    return Math.min(maxNanos, initialNanos << doublings);
  }

  /** The wait after the {@code failures}-th failure in a row, at least {@code retryAfter}. */
  long delayNanos(int failures, Optional<Duration> retryAfter) {
    long jittered = random.nextLong(capNanos(failures) + 1);
    long floor = retryAfter.map(Backoff::saturatedNanos).orElse(0L);
    return Math.max(jittered, floor);
  }

  private static long saturatedNanos(Duration duration) {
    return duration.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0
        ? Long.MAX_VALUE
        : duration.toNanos();
  }
}
