package dev.sextant.ingest.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

  @Test
  void shouldDrawEachWaitBelowADoublingCap() {
    RetryBackoff backoff =
        new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), new Random(7));

    for (long cap : new long[] {100, 200, 400, 800, 1000, 1000, 1000}) {
      assertThat(backoff.nextNanos(Optional.empty()))
          .isBetween(0L, Duration.ofMillis(cap).toNanos());
    }
  }

  @Test
  void shouldWaitAtLeastAsLongAsTheNodeAsked() {
    RetryBackoff backoff =
        new RetryBackoff(Duration.ofMillis(1), Duration.ofMillis(2), new Random(7));

    assertThat(backoff.nextNanos(Optional.of(Duration.ofSeconds(3))))
        .isEqualTo(Duration.ofSeconds(3).toNanos());
  }

  @Test
  void shouldCapARetryAfterOfCenturiesInsteadOfFailing() {
    RetryBackoff backoff =
        new RetryBackoff(Duration.ofMillis(1), Duration.ofMillis(2), new Random(7));

    assertThat(backoff.nextNanos(Optional.of(Duration.ofSeconds(9_999_999_999L))))
        .isEqualTo(Duration.ofMinutes(5).toNanos());
  }

  @Test
  void shouldStartOverAfterReset() {
    RetryBackoff backoff =
        new RetryBackoff(Duration.ofMillis(10), Duration.ofSeconds(10), new Random(7));
    for (int i = 0; i < 20; i++) {
      backoff.nextNanos(Optional.empty());
    }

    backoff.reset();

    assertThat(backoff.nextNanos(Optional.empty()))
        .isLessThanOrEqualTo(Duration.ofMillis(10).toNanos());
  }
}
