package dev.sextant.ingest.market.kraken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.market.ProtocolSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Builds, checks and replays the demo captures ({@code <epoch_nanos>\t<frame>} lines). */
final class DemoCaptures {

  static final String FOLDER = "dev/sextant/ingest/market/demo/";

  /** About two minutes of recorded time. */
  static final long DURATION_NANOS = 120_000_000_000L;

  private DemoCaptures() {}

  /**
   * Records what a simulator sends a client that subscribes with {@code subscribe}: the answers,
   * then frames until two minutes have passed.
   */
  static String record(
      List<String> opening,
      List<String> subscribe,
      Function<String, List<String>> answer,
      Supplier<String> next,
      LongSupplier now) {
    StringBuilder text = new StringBuilder();
    long start = now.getAsLong();
    for (String frame : opening) {
      line(text, now.getAsLong(), frame);
    }
    for (String frame : subscribe) {
      for (String reply : answer.apply(frame)) {
        line(text, now.getAsLong(), reply);
      }
    }
    while (now.getAsLong() - start < DURATION_NANOS) {
      String frame = next.get();
      line(text, now.getAsLong(), frame);
    }
    return text.toString();
  }

  private static void line(StringBuilder text, long nanos, String frame) {
    text.append(nanos).append('\t').append(frame).append('\n');
  }

  /**
   * Asserts the committed capture equals {@code expected}; with {@code -Dsextant.demo.write=true},
   * writes it first.
   */
  static void assertCommitted(String name, String expected) throws IOException {
    if (Boolean.getBoolean("sextant.demo.write")) {
      Path file = Path.of("src", "main", "resources").resolve(FOLDER + name);
      Files.createDirectories(file.getParent());
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
        out.write(expected.getBytes(StandardCharsets.UTF_8));
      }
    }
    assertThat(read(name)).isEqualTo(expected);
  }

  /** The committed capture, unzipped. */
  static String read(String name) throws IOException {
    try (InputStream in = DemoCaptures.class.getResourceAsStream("/" + FOLDER + name)) {
      assertThat(in).as("committed capture " + name).isNotNull();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      new GZIPInputStream(in).transferTo(bytes);
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  /** Feeds every line of a capture to {@code session}; returns the number of frames. */
  static int replay(String capture, ProtocolSession session) {
    int frames = 0;
    for (String line : capture.split("\n")) {
      int tab = line.indexOf('\t');
      session.onFrame(line.substring(tab + 1), Long.parseLong(line.substring(0, tab)));
      frames++;
    }
    return frames;
  }
}
