package dev.sextant.ingest.market;

import com.google.protobuf.Timestamp;
import dev.sextant.ingest.deadletter.ErrorKind;

/** Turns venues' epoch-millisecond times and frames' receive nanos into record timestamps. */
public final class WireTime {

  /** 0001-01-01T00:00:00Z, the earliest second a protobuf Timestamp may hold. */
  public static final long MIN_SECONDS = -62_135_596_800L;

  /** 9999-12-31T23:59:59Z, the latest second a protobuf Timestamp may hold. */
  public static final long MAX_SECONDS = 253_402_300_799L;

  private WireTime() {}

  /**
   * A record time from the venue's text of epoch milliseconds, read by {@code field}.
   *
   * @throws FrameException when the text is not an integer, or not a time in the years 1 to 9999
   */
  public static Timestamp millis(String field, String text) {
    long millis = WireNumbers.integer(field, text);
    long seconds = Math.floorDiv(millis, 1000);
    if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
      throw outOfRange("field \"" + field + "\" (" + millis + " ms)");
    }
    return ofMillis(millis);
  }

  /**
   * A record time from epoch milliseconds (before 1970 too).
   *
   * @throws FrameException when it is not in the years 1 to 9999, which a protobuf Timestamp (and
   *     its JSON form) cannot hold
   */
  public static Timestamp ofMillis(long millis) {
    long seconds = Math.floorDiv(millis, 1000);
    if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
      throw outOfRange(millis + " ms since the epoch");
    }
    return Timestamp.newBuilder()
        .setSeconds(seconds)
        .setNanos((int) Math.floorMod(millis, 1000) * 1_000_000)
        .build();
  }

  /**
   * A record time from epoch nanoseconds, such as a frame's receive time. Every long is in range
   * (the years 1677 to 2262).
   */
  public static Timestamp ofNanos(long epochNanos) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(epochNanos, 1_000_000_000L))
        .setNanos((int) Math.floorMod(epochNanos, 1_000_000_000L))
        .build();
  }

  /**
   * {@code time} if a protobuf Timestamp may hold it.
   *
   * @param what names the time in the error, such as {@code field "time"}
   * @throws FrameException when it is not in the years 1 to 9999
   */
  public static Timestamp checked(String what, Timestamp time) {
    if (time.getSeconds() < MIN_SECONDS || time.getSeconds() > MAX_SECONDS) {
      throw outOfRange(what);
    }
    return time;
  }

  private static FrameException outOfRange(String what) {
    return new FrameException(ErrorKind.BAD_TIME, what + " is not a time in the years 1 to 9999");
  }
}
