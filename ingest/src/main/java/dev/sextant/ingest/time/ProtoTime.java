package dev.sextant.ingest.time;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Converts between {@link Instant} and the wire {@link Timestamp}, keeping every nanosecond. */
public final class ProtoTime {

  private ProtoTime() {}

  /** The wire form of {@code instant}. */
  public static Timestamp of(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  /** The instant of {@code timestamp}. */
  public static Instant toInstant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
