package dev.sextant.ingest.market.kraken;

import static dev.sextant.ingest.market.kraken.KrakenFixtures.BTC_USD;
import static dev.sextant.ingest.market.kraken.KrakenFixtures.ETH_USD;
import static dev.sextant.ingest.market.kraken.KrakenFixtures.START_NANOS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.GapKind;
import dev.sextant.ingest.market.book.BookSide;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.ingest.market.testkit.RecordingControl;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.v1.BookLevel;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KrakenV2SessionTest {

  private static final String V2 = "kraken-v2";
  private static final long RECEIVED = 1_786_276_802_000_000_000L;

  private final RecordingOutput out = new RecordingOutput();
  private final RecordingControl control = new RecordingControl();

  private KrakenV2Session session(List<Instrument> instruments) {
    return new KrakenV2Session(
        KrakenFixtures.context("wss://ws.kraken.com/v2", instruments, out, control),
        KrakenV2Protocol.BOOK_DEPTH);
  }

  private static String fixture(String name) {
    return KrakenFixtures.frame(V2, name);
  }

  private static String level(BookLevel level) {
    return level.getPrice().getValue() + "@" + level.getSize().getValue();
  }

  // --- protocol -----------------------------------------------------------------------------

  @Test
  void shouldPlanOneConnectionAndRejectOtherVenues() {
    KrakenV2Protocol protocol = new KrakenV2Protocol();
    assertThat(protocol.defaultEndpoint()).isEqualTo(URI.create("wss://ws.kraken.com/v2"));
    assertThat(protocol.plan(protocol.defaultEndpoint(), List.of(BTC_USD)))
        .singleElement()
        .satisfies(p -> assertThat(p.instruments()).containsExactly(BTC_USD));
    assertThatThrownBy(
            () ->
                protocol.plan(
                    protocol.defaultEndpoint(), List.of(Instrument.spot("okx", "BTC", "USDT"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("okx:BTC-USDT");
  }

  @Test
  void shouldSubscribeInstrumentsFirstThenBookTradeAndTicker() {
    List<String> frames = session(List.of(BTC_USD, ETH_USD)).onOpen(START_NANOS);
    assertThat(frames)
        .containsExactly(
            "{\"method\":\"subscribe\",\"params\":{\"channel\":\"instrument\"},\"req_id\":1}",
            "{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\","
                + "\"symbol\":[\"BTC/USD\",\"ETH/USD\"],\"depth\":25},\"req_id\":2}",
            "{\"method\":\"subscribe\",\"params\":{\"channel\":\"trade\","
                + "\"symbol\":[\"BTC/USD\",\"ETH/USD\"]},\"req_id\":3}",
            "{\"method\":\"subscribe\",\"params\":{\"channel\":\"ticker\","
                + "\"symbol\":[\"BTC/USD\",\"ETH/USD\"],\"event_trigger\":\"bbo\"},\"req_id\":4}");
  }

  @Test
  void shouldPingWithAnIncreasingRequestId() {
    KrakenV2Session session = session(List.of(BTC_USD));
    assertThat(session.pingFrame()).contains("{\"method\":\"ping\",\"req_id\":1}");
    assertThat(session.pingFrame()).contains("{\"method\":\"ping\",\"req_id\":2}");
  }

  // --- golden frames ------------------------------------------------------------------------

  @Test
  void shouldVerifyTheSnapshotAndUpdateChecksumsWithThePairPrecision() {
    KrakenV2Session session = session(List.of(BTC_USD));
    session.onFrame(fixture("subscribe-ack.json"), RECEIVED);
    session.onFrame(fixture("instrument.json"), RECEIVED);
    session.onFrame(fixture("book-snapshot.json"), RECEIVED);
    session.onFrame(fixture("book-update.json"), RECEIVED + 1);

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.gaps).isEmpty();
    assertThat(out.ignored).containsEntry("subscribe", 1).containsEntry("instrument", 1);
    assertThat(out.books).hasSize(2);
    BookUpdate snapshot = out.books.get(0);
    assertThat(snapshot.getInstrument()).isEqualTo("kraken:BTC-USD");
    assertThat(snapshot.getVenue()).isEqualTo("kraken");
    assertThat(snapshot.getKind()).isEqualTo(BookUpdate.Kind.KIND_SNAPSHOT);
    assertThat(snapshot.getChecksum()).isEqualTo(709831543L);
    assertThat(snapshot.getBidsList().stream().map(KrakenV2SessionTest::level))
        .containsExactly("64999.9@2.0", "64999.0@0.3", "64998.5@5");
    assertThat(snapshot.getAsksList().stream().map(KrakenV2SessionTest::level))
        .containsExactly("65000.1@0.5", "65000.5@1.25", "65001.0@0.01");
    assertThat(snapshot.getEventTime().getSeconds()).isEqualTo(1786276800L);
    assertThat(snapshot.getEventTime().getNanos()).isEqualTo(200_000_000);
    assertThat(snapshot.getIngestTime().getSeconds()).isEqualTo(1786276802L);

    BookUpdate delta = out.books.get(1);
    assertThat(delta.getKind()).isEqualTo(BookUpdate.Kind.KIND_DELTA);
    assertThat(delta.getChecksum()).isEqualTo(3010724232L);
    assertThat(delta.getBidsList().stream().map(KrakenV2SessionTest::level))
        .containsExactly("64999.8@0.4");
    assertThat(delta.getAsksList().stream().map(KrakenV2SessionTest::level))
        .containsExactly("65000.1@0", "65002.0@0.75");
    assertThat(delta.getEventTime().getNanos()).isEqualTo(200_000);
    assertThat(session.book("kraken:BTC-USD").sameLevels(out.rebuilt.get("kraken:BTC-USD")))
        .isTrue();
  }

  @Test
  void shouldHoldABookUntilThePairPrecisionIsKnown() {
    KrakenV2Session session = session(List.of(BTC_USD));
    session.onFrame(fixture("book-snapshot.json"), RECEIVED);
    session.onFrame(fixture("book-update.json"), RECEIVED + 1);
    assertThat(out.books).isEmpty();
    assertThat(out.ignored).containsEntry("book_awaiting_precision", 2);

    session.onFrame(fixture("instrument.json"), RECEIVED + 2);

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.gaps).isEmpty();
    assertThat(out.books)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.getKind()).isEqualTo(BookUpdate.Kind.KIND_SNAPSHOT);
              assertThat(b.getChecksum()).isEqualTo(3010724232L);
              assertThat(b.getAsksList().stream().map(KrakenV2SessionTest::level))
                  .containsExactly("65000.5@1.25", "65001.0@0.01", "65002.0@0.75");
            });
  }

  @Test
  void shouldDecodeTradesWithTheirIdAsSequence() {
    session(List.of(BTC_USD)).onFrame(fixture("trade.json"), RECEIVED);

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.trades).hasSize(2);
    Trade buy = out.trades.get(0);
    assertThat(buy.getInstrument()).isEqualTo("kraken:BTC-USD");
    assertThat(buy.getVenue()).isEqualTo("kraken");
    assertThat(buy.getTradeId()).isEqualTo("70112001");
    assertThat(buy.getSequence()).isEqualTo(70112001L);
    assertThat(buy.getPrice().getValue()).isEqualTo("65000.1");
    assertThat(buy.getSize().getValue()).isEqualTo("0.0125");
    assertThat(buy.getSide()).isEqualTo(Side.SIDE_BUY);
    assertThat(buy.getEventTime().getSeconds()).isEqualTo(1786276801L);
    assertThat(buy.getEventTime().getNanos()).isEqualTo(123_456_000);
    assertThat(buy.getIngestTime().getSeconds()).isEqualTo(1786276802L);
    Trade sell = out.trades.get(1);
    assertThat(sell.getSide()).isEqualTo(Side.SIDE_SELL);
    assertThat(sell.getSize().getValue()).isEqualTo("0.00000001"); // exact, never via double
  }

  @Test
  void shouldDecodeTradesWhateverTheFieldOrder() {
    String reordered =
        "{\"data\":[{\"timestamp\":\"2026-08-09T12:00:01.123456Z\",\"trade_id\":9,"
            + "\"qty\":1.5,\"price\":1900.01,\"side\":\"sell\",\"symbol\":\"ETH/USD\"}],"
            + "\"type\":\"update\",\"channel\":\"trade\"}";
    session(List.of(ETH_USD)).onFrame(reordered, RECEIVED);
    assertThat(out.deadLetters).isEmpty();
    assertThat(out.trades)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getPrice().getValue()).isEqualTo("1900.01");
              assertThat(t.getSize().getValue()).isEqualTo("1.5");
              assertThat(t.getTradeId()).isEqualTo("9");
            });
  }

  @Test
  void shouldDecodeTheTickerWithItsTimestamp() {
    KrakenV2Session session = session(List.of(ETH_USD));
    session.onFrame(fixture("ticker.json"), RECEIVED);
    session.onFrame(fixture("ticker.json"), RECEIVED + 9);

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.quotes).hasSize(1);
    Quote quote = out.quotes.getFirst();
    assertThat(quote.getInstrument()).isEqualTo("kraken:ETH-USD");
    assertThat(quote.getBidPrice().getValue()).isEqualTo("1900.5");
    assertThat(quote.getBidSize().getValue()).isEqualTo("12.25");
    assertThat(quote.getAskPrice().getValue()).isEqualTo("1900.51");
    assertThat(quote.getAskSize().getValue()).isEqualTo("3.5");
    assertThat(quote.getEventTime().getSeconds()).isEqualTo(1786276801L);
    assertThat(quote.getEventTime().getNanos()).isEqualTo(500_000_000);
    assertThat(quote.getIngestTime().getSeconds()).isEqualTo(1786276802L);
  }

  @Test
  void shouldCountStatusFramesAndDeadLetterFailedSubscriptions() {
    KrakenV2Session session = session(List.of(BTC_USD));
    session.onFrame(fixture("heartbeat.json"), RECEIVED);
    session.onFrame(fixture("status.json"), RECEIVED);
    session.onFrame(fixture("pong.json"), RECEIVED);
    session.onFrame(fixture("subscribe-ack.json"), RECEIVED);
    session.onFrame(fixture("subscribe-error.json"), RECEIVED);

    assertThat(out.ignored)
        .containsExactlyEntriesOf(
            new TreeMap<>(Map.of("heartbeat", 1, "status", 1, "pong", 1, "subscribe", 1)));
    assertThat(out.deadLetters)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(ErrorKind.VENUE_ERROR);
              assertThat(d.error()).contains("Currency pair not supported ABC/XYZ");
            });
  }

  // --- scenarios ----------------------------------------------------------------------------

  private static void play(KrakenV2Session session, KrakenV2Simulator sim, int frames) {
    for (String frame : sim.connected()) {
      session.onFrame(frame, sim.now());
    }
    for (String subscribe : session.onOpen(sim.now())) {
      for (String answer : sim.afterSubscribe(subscribe)) {
        session.onFrame(answer, sim.now());
      }
    }
    run(session, sim, frames);
  }

  private static void run(KrakenV2Session session, KrakenV2Simulator sim, int frames) {
    for (int i = 0; i < frames; i++) {
      String frame = sim.nextFrame();
      session.onFrame(frame, sim.now());
    }
  }

  private void answer(KrakenV2Session session, KrakenV2Simulator sim) {
    List<String> sent = List.copyOf(control.sent);
    control.sent.clear();
    for (String frame : sent) {
      for (String answer : sim.afterSubscribe(frame)) {
        session.onFrame(answer, sim.now());
      }
    }
  }

  private void assertBooksMatchPublished(KrakenV2Session session) {
    for (String id : List.of("kraken:BTC-USD", "kraken:ETH-USD")) {
      OrderBook held = session.book(id);
      assertThat(held).as(id).isNotNull();
      assertThat(held.depth(BookSide.ASK)).isEqualTo(KrakenV2Protocol.BOOK_DEPTH);
      assertThat(held.sameLevels(out.rebuilt.get(id))).as(id).isTrue();
    }
  }

  @Test
  void shouldRebuildBooksFromSnapshotAndDeltas() {
    KrakenV2Session session = session(List.of(BTC_USD, ETH_USD));
    KrakenV2Simulator sim = KrakenV2Simulator.btcEth(7, START_NANOS);
    play(session, sim, 3000);

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.gaps).isEmpty();
    assertThat(out.count(BookUpdate.Kind.KIND_SNAPSHOT)).isEqualTo(2);
    assertThat(out.count(BookUpdate.Kind.KIND_DELTA)).isGreaterThan(1000);
    assertThat(out.trades).isNotEmpty();
    assertThat(out.quotes).isNotEmpty();
    assertBooksMatchPublished(session);
  }

  @Test
  void shouldResyncBookAfterChecksumMismatch() {
    KrakenV2Session session = session(List.of(BTC_USD, ETH_USD));
    KrakenV2Simulator sim = KrakenV2Simulator.btcEth(11, START_NANOS);
    play(session, sim, 200);
    sim.corruptNextChecksum();
    while (out.gaps.isEmpty()) {
      session.onFrame(sim.nextFrame(), sim.now());
    }

    RecordingOutput.Gap gap = out.gaps.getFirst();
    assertThat(gap.kind()).isEqualTo(GapKind.CHECKSUM);
    String symbol = gap.instrument().equals("kraken:BTC-USD") ? "BTC/USD" : "ETH/USD";
    assertThat(control.sent)
        .containsExactly(
            "{\"method\":\"unsubscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\""
                + symbol
                + "\"],\"depth\":25},\"req_id\":5}",
            "{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\""
                + symbol
                + "\"],\"depth\":25},\"req_id\":6}");
    int published = out.books.size();
    answer(session, sim);

    assertThat(out.resynced).containsExactly(gap.instrument());
    assertThat(out.books.get(published).getKind()).isEqualTo(BookUpdate.Kind.KIND_SNAPSHOT);
    run(session, sim, 500);
    assertThat(out.gaps).hasSize(1);
    assertThat(out.deadLetters).isEmpty();
    assertBooksMatchPublished(session);
  }

  @Test
  void shouldDetectALostUpdateByItsChecksumAndResync() {
    KrakenV2Session session = session(List.of(BTC_USD, ETH_USD));
    KrakenV2Simulator sim = KrakenV2Simulator.btcEth(13, START_NANOS);
    play(session, sim, 200);
    sim.dropNextBookUpdate();
    for (int i = 0; i < 200 && out.gaps.isEmpty(); i++) {
      session.onFrame(sim.nextFrame(), sim.now());
    }
    assertThat(out.gaps)
        .singleElement()
        .satisfies(g -> assertThat(g.kind()).isEqualTo(GapKind.CHECKSUM));
    answer(session, sim);
    run(session, sim, 300);
    assertThat(out.resynced).containsExactly(out.gaps.getFirst().instrument());
    assertBooksMatchPublished(session);
  }

  @Test
  void shouldPublishTheTradeSnapshotOnceAfterReconnect() {
    KrakenV2Session session = session(List.of(BTC_USD, ETH_USD));
    KrakenV2Simulator sim = KrakenV2Simulator.btcEth(17, START_NANOS);
    play(session, sim, 400);
    assertThat(out.trades).hasSizeGreaterThan(3);

    List<String> subscribe = session.onOpen(sim.now());
    assertThat(out.gaps)
        .extracting(RecordingOutput.Gap::kind)
        .containsExactly(GapKind.RECONNECT, GapKind.RECONNECT);
    long deltas = out.count(BookUpdate.Kind.KIND_DELTA);
    for (int i = 0; i < 20; i++) {
      session.onFrame(sim.nextFrame(), sim.now());
    }
    assertThat(out.count(BookUpdate.Kind.KIND_DELTA)).isEqualTo(deltas);
    int trades = out.trades.size();
    for (String frame : sim.resendRecentTrades(3)) {
      session.onFrame(frame, sim.now());
    }
    // The new subscription's trade snapshot repeats the last trades: none is published again.
    for (String frame : subscribe) {
      for (String answer : sim.afterSubscribe(frame)) {
        session.onFrame(answer, sim.now());
      }
    }
    assertThat(out.trades).hasSize(trades);
    assertThat(out.trades.stream().map(Trade::getTradeId).distinct()).hasSize(trades);
    assertThat(out.resynced).containsExactlyInAnyOrder("kraken:BTC-USD", "kraken:ETH-USD");
    run(session, sim, 300);
    assertThat(out.deadLetters).isEmpty();
    assertBooksMatchPublished(session);
  }

  @Test
  void shouldDeadLetterBadInputAndStillDecodeTheNextFrame() {
    KrakenV2Session session = session(List.of(BTC_USD));
    session.onFrame("<html>", RECEIVED);
    session.onFrame("{\"channel\":\"trade\",\"data\":[{\"price\":1", RECEIVED);
    session.onFrame("{\"channel\":\"ohlc\",\"data\":[]}", RECEIVED);
    session.onFrame("{\"method\":\"amend_order\"}", RECEIVED);
    session.onFrame(
        "{\"channel\":\"trade\",\"type\":\"update\",\"data\":["
            + "{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":\"x\",\"qty\":1,\"trade_id\":1,"
            + "\"timestamp\":\"2026-08-09T12:00:01Z\"},"
            + "{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":0,\"qty\":1,\"trade_id\":2,"
            + "\"timestamp\":\"2026-08-09T12:00:01Z\"},"
            + "{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":-3,\"qty\":1,\"trade_id\":3,"
            + "\"timestamp\":\"2026-08-09T12:00:01Z\"},"
            + "{\"symbol\":\"BTC/USD\",\"side\":\"hold\",\"price\":1,\"qty\":1,\"trade_id\":4,"
            + "\"timestamp\":\"2026-08-09T12:00:01Z\"},"
            + "{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":1,\"qty\":1,\"trade_id\":5,"
            + "\"timestamp\":\"noon\"},"
            + "{\"symbol\":\"DOGE/USD\",\"side\":\"buy\",\"price\":1,\"qty\":1,\"trade_id\":6,"
            + "\"timestamp\":\"2026-08-09T12:00:01Z\"},"
            + "{\"symbol\":\"BTC/USD\",\"side\":\"sell\",\"price\":65000.2,\"qty\":1e-8,"
            + "\"trade_id\":7,\"timestamp\":\"2026-08-09T12:00:01Z\"}]}",
        RECEIVED);
    session.onFrame(fixture("trade.json"), RECEIVED);

    assertThat(out.deadLetters)
        .extracting(RecordingOutput.DeadLetter::kind)
        .containsExactly(
            ErrorKind.MALFORMED_JSON,
            ErrorKind.MALFORMED_JSON,
            ErrorKind.UNKNOWN_MESSAGE,
            ErrorKind.UNKNOWN_MESSAGE,
            ErrorKind.BAD_NUMBER,
            ErrorKind.BAD_NUMBER,
            ErrorKind.BAD_NUMBER,
            ErrorKind.BAD_VALUE,
            ErrorKind.BAD_TIME,
            ErrorKind.UNKNOWN_INSTRUMENT);
    assertThat(out.deadLetters.get(4).error()).contains("\"price\"").contains("trade 0");
    assertThat(out.deadLetters.get(5).error()).contains("not positive");
    assertThat(out.deadLetters.get(7).error()).contains("\"side\"");
    assertThat(out.deadLetters.get(8).error()).contains("\"timestamp\"");
    assertThat(out.deadLetters.get(9).error()).contains("kraken:DOGE-USD");
    assertThat(out.trades)
        .extracting(t -> t.getSize().getValue())
        .containsExactly("0.00000001", "0.0125", "0.00000001");
  }

  @Test
  void shouldDeadLetterABadBookFrameAndResyncThatBook() {
    KrakenV2Session session = session(List.of(BTC_USD));
    session.onFrame(fixture("subscribe-ack.json"), RECEIVED);
    session.onFrame(fixture("instrument.json"), RECEIVED);
    session.onFrame(fixture("book-snapshot.json"), RECEIVED);
    session.onFrame(
        fixture("book-update.json").replace("\"qty\":0.4", "\"qty\":\"lots\""), RECEIVED);

    assertThat(out.deadLetters)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(ErrorKind.BAD_NUMBER);
              assertThat(d.error()).contains("\"qty\"");
            });
    assertThat(out.gaps)
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.instrument()).isEqualTo("kraken:BTC-USD");
              assertThat(g.kind()).isEqualTo(GapKind.SEQUENCE);
            });
    assertThat(control.sent)
        .containsExactly(
            "{\"method\":\"unsubscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\"BTC/USD\"],"
                + "\"depth\":10},\"req_id\":1}",
            "{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\"BTC/USD\"],"
                + "\"depth\":10},\"req_id\":2}");
    session.onFrame(fixture("book-snapshot.json"), RECEIVED);
    session.onFrame(fixture("book-update.json"), RECEIVED);
    assertThat(out.resynced).containsExactly("kraken:BTC-USD");
    assertThat(out.books.getLast().getChecksum()).isEqualTo(3010724232L);
  }
}
