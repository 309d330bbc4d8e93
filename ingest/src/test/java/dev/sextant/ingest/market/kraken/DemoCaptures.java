package dev.sextant.ingest.market.kraken;

import dev.sextant.ingest.market.ProtocolSession;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Builds, checks and replays the demo captures ({@code <epoch_nanos>\t<frame>} lines). */
final class DemoCaptures {

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
