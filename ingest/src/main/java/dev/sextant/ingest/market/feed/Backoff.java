package dev.sextant.ingest.market.feed;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential from an initial delay, doubling up to a cap, with full jitter (each
 * delay uniform in {@code [0, cap]}), so many feeds dropped together do not reconnect in step.
 */
final class Backoff {

  private final long initialNanos;
  private final long maxNanos;
  private final RandomGenerator random;
  private int attempts;

  Backoff(Duration initial, Duration max, RandomGenerator random) {
    if (!initial.isPositive() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff must be > 0 and max >= initial");
    }
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.random = random;
  }

  /**
   * The cap of the next delay: the initial delay doubled once per delay handed out, at most max.
   */
  long capNanos() {
    // Past 62 doublings any positive initial delay has long passed max: stop shifting.
    if (attempts >= 62 || initialNanos > (maxNanos >> attempts)) {
      return maxNanos;
    }
    return Math.min(maxNanos, initialNanos << attempts);
  }

  /** The next delay, uniform in {@code [0, cap]}; the cap then doubles. */
  long nextNanos() {
    long cap = capNanos();
    if (attempts < 62) {
      attempts++;
    }
    return random.nextLong(cap + 1);
  }

  /**
   * The delay after a connection that stayed up for {@code uptimeNanos} (zero when it never
   * opened): a connection that held for the longest delay was healthy, so the sequence starts over.
   */
  long afterUptime(long uptimeNanos) {
    if (uptimeNanos >= maxNanos) {
      reset();
    }
    return nextNanos();
  }

  /** Starts the sequence over at the initial delay. */
  void reset() {
    attempts = 0;
  }
}
