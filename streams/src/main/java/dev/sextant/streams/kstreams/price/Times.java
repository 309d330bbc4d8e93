package dev.sextant.streams.kstreams.price;

import com.google.protobuf.Timestamp;

/** Epoch milliseconds to and from Protobuf timestamps. */
final class Times {

  private Times() {}

  static long toMillis(Timestamp t) {
    return Math.addExact(Math.multiplyExact(t.getSeconds(), 1000L), t.getNanos() / 1_000_000);
  }

  static Timestamp fromMillis(long ms) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(ms, 1000L))
        .setNanos((int) Math.floorMod(ms, 1000L) * 1_000_000)
        .build();
  }
}
