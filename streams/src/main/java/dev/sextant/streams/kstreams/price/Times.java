package dev.sextant.streams.kstreams.price;

import com.google.protobuf.Timestamp;

/** Epoch milliseconds to and from Protobuf timestamps. */
final class Times {

  /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the range Protobuf defines for Timestamp. */
  static final long MIN_SECONDS = -62_135_596_800L;

  static final long MAX_SECONDS = 253_402_300_799L;

  private Times() {}

  /**
   * Whether {@code t} is inside Protobuf's Timestamp range with nanos in [0, 1e9). A producer can
   * send any seconds; outside this range the milliseconds could overflow a long.
   */
  static boolean isValid(Timestamp t) {
    return t.getSeconds() >= MIN_SECONDS
        && t.getSeconds() <= MAX_SECONDS
        && t.getNanos() >= 0
        && t.getNanos() < 1_000_000_000;
  }

  /** Milliseconds of a timestamp that {@link #isValid}; callers check first. */
  static long toMillis(Timestamp t) {
    if (!isValid(t)) {
      throw new IllegalArgumentException("timestamp out of range: " + t);
    }
    return t.getSeconds() * 1000L + t.getNanos() / 1_000_000;
  }

  static Timestamp fromMillis(long ms) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(ms, 1000L))
        .setNanos((int) Math.floorMod(ms, 1000L) * 1_000_000)
        .build();
  }
}
