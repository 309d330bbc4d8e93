package dev.sextant.ingest.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Duration INITIAL = Duration.ofMillis(100);
  private static final Duration MAX = Duration.ofSeconds(10);

  /** Always the highest value allowed: the cap itself. */
  private static final RandomGenerator HIGHEST = new Fixed(true);

  /** Always zero: the lowest a full-jitter wait can be. */
  private static final RandomGenerator LOWEST = new Fixed(false);

  @Test
  void shouldDoubleTheCapPerFailureUpToTheMaximum() {
    Backoff backoff = new Backoff(INITIAL, MAX, HIGHEST);

    assertThat(backoff.capNanos(1)).isEqualTo(INITIAL.toNanos());
    assertThat(backoff.capNanos(2)).isEqualTo(INITIAL.toNanos() * 2);
    assertThat(backoff.capNanos(7)).isEqualTo(INITIAL.toNanos() * 64);
    assertThat(backoff.capNanos(8)).isEqualTo(MAX.toNanos());
    assertThat(backoff.capNanos(1_000)).isEqualTo(MAX.toNanos());
    assertThat(backoff.capNanos(Integer.MAX_VALUE)).isEqualTo(MAX.toNanos());
  }

  @Test
  void shouldKeepEveryWaitBetweenZeroAndTheCap() {
    Backoff highest = new Backoff(INITIAL, MAX, HIGHEST);
    Backoff lowest = new Backoff(INITIAL, MAX, LOWEST);
    Backoff seeded = new Backoff(INITIAL, MAX, new Random(42));

    for (int failures = 1; failures <= 40; failures++) {
      long cap = highest.capNanos(failures);
      assertThat(highest.delayNanos(failures, Optional.empty())).isEqualTo(cap);
      assertThat(lowest.delayNanos(failures, Optional.empty())).isZero();
      assertThat(seeded.delayNanos(failures, Optional.empty())).isBetween(0L, cap);
    }
  }

  @Test
  void shouldWaitAtLeastTheRetryAfterEvenPastTheMaximum() {
    Backoff lowest = new Backoff(INITIAL, MAX, LOWEST);
    Backoff highest = new Backoff(INITIAL, MAX, HIGHEST);

    assertThat(lowest.delayNanos(1, Optional.of(Duration.ofSeconds(3))))
        .isEqualTo(Duration.ofSeconds(3).toNanos());
    assertThat(lowest.delayNanos(1, Optional.of(Duration.ofMinutes(2))))
        .isEqualTo(Duration.ofMinutes(2).toNanos());
    // The jittered wait wins when it is the longer.
    assertThat(highest.delayNanos(20, Optional.of(Duration.ofSeconds(1)))).isEqualTo(MAX.toNanos());
  }

  @Test
  void shouldCapAnAbsurdRetryAfter() {
    Backoff lowest = new Backoff(INITIAL, MAX, LOWEST);

    assertThat(lowest.delayNanos(1, Optional.of(Duration.ofHours(6))))
        .isEqualTo(Backoff.MAX_RETRY_AFTER.toNanos());
    assertThat(lowest.delayNanos(1, Optional.of(Duration.ofSeconds(Long.MAX_VALUE))))
        .isEqualTo(Backoff.MAX_RETRY_AFTER.toNanos());
  }

  @Test
  void shouldRefuseBoundsThatCannotWork() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, MAX, LOWEST))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(MAX, INITIAL, LOWEST))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private record Fixed(boolean highest) implements RandomGenerator {
    @Override
    public long nextLong() {
      return 0;
    }

    @Override
    public long nextLong(long bound) {
      return highest ? bound - 1 : 0;
    }
  }
}
