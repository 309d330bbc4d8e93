package dev.sextant.bench.market;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * The frames of a bundled demo capture, by message type, as the benchmarks feed them: the same
 * frames for Sextant's sessions and for the peer library.
 */
final class CaptureFrames {

  /** One frame of a capture and the connection it came on. */
  record Frame(String connection, String text) {}

  /** How each protocol's frames of each type look on the wire (compact JSON, as venues send). */
  private static final Map<String, Map<String, Predicate<String>>> TYPES =
      Map.of(
          "coinbase-exchange",
          Map.of(
              "trade",
                  f -> f.contains("\"type\":\"match\"") || f.contains("\"type\":\"last_match\""),
              "quote", f -> f.contains("\"type\":\"ticker\""),
              "book",
                  f -> f.contains("\"type\":\"snapshot\"") || f.contains("\"type\":\"l2update\"")),
          "coinbase-advanced",
          Map.of(
              "trade", f -> f.contains("\"channel\":\"market_trades\""),
              "quote", f -> f.contains("\"channel\":\"ticker\""),
              "book", f -> f.contains("\"channel\":\"l2_data\"")),
          "binance",
          binance(),
          "binance-futures",
          binance(),
          "kraken-v1",
          Map.of(
              "trade", f -> f.contains(",\"trade\","),
              "quote", f -> f.contains(",\"ticker\","),
              "book", f -> f.contains(",\"book-")),
          "kraken-v2",
          Map.of(
              "trade", f -> f.contains("\"channel\":\"trade\""),
              "quote", f -> f.contains("\"channel\":\"ticker\""),
              // The book checksum needs the pair's precision from the instrument channel.
              "book",
                  f ->
                      f.contains("\"channel\":\"book\"")
                          || f.contains("\"channel\":\"instrument\"")),
          "okx",
          Map.of(
              "trade", f -> f.contains("\"channel\":\"trades\""),
              "quote",
                  f ->
                      f.contains("\"channel\":\"bbo-tbt\"")
                          || f.contains("\"channel\":\"tickers\""),
              "book", f -> f.contains("\"channel\":\"books\"")),
          "bybit",
          Map.of(
              "trade", f -> f.contains("\"topic\":\"publicTrade."),
              "quote", f -> f.contains("\"topic\":\"tickers."),
              "book", f -> f.contains("\"topic\":\"orderbook.")));

  private static Map<String, Predicate<String>> binance() {
    return Map.of(
        "trade", f -> f.contains("@trade\"") || f.contains("@aggTrade\""),
        "quote", f -> f.contains("@bookTicker\""),
        // REST depth snapshots are part of the book stream: deltas sync to them.
        "book", f -> f.contains("@depth") || f.startsWith("{\"sextant_rest\":"));
  }

  private CaptureFrames() {}

  /** The frames of {@code type} in the bundled capture of {@code protocol}, in capture order. */
  static List<Frame> load(String protocol, String type) {
    Predicate<String> wanted = TYPES.getOrDefault(protocol, Map.of()).get(type);
    if (wanted == null) {
      throw new IllegalArgumentException("no frame type '" + type + "' for " + protocol);
    }
    String resource = "dev/sextant/ingest/market/demo/" + protocol + ".capture.gz";
    List<Frame> frames = new ArrayList<>();
    try (InputStream raw = CaptureFrames.class.getClassLoader().getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IllegalStateException("no bundled capture " + resource);
      }
      BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        int tab = line.indexOf('\t');
        String prefix = tab < 0 ? "" : line.substring(0, tab);
        String text = tab < 0 ? line : line.substring(tab + 1);
        int at = prefix.indexOf('@');
        String connection = at < 0 ? "" : prefix.substring(at + 1);
        if (wanted.test(text)) {
          frames.add(new Frame(connection, text));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (frames.isEmpty()) {
      throw new IllegalStateException(resource + " holds no " + type + " frames");
    }
    return frames;
  }
}
