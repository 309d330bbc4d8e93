package dev.sextant.ingest.market.binance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.RestFrame;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.ingest.market.book.BookSide;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.ingest.market.testkit.RecordingControl;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.ingest.market.testkit.SharedData;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Runs the Binance sessions over real third-party recordings from {@code ../shared/data}, read in
 * place and skipped when absent: the recorded depth snapshots must be the ones the session asks
 * for, every delta must link, and the books must equal a reference rebuilt from the raw frames.
 */
class BinanceConformanceTest {

  private static final String SPOT = "cryptofeed_binance_spot_ws_2021-10-12.jsonl.gz";
  private static final String FUTURES = "cryptofeed_binance_futures_ws_2021-07-22.jsonl.gz";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A recorded line: a received frame or a REST answer, at its recorded time. */
  private record Line(double ts, String frame, String url) {
    boolean rest() {
      return url != null;
    }
  }

  private record Recording(List<String> instruments, List<Line> lines) {}

  /**
   * The received frames and the depth snapshot answers, in recorded time order (the file lists the
   * REST answers first, with their own times).
   */
  private static Recording read(String name) throws IOException {
    Path file = SharedData.require(name);
    List<Line> lines = new ArrayList<>();
    List<String> instruments = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      String text;
      while ((text = in.readLine()) != null) {
        JsonNode line = JSON.readTree(text);
        switch (line.path("t").asText()) {
          case "header" ->
              line.path("config").path("l2_book").forEach(i -> instruments.add(i.asText()));
          case "recv" ->
              lines.add(new Line(line.get("ts").asDouble(), line.get("data").asText(), null));
          case "http" -> {
            if (line.get("url").asText().contains("/depth?")) {
              lines.add(
                  new Line(
                      line.get("ts").asDouble(),
                      line.get("data").asText(),
                      line.get("url").asText()));
            }
          }
          default -> {}
        }
      }
    }
    lines.sort(Comparator.comparingDouble(Line::ts)); // stable: equal times keep file order
    return new Recording(instruments, lines);
  }

  @Test
  void shouldSyncEveryRecordedSpotBookAndDecodeEveryFrame() throws IOException {
    Recording recording = read(SPOT);
    BinanceProtocol protocol = BinanceProtocol.spot();
    Run run = run(protocol, recording);

    assertThat(run.output.deadLetters).isEmpty();
    assertThat(run.output.gaps).isEmpty();
    assertThat(run.fetched).isEqualTo(run.recordedSnapshots);
    assertThat(run.output.count(BookUpdate.Kind.KIND_SNAPSHOT)).isEqualTo(4);
    assertThat(run.output.count(BookUpdate.Kind.KIND_DELTA)).isEqualTo(172);
    // Deltas received before the snapshot answer and already in it: 4 buffered, 1 after.
    assertThat(run.output.ignored)
        .containsEntry("depth-before-snapshot", 5)
        .containsEntry("kline", 2);
    assertThat(run.output.trades).hasSize(2);
    assertThat(run.changedTickers).isPositive();
    assertThat(run.output.quotes).hasSize(run.changedTickers);
    assertTrades(run.output.trades, "binance");
    assertBooks(run, protocol);
  }

  @Test
  void shouldSyncEveryRecordedFuturesBookAndDecodeEveryFrame() throws IOException {
    Recording recording = read(FUTURES);
    BinanceProtocol protocol = BinanceProtocol.futures();
    Run run = run(protocol, recording);

    assertThat(run.output.deadLetters).isEmpty();
    assertThat(run.output.gaps).isEmpty();
    assertThat(run.fetched).isEqualTo(run.recordedSnapshots);
    assertThat(run.output.count(BookUpdate.Kind.KIND_SNAPSHOT)).isEqualTo(4);
    assertThat(run.output.count(BookUpdate.Kind.KIND_DELTA)).isEqualTo(752);
    // Deltas before the snapshot's update id (futures keeps u == lastUpdateId): 4 + 8 after.
    assertThat(run.output.ignored)
        .containsEntry("depth-before-snapshot", 12)
        .containsEntry("kline", 67);
    assertThat(run.output.trades).hasSize(91);
    assertThat(run.changedTickers).isPositive();
    assertThat(run.output.quotes).hasSize(run.changedTickers);
    assertTrades(run.output.trades, "binance-futures");
    for (BookUpdate delta : run.output.books) {
      if (delta.getKind() == BookUpdate.Kind.KIND_DELTA) {
        assertThat(delta.getPrevSequence()).isPositive();
      }
    }
    assertBooks(run, protocol);
  }

  @Test
  void shouldDecodeTheRecordingsWithoutConfiguredInstruments() throws IOException {
    for (var protocol : List.of(BinanceProtocol.spot(), BinanceProtocol.futures())) {
      Recording recording = read(protocol.usdMargined() ? FUTURES : SPOT);
      Run run = run(protocol, new Recording(List.of(), recording.lines()));
      assertThat(run.output.deadLetters).isEmpty();
      assertThat(run.output.gaps).isEmpty();
      assertThat(run.fetched).isEqualTo(run.recordedSnapshots);
      assertBooks(run, protocol);
    }
  }

  private static final class Run {
    final RecordingOutput output = new RecordingOutput();
    final RecordingControl control = new RecordingControl();
    final List<URI> recordedSnapshots = new ArrayList<>();
    List<URI> fetched;
    int changedTickers;
    final Map<String, OrderBook> reference = new TreeMap<>();
  }

  private static Run run(BinanceProtocol protocol, Recording recording) throws IOException {
    Run run = new Run();
    List<Instrument> instruments =
        recording.instruments().stream()
            .map(i -> Instrument.parse(protocol.venue() + ":" + i))
            .toList();
    ConnectionPlan plan =
        instruments.isEmpty()
            ? new ConnectionPlan("", protocol.defaultEndpoint(), List.of())
            : protocol.plan(protocol.defaultEndpoint(), instruments).getFirst();
    ProtocolSession session =
        protocol.newSession(
            new SessionContext(
                plan,
                protocol.defaultRestEndpoint(),
                Registry.loadDefault(),
                run.output,
                run.control));
    session.onOpen(0);
    Map<String, String> lastTicker = new HashMap<>();
    Map<String, Long> snapshotIds = new HashMap<>();
    for (Line line : recording.lines()) {
      long nanos = (long) (line.ts() * 1e9);
      if (line.rest()) {
        run.recordedSnapshots.add(URI.create(line.url()));
        session.onFrame(new RestFrame(URI.create(line.url()), 200, line.frame()).encode(), nanos);
        reference(run, protocol, line, snapshotIds);
      } else {
        session.onFrame(line.frame(), nanos);
        reference(run, protocol, line, snapshotIds, lastTicker);
      }
    }
    run.fetched = run.control.fetched;
    return run;
  }

  /** The reference book from a snapshot, as Binance documents it. */
  private static void reference(
      Run run, BinanceProtocol protocol, Line line, Map<String, Long> snapshotIds)
      throws IOException {
    String symbol =
        line.url().substring(line.url().indexOf("symbol=") + 7, line.url().indexOf("&limit"));
    JsonNode body = JSON.readTree(line.frame());
    OrderBook book = new OrderBook();
    body.get("bids").forEach(l -> book.set(BookSide.BID, l.get(0).asText(), l.get(1).asText()));
    body.get("asks").forEach(l -> book.set(BookSide.ASK, l.get(0).asText(), l.get(1).asText()));
    String key = symbol.toLowerCase(Locale.ROOT);
    run.reference.put(key, book);
    snapshotIds.put(key, body.get("lastUpdateId").asLong());
  }

  /** Applies a recorded delta the snapshot does not hold; counts tickers that changed. */
  private static void reference(
      Run run,
      BinanceProtocol protocol,
      Line line,
      Map<String, Long> snapshotIds,
      Map<String, String> lastTicker)
      throws IOException {
    JsonNode frame = JSON.readTree(line.frame());
    String stream = frame.path("stream").asText();
    String symbol = stream.substring(0, stream.indexOf('@'));
    JsonNode data = frame.get("data");
    if (stream.endsWith("@bookTicker")) {
      String top =
          new BigDecimal(data.get("b").asText()).stripTrailingZeros()
              + "/"
              + new BigDecimal(data.get("B").asText()).stripTrailingZeros()
              + "/"
              + new BigDecimal(data.get("a").asText()).stripTrailingZeros()
              + "/"
              + new BigDecimal(data.get("A").asText()).stripTrailingZeros();
      if (!top.equals(lastTicker.put(symbol, top))) {
        run.changedTickers++;
      }
    } else if (stream.contains("@depth") && run.reference.containsKey(symbol)) {
      long u = data.get("u").asLong();
      long id = snapshotIds.get(symbol);
      if (protocol.usdMargined() ? u >= id : u > id) {
        OrderBook book = run.reference.get(symbol);
        data.get("b").forEach(l -> book.set(BookSide.BID, l.get(0).asText(), l.get(1).asText()));
        data.get("a").forEach(l -> book.set(BookSide.ASK, l.get(0).asText(), l.get(1).asText()));
      }
    }
  }

  private static void assertBooks(Run run, BinanceProtocol protocol) {
    Registry registry = Registry.loadDefault();
    assertThat(run.output.rebuilt).hasSameSizeAs(run.reference);
    for (Map.Entry<String, OrderBook> entry : run.reference.entrySet()) {
      String instrument =
          registry
              .instrumentFromConcatenated(
                  protocol.venue(),
                  entry.getKey().toUpperCase(Locale.ROOT),
                  protocol.usdMargined() ? "PERP" : "")
              .id();
      OrderBook rebuilt = run.output.rebuilt.get(instrument);
      assertThat(rebuilt).as("book of %s", instrument).isNotNull();
      assertThat(rebuilt.sameLevels(entry.getValue())).as("book of %s", instrument).isTrue();
      assertThat(rebuilt.depth(BookSide.BID)).isPositive();
      assertThat(rebuilt.depth(BookSide.ASK)).isPositive();
    }
  }

  private static void assertTrades(List<Trade> trades, String venue) {
    for (Trade trade : trades) {
      assertThat(trade.getVenue()).isEqualTo(venue);
      assertThat(trade.getInstrument()).startsWith(venue + ":");
      assertThat(trade.getTradeId()).matches("a[0-9]+");
      assertThat(trade.getTradeId()).isEqualTo("a" + trade.getSequence());
      assertThat(trade.getSide()).isIn(Side.SIDE_BUY, Side.SIDE_SELL);
      assertThat(trade.getEventTime().getSeconds()).isBetween(1_600_000_000L, 1_700_000_000L);
    }
    assertThat(trades.stream().map(Trade::getTradeId).distinct()).hasSameSizeAs(trades);
  }
}
