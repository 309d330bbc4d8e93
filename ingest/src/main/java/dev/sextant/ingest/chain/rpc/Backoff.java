package dev.sextant.ingest.chain.rpc;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Waits between attempts: exponential from the initial delay, doubling per attempt up to the cap,
 * with full jitter (each wait uniform in {@code [0, cap]}) so clients refused together do not
 * return together; never shorter than a {@code Retry-After} the server gave, even past the cap, up
 * to {@link #MAX_RETRY_AFTER}.
 */
public final class Backoff {

  /**
   * The longest {@code Retry-After} honoured: a server asking for hours (or garbage parsed as
   * years) would otherwise park the chain out of sight; past this the wait is capped and retried.
   */
  public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

  private final long initialNanos;
  private final long maxNanos;
  private final RandomGenerator random;

  public Backoff(Duration initial, Duration max, RandomGenerator random) {
    if (!initial.isPositive() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < initial <= max, got " + initial + " and " + max);
    }
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.random = random;
  }

  /** The cap of the wait after the {@code failures}-th failure in a row (from 1). */
  public long capNanos(int failures) {
    int doublings = Math.max(0, failures - 1);
    // Past 62 doublings any positive delay has long passed the cap: stop shifting.
    if (doublings >= 62 || initialNanos > (maxNanos >> doublings)) {
      return maxNanos;
    }
    return Math.min(maxNanos, initialNanos << doublings);
  }

  /** The wait after the {@code failures}-th failure in a row, at least {@code retryAfter}. */
  public long delayNanos(int failures, Optional<Duration> retryAfter) {
    long jittered = random.nextLong(capNanos(failures) + 1);
    long floor = retryAfter.map(Backoff::cappedNanos).orElse(0L);
    return Math.max(jittered, floor);
  }

  private static long cappedNanos(Duration retryAfter) {
    return retryAfter.compareTo(MAX_RETRY_AFTER) > 0
        ? MAX_RETRY_AFTER.toNanos()
        : Math.max(0, retryAfter.toNanos());
  }
}
