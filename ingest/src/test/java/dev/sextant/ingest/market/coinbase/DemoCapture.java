package dev.sextant.ingest.market.coinbase;

import dev.sextant.ingest.market.testkit.DemoCaptureFile;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed demo captures: lines {@code <epoch_nanos>\t<frame>}. A test regenerates each from
 * its simulator and checks the committed file is the same, or writes it when {@code
 * sextant.demo.write=true}.
 */
final class DemoCapture {

  /** The recorded time a demo capture starts at. */
  static final long START = nanos(Instant.parse("2026-03-05T14:00:00Z"));

  /** How much recorded time a demo capture spans. */
  static final long SPAN = 120_000_000_000L;

  record Line(long epochNanos, String frame) {}

  private final StringBuilder text = new StringBuilder();
  private final List<Line> lines = new ArrayList<>();
  private long last;

  /** Appends a frame at {@code epochNanos}, or just after the previous one when that is later. */
  void add(long epochNanos, String frame) {
    long at = Math.max(epochNanos, last + 1_000);
    last = at;
    lines.add(new Line(at, frame));
    text.append(at).append('\t').append(frame).append('\n');
  }

  List<Line> lines() {
    return lines;
  }

  /** Compares with the committed file (or writes it first, on request). */
  void checkCommitted(String protocol) throws IOException {
    DemoCaptureFile.assertCommitted(protocol + ".capture.gz", text.toString());
  }

  static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  static long count(List<Line> lines, String fragment) {
    return lines.stream().filter(l -> l.frame().contains(fragment)).count();
  }
}
