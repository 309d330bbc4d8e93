package dev.sextant.ingest.market.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final long MS = 1_000_000L;

  private static Backoff backoff(long initialMs, long maxMs) {
    return new Backoff(
        Duration.ofMillis(initialMs), Duration.ofMillis(maxMs), new java.util.SplittableRandom(42));
  }

  @Test
  void shouldDoubleTheCapUpToTheMax() {
    Backoff backoff = backoff(100, 1000);
    List<Long> caps = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      caps.add(backoff.capNanos() / MS);
      backoff.nextNanos();
    }
    assertThat(caps).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L);
  }

  @Test
  void shouldDrawEveryDelayWithinZeroAndTheCap() {
    Backoff backoff = backoff(100, 5000);
    for (int i = 0; i < 10_000; i++) {
      long cap = backoff.capNanos();
      assertThat(backoff.nextNanos()).isBetween(0L, cap);
      if (i % 10 == 9) {
        backoff.reset();
      }
    }
  }

  @Test
  void shouldSpreadDelaysOverTheWholeRange() {
    Backoff backoff = backoff(1000, 1000);
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 2000; i++) {
      long delay = backoff.nextNanos();
      min = Math.min(min, delay);
      max = Math.max(max, delay);
    }
    // Full jitter: draws reach near zero and near the cap, not a band around it.
    assertThat(min).isLessThan(50 * MS);
    assertThat(max).isGreaterThan(950 * MS);
  }

  @Test
  void shouldUseTheExtremesOfTheGenerator() {
    Backoff low = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), fixed(false));
    Backoff high = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), fixed(true));
    assertThat(low.nextNanos()).isZero();
    assertThat(high.nextNanos()).isEqualTo(100 * MS);
    assertThat(high.nextNanos()).isEqualTo(200 * MS);
  }

  @Test
  void shouldStartOverAfterAConnectionHeldForTheMax() {
    Backoff backoff = backoff(100, 1000);
    for (int i = 0; i < 5; i++) {
      backoff.afterUptime(0);
    }
    assertThat(backoff.capNanos()).isEqualTo(1000 * MS);

    backoff.afterUptime(999 * MS);
    assertThat(backoff.capNanos()).isEqualTo(1000 * MS);

    long delay = backoff.afterUptime(1000 * MS);
    assertThat(delay).isBetween(0L, 100 * MS);
    assertThat(backoff.capNanos()).isEqualTo(200 * MS);
  }

  @Test
  void shouldNotOverflowAfterManyAttempts() {
    Backoff backoff =
        new Backoff(Duration.ofNanos(1), Duration.ofDays(365), new java.util.SplittableRandom(1));
    for (int i = 0; i < 200; i++) {
      long cap = backoff.capNanos();
      assertThat(cap).isPositive().isLessThanOrEqualTo(Duration.ofDays(365).toNanos());
      assertThat(backoff.nextNanos()).isBetween(0L, cap);
    }
    assertThat(backoff.capNanos()).isEqualTo(Duration.ofDays(365).toNanos());
  }

  @Test
  void shouldRejectAMaxBelowTheInitialDelay() {
    assertThatThrownBy(() -> backoff(100, 50)).isInstanceOf(IllegalArgumentException.class);
  }

  /** A generator that always draws the lowest or the highest value of a bound. */
  private static RandomGenerator fixed(boolean highest) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public long nextLong(long bound) {
        return highest ? bound - 1 : 0;
      }
    };
  }
}
