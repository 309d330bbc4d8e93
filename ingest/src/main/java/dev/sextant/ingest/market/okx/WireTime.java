package dev.sextant.ingest.market.okx;

import com.google.protobuf.Timestamp;
import dev.sextant.ingest.market.WireNumbers;

/** Turns OKX's millisecond times and receive nanos into record timestamps. */
final class WireTime {

  private WireTime() {}

  /** A record time from the venue's text of epoch milliseconds, read by {@code field}. */
  static Timestamp millis(String field, String text) {
    return ofMillis(WireNumbers.integer(field, text));
  }

  static Timestamp ofMillis(long millis) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(millis, 1000))
        .setNanos((int) Math.floorMod(millis, 1000) * 1_000_000)
        .build();
  }

  static Timestamp ofNanos(long epochNanos) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(epochNanos, 1_000_000_000L))
        .setNanos((int) Math.floorMod(epochNanos, 1_000_000_000L))
        .build();
  }
}
