package dev.sextant.ingest.replay;

import java.util.OptionalLong;

/**
 * Computes how long to wait before emitting each frame so a replay keeps the recorded pace, scaled
 * by a speed factor; 0 means as fast as possible.
 */
final class Pacer {

  private final double speed;
  private boolean anchored;
  private long firstRecordedNanos;
  private long firstWallNanos;

  Pacer(double speed) {
    if (!(speed >= 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be a finite number >= 0, was " + speed);
    }
    this.speed = speed;
  }

  /**
   * Nanoseconds to wait before emitting a frame recorded at {@code recordedEpochNanos}.
   *
   * @param nowNanos the current {@link System#nanoTime()}
   */
  long delayNanos(OptionalLong recordedEpochNanos, long nowNanos) {
    if (speed == 0 || recordedEpochNanos.isEmpty()) {
      return 0;
    }
    long recorded = recordedEpochNanos.getAsLong();
    if (!anchored) {
      // The first timed frame goes out at once; later ones keep their distance from it.
      anchored = true;
      firstRecordedNanos = recorded;
      firstWallNanos = nowNanos;
      return 0;
    }
    long sinceFirst = recorded - firstRecordedNanos;
    if (sinceFirst <= 0) {
      return 0; // recorded out of order: never wait for the past
    }
    long due = firstWallNanos + (long) (sinceFirst / speed);
    return Math.max(0, due - nowNanos);
  }
}
