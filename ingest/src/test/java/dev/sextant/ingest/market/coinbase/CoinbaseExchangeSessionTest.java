package dev.sextant.ingest.market.coinbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.GapKind;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.book.BookSide;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.ingest.market.testkit.RecordingControl;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Trade;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Exchange session against the simulated venue: books, gaps, resyncs, reconnects, bad input.
 */
class CoinbaseExchangeSessionTest {

  private static final List<String> PRODUCTS = List.of("BTC-USD", "ETH-USD");

  private CoinbaseExchangeSimulator venue;
  private RecordingOutput out;
  private RecordingControl control;
  private ProtocolSession session;

  @BeforeEach
  void connect() {
    venue = new CoinbaseExchangeSimulator(7L, PRODUCTS, DemoCapture.START);
    out = new RecordingOutput();
    control = new RecordingControl();
    session =
        Sessions.of(
            new CoinbaseExchangeProtocol(),
            Sessions.instruments("coinbase:BTC-USD", "coinbase:ETH-USD"),
            out,
            control);
    open();
  }

  private void open() {
    for (String subscribe : session.onOpen(venue.now())) {
      venue.afterSubscribe(subscribe).forEach(f -> session.onFrame(f, venue.now()));
    }
  }

  /** Feeds {@code frames} frames, and then the rest of the last event's frames. */
  private void run(int frames) {
    for (int i = 0; i < frames || venue.hasPending(); i++) {
      session.onFrame(venue.nextFrame(), venue.now());
    }
  }

  /** Sends what the session asked for and feeds the venue's answers back. */
  private void answerRequests() {
    List<String> sent = List.copyOf(control.sent);
    control.sent.clear();
    for (String frame : sent) {
      venue.afterSubscribe(frame).forEach(f -> session.onFrame(f, venue.now()));
    }
  }

  private static OrderBook venueBook(SimulatedMarket.Product p) {
    OrderBook book = new OrderBook();
    p.levels(true).forEach(l -> book.set(BookSide.BID, l[0], l[1]));
    p.levels(false).forEach(l -> book.set(BookSide.ASK, l[0], l[1]));
    return book;
  }

  private SimulatedMarket.Product product(String id) {
    return venue.product(id);
  }

  @Test
  void shouldSubscribeEveryChannelInOneFrame() {
    assertThat(
            new CoinbaseExchangeSession(
                    new dev.sextant.ingest.market.SessionContext(
                        new CoinbaseExchangeProtocol()
                            .plan(
                                new CoinbaseExchangeProtocol().defaultEndpoint(),
                                Sessions.instruments("coinbase:BTC-USD", "coinbase:ETH-USD"))
                            .getFirst(),
                        java.util.Optional.empty(),
                        Sessions.REGISTRY,
                        out,
                        control))
                .onOpen(0))
        .containsExactly(
            "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],"
                + "\"channels\":[\"heartbeat\",\"matches\",\"ticker\",\"level2_batch\"]}");
  }

