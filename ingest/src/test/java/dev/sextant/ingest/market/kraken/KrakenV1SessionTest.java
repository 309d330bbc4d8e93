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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KrakenV1SessionTest {

  private static final String V1 = "kraken-v1";
  private static final long RECEIVED = 1_786_276_802_000_000_000L;

  private final RecordingOutput out = new RecordingOutput();
  private final RecordingControl control = new RecordingControl();

  private KrakenV1Session session(List<Instrument> instruments) {
    return new KrakenV1Session(
        KrakenFixtures.context("wss://ws.kraken.com", instruments, out, control),
        KrakenV1Protocol.BOOK_DEPTH);
  }

  private static String fixture(String name) {
    return KrakenFixtures.frame(V1, name);
  }

  private static String level(BookLevel level) {
    return level.getPrice().getValue() + "@" + level.getSize().getValue();
  }

  // --- protocol -----------------------------------------------------------------------------

  @Test
  void shouldPlanOneConnectionForKrakenSpotInstruments() {
    KrakenV1Protocol protocol = new KrakenV1Protocol();
    var plans = protocol.plan(protocol.defaultEndpoint(), List.of(BTC_USD, ETH_USD));
    assertThat(plans).hasSize(1);
    assertThat(plans.getFirst().label()).isEmpty();
    assertThat(plans.getFirst().endpoint()).isEqualTo(URI.create("wss://ws.kraken.com"));
    assertThat(plans.getFirst().instruments()).containsExactly(BTC_USD, ETH_USD);
    assertThat(protocol.heartbeat().silenceTimeout()).isPositive();
  }

  @Test
  void shouldRejectInstrumentsOfAnotherVenueOrKind() {
    KrakenV1Protocol protocol = new KrakenV1Protocol();
    URI endpoint = protocol.defaultEndpoint();
    assertThatThrownBy(
            () -> protocol.plan(endpoint, List.of(Instrument.spot("coinbase", "BTC", "USD"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("coinbase:BTC-USD");
    assertThatThrownBy(
            () -> protocol.plan(endpoint, List.of(new Instrument("kraken", "BTC", "USD", "PERP"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kraken:BTC-USD-PERP");
  }

  @Test
  void shouldSubscribeBookTradeAndTickerWithKrakenPairNames() {
    List<String> frames = session(List.of(BTC_USD, ETH_USD)).onOpen(START_NANOS);
    assertThat(frames)
        .containsExactly(
            "{\"event\":\"subscribe\",\"reqid\":1,\"pair\":[\"XBT/USD\",\"ETH/USD\"],"
                + "\"subscription\":{\"name\":\"book\",\"depth\":25}}",
            "{\"event\":\"subscribe\",\"reqid\":2,\"pair\":[\"XBT/USD\",\"ETH/USD\"],"
                + "\"subscription\":{\"name\":\"trade\"}}",
            "{\"event\":\"subscribe\",\"reqid\":3,\"pair\":[\"XBT/USD\",\"ETH/USD\"],"
                + "\"subscription\":{\"name\":\"ticker\"}}");
  }

  @Test
  void shouldPingWithAnIncreasingRequestId() {
    KrakenV1Session session = session(List.of(BTC_USD));
    assertThat(session.pingFrame()).contains("{\"event\":\"ping\",\"reqid\":1}");
    assertThat(session.pingFrame()).contains("{\"event\":\"ping\",\"reqid\":2}");
  }

  // --- golden frames ------------------------------------------------------------------------

  @Test
  void shouldDecodeTheBookSnapshotAndAChecksummedUpdate() {
    KrakenV1Session session = session(List.of(BTC_USD));
    session.onFrame(fixture("book-snapshot.json"), RECEIVED);
    session.onFrame(fixture("book-update.json"), RECEIVED + 1);

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.gaps).isEmpty();
    assertThat(out.books).hasSize(2);
    BookUpdate snapshot = out.books.get(0);
    assertThat(snapshot.getInstrument()).isEqualTo("kraken:BTC-USD");
    assertThat(snapshot.getVenue()).isEqualTo("kraken");
    assertThat(snapshot.getKind()).isEqualTo(BookUpdate.Kind.KIND_SNAPSHOT);
    assertThat(snapshot.getBidsList().stream().map(KrakenV1SessionTest::level))
        .containsExactly(
            "64999.90000@2.00000000", "64999.00000@0.30000000", "64998.50000@5.00000000");
    assertThat(snapshot.getAsksList().stream().map(KrakenV1SessionTest::level))
        .containsExactly(
            "65000.10000@0.50000000", "65000.50000@1.25000000", "65001.00000@0.01000000");
    assertThat(snapshot.getEventTime().getSeconds()).isEqualTo(1786276800L);
    assertThat(snapshot.getEventTime().getNanos()).isEqualTo(200_000_000);
    assertThat(snapshot.getIngestTime().getSeconds()).isEqualTo(1786276802L);

    BookUpdate delta = out.books.get(1);
    assertThat(delta.getKind()).isEqualTo(BookUpdate.Kind.KIND_DELTA);
    assertThat(delta.getChecksum()).isEqualTo(2896530140L);
    assertThat(delta.getAsksList().stream().map(KrakenV1SessionTest::level))
        .containsExactly("65000.10000@0.00000000", "65002.00000@0.75000000");
    assertThat(delta.getBidsList().stream().map(KrakenV1SessionTest::level))
        .containsExactly("64999.95000@0.40000000");
    assertThat(delta.getEventTime().getNanos()).isEqualTo(200_000);
    assertThat(session.book("kraken:BTC-USD").sameLevels(out.rebuilt.get("kraken:BTC-USD")))
        .isTrue();
    assertThat(session.book("kraken:BTC-USD").best(BookSide.ASK).priceText())
        .isEqualTo("65000.50000");
  }

  @Test
  void shouldDecodeTradesWithTakerSideAndAKeyOfTheirOwnFields() {
    session(List.of(BTC_USD)).onFrame(fixture("trade.json"), RECEIVED);

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.trades).hasSize(2);
    Trade buy = out.trades.get(0);
    assertThat(buy.getInstrument()).isEqualTo("kraken:BTC-USD");
    assertThat(buy.getVenue()).isEqualTo("kraken");
    assertThat(buy.getPrice().getValue()).isEqualTo("65000.10000");
    assertThat(buy.getSize().getValue()).isEqualTo("0.01250000");
    assertThat(buy.getSide()).isEqualTo(Side.SIDE_BUY);
    assertThat(buy.getSequence()).isZero();
    assertThat(buy.getTradeId()).isEqualTo("1786276801.123456-65000.10000-0.01250000-b");
    assertThat(buy.getEventTime().getSeconds()).isEqualTo(1786276801L);
    assertThat(buy.getEventTime().getNanos()).isEqualTo(123_456_000);
    assertThat(buy.getIngestTime().getSeconds()).isEqualTo(1786276802L);
    assertThat(out.trades.get(1).getSide()).isEqualTo(Side.SIDE_SELL);
    assertThat(out.trades.get(1).getPrice().getValue()).isEqualTo("64999.90000");
  }

  @Test
  void shouldPublishIdenticalFillsThatArriveInDifferentFrames() {
    KrakenV1Session session = session(List.of(BTC_USD));
    // v1 sends no trades again on subscribe: an identical trade in a later frame is a new fill.
    session.onFrame(fixture("trade.json"), RECEIVED);
    session.onFrame(fixture("trade.json"), RECEIVED + 1);

    assertThat(out.trades).hasSize(4);
    assertThat(out.trades.get(2).getTradeId()).isEqualTo(out.trades.get(0).getTradeId());
  }

  @Test
  void shouldDecodeTheTickerIntoAQuoteAtReceiveTime() {
    KrakenV1Session session = session(List.of(ETH_USD));
    session.onFrame(fixture("ticker.json"), RECEIVED);
    session.onFrame(fixture("ticker.json"), RECEIVED + 5);

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.quotes).hasSize(1); // the unchanged re-send is not published
    Quote quote = out.quotes.getFirst();
    assertThat(quote.getInstrument()).isEqualTo("kraken:ETH-USD");
    assertThat(quote.getVenue()).isEqualTo("kraken");
    assertThat(quote.getBidPrice().getValue()).isEqualTo("1900.50000");
    assertThat(quote.getBidSize().getValue()).isEqualTo("12.25000000");
    assertThat(quote.getAskPrice().getValue()).isEqualTo("1900.51000");
    assertThat(quote.getAskSize().getValue()).isEqualTo("3.50000000");
    assertThat(quote.getEventTime()).isEqualTo(quote.getIngestTime());
    assertThat(quote.getIngestTime().getSeconds()).isEqualTo(1786276802L);
  }

  @Test
  void shouldCountEventsAndDeadLetterSubscriptionErrors() {
    KrakenV1Session session = session(List.of(BTC_USD));
    session.onFrame(fixture("heartbeat.json"), RECEIVED);
    session.onFrame(fixture("system-status.json"), RECEIVED);
    session.onFrame(fixture("subscription-status.json"), RECEIVED);
    session.onFrame(fixture("pong.json"), RECEIVED);
    session.onFrame(fixture("subscription-error.json"), RECEIVED);

    assertThat(out.ignored)
        .containsExactly(
            Map.entry("heartbeat", 1),
            Map.entry("pong", 1),
            Map.entry("subscriptionStatus", 1),
            Map.entry("systemStatus", 1));
    assertThat(out.deadLetters).hasSize(1);
    assertThat(out.deadLetters.getFirst().kind()).isEqualTo(ErrorKind.VENUE_ERROR);
    assertThat(out.deadLetters.getFirst().error())
        .contains("ABC/XYZ")
        .contains("trade")
        .contains("Currency pair not supported");
  }

  // --- scenarios ----------------------------------------------------------------------------

  /** Subscribes a session to a simulator and plays {@code frames} frames. */
  private static void play(KrakenV1Session session, KrakenV1Simulator sim, int frames) {
    for (String subscribe : session.onOpen(sim.now())) {
      for (String answer : sim.afterSubscribe(subscribe)) {
        session.onFrame(answer, sim.now());
      }
    }
    run(session, sim, frames);
  }

  private static void run(KrakenV1Session session, KrakenV1Simulator sim, int frames) {
    for (int i = 0; i < frames; i++) {
      String frame = sim.nextFrame();
      session.onFrame(frame, sim.now());
    }
  }

  private void answer(KrakenV1Session session, KrakenV1Simulator sim) {
    List<String> sent = List.copyOf(control.sent);
    control.sent.clear();
    for (String frame : sent) {
      for (String answer : sim.afterSubscribe(frame)) {
        session.onFrame(answer, sim.now());
      }
    }
  }

  private void assertBooksMatchPublished(KrakenV1Session session) {
    for (String id : List.of("kraken:BTC-USD", "kraken:ETH-USD")) {
      OrderBook held = session.book(id);
      assertThat(held).as(id).isNotNull();
      assertThat(held.depth(BookSide.BID)).isEqualTo(KrakenV1Protocol.BOOK_DEPTH);
      assertThat(held.sameLevels(out.rebuilt.get(id))).as(id).isTrue();
    }
  }

  @Test
  void shouldRebuildBooksFromSnapshotAndDeltas() {
    KrakenV1Session session = session(List.of(BTC_USD, ETH_USD));
    KrakenV1Simulator sim = KrakenV1Simulator.btcEth(7, START_NANOS);
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
    KrakenV1Session session = session(List.of(BTC_USD, ETH_USD));
    KrakenV1Simulator sim = KrakenV1Simulator.btcEth(11, START_NANOS);
    play(session, sim, 200);
    sim.corruptNextChecksum();
    while (out.gaps.isEmpty()) {
      session.onFrame(sim.nextFrame(), sim.now());
    }

    RecordingOutput.Gap gap = out.gaps.getFirst();
    assertThat(gap.kind()).isEqualTo(GapKind.CHECKSUM);
    String pair = gap.instrument().equals("kraken:BTC-USD") ? "XBT/USD" : "ETH/USD";
    assertThat(control.sent)
        .containsExactly(
            "{\"event\":\"unsubscribe\",\"reqid\":4,\"pair\":[\""
                + pair
                + "\"],"
                + "\"subscription\":{\"name\":\"book\",\"depth\":25}}",
            "{\"event\":\"subscribe\",\"reqid\":5,\"pair\":[\""
                + pair
                + "\"],"
                + "\"subscription\":{\"name\":\"book\",\"depth\":25}}");
    int published = out.books.size();
    answer(session, sim);

    assertThat(out.resynced).containsExactly(gap.instrument());
    assertThat(out.books.get(published).getKind()).isEqualTo(BookUpdate.Kind.KIND_SNAPSHOT);
    assertThat(out.books.get(published).getInstrument()).isEqualTo(gap.instrument());
    run(session, sim, 500);
    assertThat(out.gaps).hasSize(1);
    assertThat(out.deadLetters).isEmpty();
    assertBooksMatchPublished(session);
  }

  @Test
  void shouldDetectALostUpdateByItsChecksumAndResync() {
    KrakenV1Session session = session(List.of(BTC_USD, ETH_USD));
    KrakenV1Simulator sim = KrakenV1Simulator.btcEth(13, START_NANOS);
    play(session, sim, 200);
    sim.dropNextBookUpdate();
    for (int i = 0; i < 200 && out.gaps.isEmpty(); i++) {
      session.onFrame(sim.nextFrame(), sim.now());
    }

    assertThat(out.gaps).hasSize(1);
    assertThat(out.gaps.getFirst().kind()).isEqualTo(GapKind.CHECKSUM);
    answer(session, sim);
    run(session, sim, 300);
    assertThat(out.resynced).containsExactly(out.gaps.getFirst().instrument());
    assertBooksMatchPublished(session);
  }

  @Test
  void shouldWaitForFreshSnapshotsAfterReconnect() {
    KrakenV1Session session = session(List.of(BTC_USD, ETH_USD));
    KrakenV1Simulator sim = KrakenV1Simulator.btcEth(17, START_NANOS);
    play(session, sim, 400);
    int trades = out.trades.size();
    assertThat(trades).isGreaterThan(3);

    List<String> subscribe = session.onOpen(sim.now());
    assertThat(out.gaps)
        .extracting(RecordingOutput.Gap::kind)
        .containsExactly(GapKind.RECONNECT, GapKind.RECONNECT);
    int published = out.books.size();
    // Updates before the new snapshot are not published.
    for (int i = 0; i < 20; i++) {
      session.onFrame(sim.nextFrame(), sim.now());
    }
    assertThat(out.count(BookUpdate.Kind.KIND_DELTA))
        .isEqualTo(
            out.books.subList(0, published).stream()
                .filter(b -> b.getKind() == BookUpdate.Kind.KIND_DELTA)
                .count());
    for (String frame : subscribe) {
      for (String answer : sim.afterSubscribe(frame)) {
        session.onFrame(answer, sim.now());
      }
    }
    assertThat(out.resynced).containsExactlyInAnyOrder("kraken:BTC-USD", "kraken:ETH-USD");
    run(session, sim, 300);
    assertThat(out.deadLetters).isEmpty();
    assertBooksMatchPublished(session);
  }

  @Test
  void shouldDeadLetterBadInputAndStillDecodeTheNextFrame() {
    KrakenV1Session session = session(List.of(BTC_USD));
    session.onFrame("not json", RECEIVED);
    session.onFrame("[337,[[\"1\",\"2\"", RECEIVED);
    session.onFrame("{\"event\":\"surprise\"}", RECEIVED);
    session.onFrame("[1,{\"x\":1},\"spreadsheet\",\"XBT/USD\"]", RECEIVED);
    session.onFrame(
        "[337,[[\"65000.1\",\"abc\",\"1786276801.1\",\"b\",\"l\",\"\"],"
            + "[\"0\",\"1\",\"1786276801.2\",\"b\",\"l\",\"\"],"
            + "[\"-5\",\"1\",\"1786276801.3\",\"s\",\"l\",\"\"],"
            + "[\"65000.1\",\"1\",\"1786276801.4\",\"x\",\"l\",\"\"],"
            + "[\"65000.1\",\"1\",\"yesterday\",\"s\",\"l\",\"\"],"
            + "[\"65000.2\",\"0.5\",\"1786276801.5\",\"s\",\"l\",\"\"]],\"trade\",\"XBT/USD\"]",
        RECEIVED);
    session.onFrame(
        "[337,[[\"1\",\"1\",\"1786276801.5\",\"s\",\"l\",\"\"]],\"trade\",\"DOGE\"]", RECEIVED);
    session.onFrame(
        "[337,[[\"1\",\"1\",\"1786276801.5\",\"s\",\"l\",\"\"]],\"trade\",\"ETH/USD\"]", RECEIVED);
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
            ErrorKind.UNKNOWN_INSTRUMENT,
            ErrorKind.UNKNOWN_INSTRUMENT);
    assertThat(out.deadLetters.get(4).error()).contains("\"volume\"").contains("trade 0");
    assertThat(out.deadLetters.get(5).error()).contains("\"price\"").contains("not positive");
    assertThat(out.deadLetters.get(6).error()).contains("\"price\"").contains("trade 2");
    assertThat(out.deadLetters.get(7).error()).contains("\"side\"");
    assertThat(out.deadLetters.get(8).error()).contains("\"time\"");
    assertThat(out.deadLetters.get(10).error())
        .contains("kraken:ETH-USD")
        .contains("not subscribed");
    // The good trade inside the bad frame, then the two of the good frame.
    assertThat(out.trades)
        .extracting(t -> t.getPrice().getValue())
        .containsExactly("65000.2", "65000.10000", "64999.90000");
  }

  @Test
  void shouldDeadLetterABadBookFrameAndResyncThatBook() {
    KrakenV1Session session = session(List.of(BTC_USD));
    session.onFrame(fixture("book-snapshot.json"), RECEIVED);
    session.onFrame(
        "[341,{\"a\":[[\"65000.5\",\"lots\",\"1786276801.0\"]],\"c\":\"1\"},\"book-10\",\"XBT/USD\"]",
        RECEIVED);

    assertThat(out.deadLetters).hasSize(1);
    assertThat(out.deadLetters.getFirst().kind()).isEqualTo(ErrorKind.BAD_NUMBER);
    assertThat(out.deadLetters.getFirst().error())
        .contains("kraken:BTC-USD")
        .contains("\"volume\"");
    assertThat(out.gaps)
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.instrument()).isEqualTo("kraken:BTC-USD");
              assertThat(g.kind()).isEqualTo(GapKind.SEQUENCE);
            });
    assertThat(control.sent).hasSize(2);
    assertThat(control.sent.get(0)).contains("\"unsubscribe\"").contains("\"depth\":10");
    session.onFrame(fixture("book-update.json"), RECEIVED); // before the new snapshot: dropped
    assertThat(out.ignored).containsEntry("book_awaiting_snapshot", 1);
    session.onFrame(fixture("book-snapshot.json"), RECEIVED);
    session.onFrame(fixture("book-update.json"), RECEIVED);
    assertThat(out.resynced).containsExactly("kraken:BTC-USD");
    assertThat(out.count(BookUpdate.Kind.KIND_DELTA)).isEqualTo(1);
    assertThat(out.books.getLast().getChecksum()).isEqualTo(2896530140L);
  }

  @Test
  void shouldAcceptAnyMappablePairWithoutConfiguredInstruments() {
    session(List.of()).onFrame(fixture("trade.json").replace("XBT/USD", "XBT/EUR"), RECEIVED);
    assertThat(out.trades).extracting(Trade::getInstrument).containsOnly("kraken:BTC-EUR");
    assertThat(Instant.ofEpochSecond(out.trades.getFirst().getEventTime().getSeconds()))
        .isEqualTo(Instant.parse("2026-08-09T12:00:01Z"));
  }
}
