package dev.sextant.ingest.market;

import com.google.protobuf.Timestamp;

/** Turns venues' epoch-millisecond times and frames' receive nanos into record timestamps. */
public final class WireTime {

  private WireTime() {}

  /**
   * A record time from the venue's text of epoch milliseconds, read by {@code field}.
   *
   * @throws FrameException when the text is not an integer
   */
  public static Timestamp millis(String field, String text) {
    return ofMillis(WireNumbers.integer(field, text));
  }

  /** A record time from epoch milliseconds (before 1970 too). */
  public static Timestamp ofMillis(long millis) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(millis, 1000))
        .setNanos((int) Math.floorMod(millis, 1000) * 1_000_000)
        .build();
  }

  /** A record time from epoch nanoseconds, such as a frame's receive time. */
  public static Timestamp ofNanos(long epochNanos) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(epochNanos, 1_000_000_000L))
        .setNanos((int) Math.floorMod(epochNanos, 1_000_000_000L))
        .build();
  }
}
