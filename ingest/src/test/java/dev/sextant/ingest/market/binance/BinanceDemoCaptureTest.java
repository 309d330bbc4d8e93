package dev.sextant.ingest.market.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.market.MarketSessions;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.ingest.market.testkit.DemoCaptureFile;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.ingest.replay.CaptureReader;
import dev.sextant.ingest.replay.CapturedFrame;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.BookUpdate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo captures of {@code binance} and {@code binance-futures}: regenerated from the simulator
 * and compared with the committed files (written when {@code -Dsextant.demo.write=true}), then
 * decoded through a replay session.
 */
class BinanceDemoCaptureTest {

  private static final long START_MILLIS = Instant.parse("2026-03-02T14:00:00Z").toEpochMilli();
  private static final long DURATION_NANOS = 120_000_000_000L;

  @TempDir Path temp;

  static List<String> generate(BinanceProtocol protocol) {
    boolean futures = protocol.usdMargined();
    BinanceSimulator simulator =
        futures
            ? BinanceSimulator.futures(20260302L, START_MILLIS, "BTCUSDT", "ETHUSDT")
            : BinanceSimulator.spot(20260302L, START_MILLIS, "BTCUSDT", "ETHUSDT");
    List<Instrument> instruments =
        futures
            ? List.of(
                Instrument.parse("binance-futures:BTC-USDT-PERP"),
                Instrument.parse("binance-futures:ETH-USDT-PERP"))
            : List.of(Instrument.parse("binance:BTC-USDT"), Instrument.parse("binance:ETH-USDT"));
    SimulatedFeed feed = new SimulatedFeed(protocol, simulator, instruments);
    feed.open();
    feed.runUntil(START_MILLIS * 1_000_000L + DURATION_NANOS);
    return feed.lines;
  }

  @Test
  void shouldKeepTheSpotDemoCaptureUpToDateAndDecodable() throws IOException {
    check(BinanceProtocol.spot(), 1498, 1591, 2, 2396);
  }

  @Test
  void shouldKeepTheFuturesDemoCaptureUpToDateAndDecodable() throws IOException {
    check(BinanceProtocol.futures(), 1438, 1522, 2, 2398);
  }

  private void check(BinanceProtocol protocol, int trades, int quotes, int snapshots, int deltas)
      throws IOException {
    List<String> lines = generate(protocol);
    String text = String.join("\n", lines) + "\n";
    String file = protocol.name() + ".capture.gz";
    DemoCaptureFile.assertCommitted(file, text);
    assertThat(lines.size()).isBetween(2_000, 6_000);

    Path capture = Files.writeString(temp.resolve(protocol.name() + ".capture"), text);
    RecordingOutput output = new RecordingOutput();
    MarketSessions sessions = MarketSessions.forReplay(protocol, Registry.loadDefault(), output);
    try (CaptureReader reader = CaptureReader.open(capture)) {
      Optional<CapturedFrame> frame;
      while ((frame = reader.next()).isPresent()) {
        CapturedFrame f = frame.get();
        assertThat(f.isMalformed()).isFalse();
        sessions.session(f.connection()).onFrame(f.text(), f.recordedEpochNanos().orElseThrow());
      }
    }
    String tradeStream = protocol.usdMargined() ? "@aggTrade\"" : "@trade\"";
    System.out.printf(
        "%s: %d lines, %d trades, %d quotes, %d snapshots, %d deltas, ignored %s%n",
        file,
        lines.size(),
        output.trades.size(),
        output.quotes.size(),
        output.count(BookUpdate.Kind.KIND_SNAPSHOT),
        output.count(BookUpdate.Kind.KIND_DELTA),
        output.ignored);
    assertThat(output.deadLetters).isEmpty();
    assertThat(output.gaps).isEmpty();
    assertThat(output.trades).hasSize(count(lines, tradeStream)).hasSize(trades);
    assertThat(output.quotes).hasSize(quotes);
    assertThat(output.count(BookUpdate.Kind.KIND_SNAPSHOT)).isEqualTo(snapshots);
    assertThat(output.count(BookUpdate.Kind.KIND_DELTA)).isEqualTo(deltas);
    for (OrderBook book : output.rebuilt.values()) {
      assertThat(book.depth(dev.sextant.ingest.market.book.BookSide.BID)).isPositive();
    }
  }

  private static int count(List<String> lines, String needle) {
    return (int) lines.stream().filter(l -> l.contains(needle)).count();
  }
}
