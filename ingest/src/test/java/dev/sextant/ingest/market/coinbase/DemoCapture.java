package dev.sextant.ingest.market.coinbase;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

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
    Path file =
        Path.of("src/main/resources/dev/sextant/ingest/market/demo", protocol + ".capture.gz");
    byte[] expected = text.toString().getBytes(StandardCharsets.UTF_8);
    if (Boolean.getBoolean("sextant.demo.write")) {
      Files.createDirectories(file.getParent());
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
        out.write(expected);
      }
    }
    assertThat(file).as("demo capture; write it with -Dsextant.demo.write=true").exists();
    byte[] committed;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      committed = in.readAllBytes();
    }
    assertThat(committed).as(file + " is stale: regenerate it").isEqualTo(expected);
  }

  static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  static long count(List<Line> lines, String fragment) {
    return lines.stream().filter(l -> l.frame().contains(fragment)).count();
  }
}
