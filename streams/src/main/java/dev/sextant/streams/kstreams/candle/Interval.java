package dev.sextant.streams.kstreams.candle;

import java.time.Duration;

/** A candle width; the label is the suffix of the {@code indicators.v1} key. */
public enum Interval {
  S1("1s", Duration.ofSeconds(1)),
  M1("1m", Duration.ofMinutes(1)),
  M5("5m", Duration.ofMinutes(5)),
  H1("1h", Duration.ofHours(1));

  private final String label;
  private final long sizeMs;

  Interval(String label, Duration size) {
    this.label = label;
    this.sizeMs = size.toMillis();
  }

  public String label() {
    return label;
  }

  public long sizeMs() {
    return sizeMs;
  }

  /** Start of the epoch-aligned window holding {@code eventTimeMs}. */
  public long windowStart(long eventTimeMs) {
    return eventTimeMs - Math.floorMod(eventTimeMs, sizeMs);
  }

  /** The interval with this label. */
  public static Interval ofLabel(String label) {
    for (Interval i : values()) {
      if (i.label.equals(label)) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown interval " + label);
  }
}
