package dev.sextant.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PacerTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void shouldNeverWaitAtSpeedZero() {
    Pacer pacer = new Pacer(0);

    assertThat(pacer.delayNanos(OptionalLong.of(0), 0)).isZero();
    assertThat(pacer.delayNanos(OptionalLong.of(100 * SECOND), 0)).isZero();
  }

  @Test
  void shouldKeepRecordedPaceAtSpeedOne() {
    Pacer pacer = new Pacer(1.0);

    assertThat(pacer.delayNanos(OptionalLong.of(50 * SECOND), 1_000)).isZero();
    // Recorded 2 s after the first frame, now 0.5 s after it was emitted: wait 1.5 s.
    assertThat(pacer.delayNanos(OptionalLong.of(52 * SECOND), 1_000 + SECOND / 2))
        .isEqualTo(3 * SECOND / 2);
  }

  @Test
  void shouldScaleWaitsBySpeed() {
    Pacer pacer = new Pacer(10);
    pacer.delayNanos(OptionalLong.of(0), 0);

    assertThat(pacer.delayNanos(OptionalLong.of(10 * SECOND), 0)).isEqualTo(SECOND);
  }

  @Test
  void shouldNotWaitWhenBehindOrOutOfOrderOrUntimed() {
    Pacer pacer = new Pacer(1);
    pacer.delayNanos(OptionalLong.of(10 * SECOND), 0);

    assertThat(pacer.delayNanos(OptionalLong.of(11 * SECOND), 5 * SECOND)).isZero();
    assertThat(pacer.delayNanos(OptionalLong.of(9 * SECOND), 0)).isZero();
    assertThat(pacer.delayNanos(OptionalLong.empty(), 0)).isZero();
  }

  @Test
  void shouldRejectNegativeOrNanSpeed() {
    assertThatThrownBy(() -> new Pacer(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Pacer(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