  @Test
  void shouldRejectInstrumentsOfAnotherVenueOrKind() {
    CoinbaseExchangeProtocol protocol = new CoinbaseExchangeProtocol();
    assertThatThrownBy(
            () ->
                protocol.plan(protocol.defaultEndpoint(), Sessions.instruments("binance:BTC-USDT")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("binance:BTC-USDT");
    assertThatThrownBy(
            () ->
                protocol.plan(
                    protocol.defaultEndpoint(), Sessions.instruments("coinbase:BTC-USD-PERP")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("coinbase:BTC-USD-PERP");
  }

  @Test
  void shouldRebuildTheVenuesBookFromSnapshotAndDeltas() {
    run(3_000);

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.gaps).isEmpty();
    assertThat(out.count(BookUpdate.Kind.KIND_DELTA)).isGreaterThan(1_500);
    for (String id : PRODUCTS) {
      assertThat(out.rebuilt.get("coinbase:" + id).sameLevels(venueBook(product(id))))
          .as(id)
          .isTrue();
    }
  }

  @Test
  void shouldReportGapWhenAHeartbeatShowsALostMatch() {
    run(200);
    venue.dropNextMatch();
    run(200);

    assertThat(out.gaps).hasSize(1);
    assertThat(out.gaps.getFirst().kind()).isEqualTo(GapKind.SEQUENCE);
    assertThat(out.gaps.getFirst().detail()).endsWith("missed 1");
    assertThat(control.sent).isEmpty();
  }

  @Test
  void shouldResyncBookAfterAnUnusableUpdate() {
    run(100);
    venue.corruptNextUpdate();
    String instrument = null;
    while (out.deadLetters.isEmpty()) {
      String frame = venue.nextFrame();
      session.onFrame(frame, venue.now());
      if (frame.contains("l2update")) {
        instrument = "coinbase:" + (frame.contains("BTC-USD") ? "BTC-USD" : "ETH-USD");
      }
    }

    assertThat(out.deadLetters.getFirst().kind()).isEqualTo(ErrorKind.BAD_NUMBER);
    assertThat(out.deadLetters.getFirst().error()).contains("\"size\" is negative");
    assertThat(out.gaps).extracting(RecordingOutput.Gap::instrument).containsExactly(instrument);
    String product = instrument.substring("coinbase:".length());
    assertThat(control.sent)
        .containsExactly(
            "{\"type\":\"unsubscribe\",\"product_ids\":[\""
                + product
                + "\"],"
                + "\"channels\":[\"level2_batch\"]}",
            "{\"type\":\"subscribe\",\"product_ids\":[\""
                + product
                + "\"],"
                + "\"channels\":[\"level2_batch\"]}");
    long snapshots = out.count(BookUpdate.Kind.KIND_SNAPSHOT);

    answerRequests();
    run(500);

    assertThat(out.count(BookUpdate.Kind.KIND_SNAPSHOT)).isEqualTo(snapshots + 1);
    assertThat(out.resynced).containsExactly(instrument);
    assertThat(out.rebuilt.get(instrument).sameLevels(venueBook(product(product)))).isTrue();
  }

  @Test
  void shouldResyncEveryBookWhenAnUpdateNamesNoProduct() {
    run(100);
    String frame = venue.nextFrame();
    while (!frame.contains("l2update")) {
      session.onFrame(frame, venue.now());
      frame = venue.nextFrame();
    }
    // The update is lost and whose it was is unknown: both books must resync.
    session.onFrame(frame.replaceFirst("\"product_id\":\"[^\"]*\",?", ""), venue.now());

    assertThat(out.deadLetters)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(ErrorKind.MISSING_FIELD);
              assertThat(d.error()).contains("product_id");
            });
    assertThat(out.gaps)
        .extracting(g -> g.instrument() + " " + g.kind())
        .containsExactlyInAnyOrder("coinbase:BTC-USD sequence", "coinbase:ETH-USD sequence");
    assertThat(control.sent)
        .containsExactly(
            "{\"type\":\"unsubscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],"
                + "\"channels\":[\"level2_batch\"]}",
            "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],"
                + "\"channels\":[\"level2_batch\"]}");

    answerRequests();
    run(500);

    assertThat(out.resynced).containsExactlyInAnyOrder("coinbase:BTC-USD", "coinbase:ETH-USD");
    for (String product : PRODUCTS) {
      assertThat(out.rebuilt.get("coinbase:" + product).sameLevels(venueBook(product(product))))
          .as(product)
          .isTrue();
    }
  }

  @Test
  void shouldAskForTheSnapshotsAgainWhenAFrameIsLostUnread() {
    // The first snapshot of a fresh connection is lost: without a new subscription the book
    // would wait for it forever.
    RecordingOutput fresh = new RecordingOutput();
    RecordingControl freshControl = new RecordingControl();
    ProtocolSession lossy =
        Sessions.of(
            new CoinbaseExchangeProtocol(),
            Sessions.instruments("coinbase:BTC-USD", "coinbase:ETH-USD"),
            fresh,
            freshControl);
    CoinbaseExchangeSimulator market = new CoinbaseExchangeSimulator(7L, PRODUCTS, venue.now());
    for (String subscribe : lossy.onOpen(market.now())) {
      List<String> answer = market.afterSubscribe(subscribe);
      boolean lost = false;
      for (String frame : answer) {
        if (!lost && frame.contains("\"snapshot\"")) {
          lost = true;
          lossy.onLost(market.now());
        } else {
          lossy.onFrame(frame, market.now());
        }
      }
    }
    assertThat(fresh.gaps).isEmpty(); // no published book was open yet
    assertThat(freshControl.sent).hasSize(2);
    for (String frame : freshControl.sent) {
      market.afterSubscribe(frame).forEach(f -> lossy.onFrame(f, market.now()));
    }
    for (int i = 0; i < 500 || market.hasPending(); i++) {
      lossy.onFrame(market.nextFrame(), market.now());
    }

    for (String product : PRODUCTS) {
      assertThat(fresh.rebuilt.get("coinbase:" + product)).as(product).isNotNull();
      assertThat(
              fresh
                  .rebuilt
                  .get("coinbase:" + product)
                  .sameLevels(venueBook(market.product(product))))
          .as(product)
          .isTrue();
    }
  }

  @Test
  void shouldPublishReSentTradesOnceAndWaitForSnapshotsAfterReconnect() {
    run(400);
    int trades = out.trades.size();
    assertThat(trades).isPositive();
    venue.disconnect();

    List<String> subscribe = session.onOpen(venue.now());

    assertThat(out.gaps)
        .extracting(RecordingOutput.Gap::kind)
        .containsExactly(GapKind.RECONNECT, GapKind.RECONNECT);
    // An update before the new snapshot is not published.
    int books = out.books.size();
    session.onFrame(
        "{\"type\":\"l2update\",\"product_id\":\"BTC-USD\",\"changes\":[[\"buy\",\"1.00\",\"1\"]],"
            + "\"time\":\"2026-03-05T14:00:00.000001Z\"}",
        venue.now());
    assertThat(out.books).hasSize(books);

    for (String frame : subscribe) {
      venue.afterSubscribe(frame).forEach(f -> session.onFrame(f, venue.now()));
    }

    // The last_match of each product was published before: not again.
    assertThat(out.trades).hasSize(trades);
    assertThat(out.ignored).containsEntry("duplicate_last_match", 2);
    assertThat(out.resynced).containsExactlyInAnyOrder("coinbase:BTC-USD", "coinbase:ETH-USD");
    run(300);
    assertThat(out.trades.stream().map(Trade::getTradeId).distinct()).hasSize(out.trades.size());
    for (String id : PRODUCTS) {
      assertThat(out.rebuilt.get("coinbase:" + id).sameLevels(venueBook(product(id)))).isTrue();
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          {"type":"match","trade_id":1,"side":"sell"                | MALFORMED_JSON   | not JSON
          [1,2]                                                      | MALFORMED_JSON   | frame is not a JSON object
          {"type":"match"}{"type":"match"}                           | MALFORMED_JSON   | data after the JSON object
          {"trade_id":1}                                             | MISSING_FIELD    | frame has no text field "type"
          {"type":"full_book"}                                       | UNKNOWN_MESSAGE  | unknown frame type 'full_book'
          `MATCH:"price":"6,5000.00"`                                | BAD_NUMBER       | field "price" is not a decimal
          `MATCH:"price":"0"`                                        | BAD_NUMBER       | field "price" is not positive
          `MATCH:"price":"-3"`                                       | BAD_NUMBER       | field "price" is not positive
          `MATCH:"price":"1e2147483647"`                             | BAD_NUMBER       | field "price" has more than 40 digits
          `MATCH:"side":"up"`                                        | BAD_VALUE        | field "side" is 'up', not buy or sell
          `MATCH:"time":"yesterday"`                                 | BAD_TIME         | field "time" is not an RFC 3339 time
          `MATCH:"trade_id":1.5`                                     | BAD_NUMBER       | field "trade_id" is not an integer
          `MATCH:"product_id":"BTCUSD"`                              | UNKNOWN_INSTRUMENT | product_id 'BTCUSD'
          `MATCH:"sequence":null`                                    | MISSING_FIELD    | missing field "sequence"
          """)
  void shouldDeadLetterBadInputAndDecodeTheNextFrame(String frame, ErrorKind kind, String error) {
    String good = MarketFixtures.frame("coinbase-exchange", "match.json");
    String bad =
        frame.startsWith("MATCH:")
            ? good.replaceFirst(
                frame.substring(6, frame.indexOf(':', 6)) + ":(\"[^\"]*\"|[0-9]+)",
                frame.substring(6))
            : frame;
    RecordingOutput fresh = new RecordingOutput();
    ProtocolSession s =
        Sessions.of(new CoinbaseExchangeProtocol(), List.of(), fresh, new RecordingControl());
    s.onOpen(0);

    s.onFrame(bad, 1);
    s.onFrame(good, 2);

    assertThat(fresh.deadLetters).hasSize(1);
    assertThat(fresh.deadLetters.getFirst().kind()).isEqualTo(kind);
    assertThat(fresh.deadLetters.getFirst().error()).contains(error);
    assertThat(fresh.trades).hasSize(1);
  }

  @Test
  void shouldDeadLetterASnapshotWithABadLevelAndAskForAnother() {
    String bad =
        MarketFixtures.frame("coinbase-exchange", "snapshot.json").replace("\"2.5\"", "\"x\"");

    session.onFrame(bad, 1);

    assertThat(out.deadLetters).hasSize(1);
    assertThat(out.deadLetters.getFirst().error()).startsWith("snapshot: field \"size\"");
    assertThat(control.sent).hasSize(2);
    assertThat(control.sent.get(1)).contains("\"subscribe\"").contains("BTC-USD");
  }

  // --- hardened bounds of match decoding --------------------------------------------------------

  private static String match() {
    return MarketFixtures.frame("coinbase-exchange", "match.json");
  }

  /** {@code match.json} with the value of {@code field} ({@code "name":value}) replaced. */
  private static String matchWith(String field) {
    String name = field.substring(0, field.indexOf(':'));
    return match().replaceFirst(name + ":(\"[^\"]*\"|[0-9]+)", field);
  }

  /** What a fresh session makes of {@code frame} followed by a good match. */
  private static RecordingOutput decode(String frame) {
    RecordingOutput fresh = new RecordingOutput();
    ProtocolSession s =
        Sessions.of(new CoinbaseExchangeProtocol(), List.of(), fresh, new RecordingControl());
    s.onOpen(0);
    s.onFrame(frame, 1);
    s.onFrame(match().replace("48213907", "48213908"), 2);
    return fresh;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          "size":"0"                      | BAD_NUMBER         | field "size" is not positive
          "size":"-1"                     | BAD_NUMBER         | field "size" is not positive
          "sequence":1.5                  | BAD_NUMBER         | field "sequence" is not a 64-bit integer
          "sequence":99999999999999999999 | BAD_NUMBER         | field "sequence" is not a 64-bit integer
          "trade_id":null                 | MISSING_FIELD      | missing field "trade_id"
          "price":null                    | MISSING_FIELD      | missing field "price"
          "price":1e2147483647            | BAD_NUMBER         | field "price" has more than 40 digits
          "price":"1e300000000"           | BAD_NUMBER         | field "price" has more than 40 digits
          "price":"1e-2147483647"         | BAD_NUMBER         | field "price" has more than 40 digits
          "price":"1E+41"                 | BAD_NUMBER         | field "price" has more than 40 digits
          "price":"0.00000000000000000000000000000000000000001" | BAD_NUMBER | field "price" has more than 40 digits
          """)
  void shouldDeadLetterAMatchFieldOutOfBoundsAndDecodeTheNextFrame(
      String field, ErrorKind kind, String error) {
    RecordingOutput out = decode(matchWith(field));

    assertThat(out.deadLetters).hasSize(1);
    assertThat(out.deadLetters.getFirst().kind()).isEqualTo(kind);
    assertThat(out.deadLetters.getFirst().error()).contains(error);
    assertThat(out.trades).extracting(Trade::getTradeId).containsExactly("48213908");
  }

  @Test
  void shouldKeepEveryDigitOfAPriceSentAsAJsonNumber() {
    RecordingOutput out = decode(matchWith("\"price\":0.1000000000000000055511"));

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.trades.getFirst().getPrice().getValue()).isEqualTo("0.1000000000000000055511");
  }

  @Test
  void shouldAcceptFortyDigitsOnEitherSideOfThePoint() {
    String digits = "1234567890".repeat(4);

    RecordingOutput out = decode(matchWith("\"price\":\"" + digits + "." + digits + "\""));

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.trades.getFirst().getPrice().getValue()).isEqualTo(digits + "." + digits);
  }

  @Test
  void shouldDeadLetterAHugeDecimalStringWithAShortMessage() {
    RecordingOutput out = decode(matchWith("\"price\":\"" + "1".repeat(1_000_000) + "\""));

    assertThat(out.deadLetters).hasSize(1);
    assertThat(out.deadLetters.getFirst().kind()).isEqualTo(ErrorKind.BAD_NUMBER);
    assertThat(out.deadLetters.getFirst().error()).contains("\"price\"").hasSizeLessThan(400);
    assertThat(out.trades).hasSize(1);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          "side":"HUGE"       | BAD_VALUE
          "time":"HUGE"       | BAD_TIME
          "trade_id":["HUGE"] | BAD_NUMBER
          "sequence":"HUGE"   | BAD_NUMBER
          "size":["HUGE"]     | BAD_NUMBER
          "product_id":"HUGE" | UNKNOWN_INSTRUMENT
          """)
  void shouldAbbreviateAHugeFieldInTheDeadLetter(String field, ErrorKind kind) {
    RecordingOutput out = decode(matchWith(field.replace("HUGE", "x".repeat(100_000))));

    assertThat(out.deadLetters).hasSize(1);
    assertThat(out.deadLetters.getFirst().kind()).isEqualTo(kind);
    assertThat(out.deadLetters.getFirst().error()).hasSizeLessThan(400);
    assertThat(out.trades).hasSize(1);
  }
}
