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
 * The Advanced Trade session against the simulated venue: books, sequence gaps, reconnects, bad
 * input.
 */
class CoinbaseAdvancedSessionTest {

  private static final List<String> PRODUCTS = List.of("BTC-USD", "ETH-USD");

  private CoinbaseAdvancedSimulator venue;
  private RecordingOutput out;
  private RecordingControl control;
  private ProtocolSession session;

  @BeforeEach
  void connect() {
    venue = new CoinbaseAdvancedSimulator(11L, PRODUCTS, DemoCapture.START);
    out = new RecordingOutput();
    control = new RecordingControl();
    session =
        Sessions.of(
            new CoinbaseAdvancedProtocol(),
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

  private OrderBook venueBook(String id) {
    SimulatedMarket.Product p = venue.product(id);
    OrderBook book = new OrderBook();
    p.levels(true).forEach(l -> book.set(BookSide.BID, l[0], l[1]));
    p.levels(false).forEach(l -> book.set(BookSide.ASK, l[0], l[1]));
    return book;
  }

  private void assertBooksMatchTheVenue() {
    for (String id : PRODUCTS) {
      assertThat(out.rebuilt.get("coinbase:" + id).sameLevels(venueBook(id))).as(id).isTrue();
    }
  }

  @Test
  void shouldSubscribeOneChannelPerFrame() {
    ProtocolSession fresh =
        Sessions.of(
            new CoinbaseAdvancedProtocol(),
            Sessions.instruments("coinbase:BTC-USD", "coinbase:ETH-USD"),
            out,
            control);

    assertThat(fresh.onOpen(0))
        .containsExactly(
            "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],"
                + "\"channel\":\"market_trades\"}",
            "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],"
                + "\"channel\":\"ticker\"}",
            "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],"
                + "\"channel\":\"level2\"}",
            "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],"
                + "\"channel\":\"heartbeats\"}");
  }

  @Test
  void shouldRejectInstrumentsOfAnotherVenue() {
    CoinbaseAdvancedProtocol protocol = new CoinbaseAdvancedProtocol();
    assertThatThrownBy(
            () -> protocol.plan(protocol.defaultEndpoint(), Sessions.instruments("okx:BTC-USDT")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("okx:BTC-USDT");
  }

  @Test
  void shouldRebuildTheVenuesBookFromSnapshotAndDeltas() {
    run(3_000);

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.gaps).isEmpty();
    assertThat(control.reconnects).isEmpty();
    assertThat(out.count(BookUpdate.Kind.KIND_DELTA)).isGreaterThan(1_500);
    assertBooksMatchTheVenue();
  }

  @Test
  void shouldReconnectAndResyncBooksAfterSequenceGap() {
    run(300);
    venue.skipNextSequence();
    run(1);

    assertThat(out.gaps)
        .extracting(RecordingOutput.Gap::kind)
        .containsExactly(GapKind.SEQUENCE, GapKind.SEQUENCE);
    assertThat(out.gaps.getFirst().detail()).matches("sequence_num \\d+ where \\d+ was due");
    assertThat(control.reconnects).containsExactly(out.gaps.getFirst().detail());
    int books = out.books.size();
    run(50);
    // Books stay closed until the new connection's snapshots; trades and quotes carry on.
    assertThat(out.books).hasSize(books);

    venue.disconnect();
    open();

    assertThat(out.gaps).hasSize(2); // no RECONNECT gap: both books were already closed
    assertThat(out.resynced).containsExactlyInAnyOrder("coinbase:BTC-USD", "coinbase:ETH-USD");
    assertThat(out.count(BookUpdate.Kind.KIND_SNAPSHOT)).isEqualTo(4);
    run(300);
    assertThat(control.reconnects).hasSize(1);
    assertBooksMatchTheVenue();
  }

  @Test
  void shouldCountTheSequenceOfAFrameOnAnUnknownChannel() {
    run(100);
    String frame = venue.nextFrame();
    while (frame.contains("\"l2_data\"")) {
      session.onFrame(frame, venue.now());
      frame = venue.nextFrame();
    }
    session.onFrame(
        frame.replaceFirst("\"channel\":\"[^\"]*\"", "\"channel\":\"level3\""), venue.now());
    run(300);

    assertThat(out.deadLetters)
        .extracting(RecordingOutput.DeadLetter::kind)
        .containsExactly(ErrorKind.UNKNOWN_MESSAGE);
    assertThat(out.gaps).isEmpty();
    assertThat(control.reconnects).isEmpty();
    assertBooksMatchTheVenue();
  }

  @Test
  void shouldReconnectWhenABookEventNamesNoProduct() {
    run(100);
    String frame = venue.nextFrame();
    while (!frame.contains("\"l2_data\"")) {
      session.onFrame(frame, venue.now());
      frame = venue.nextFrame();
    }
    session.onFrame(frame.replaceFirst("\"product_id\":\"[^\"]*\",?", ""), venue.now());

    assertThat(out.deadLetters)
        .extracting(RecordingOutput.DeadLetter::kind)
        .containsExactly(ErrorKind.MISSING_FIELD);
    assertThat(out.gaps)
        .extracting(g -> g.instrument() + " " + g.kind())
        .containsExactlyInAnyOrder("coinbase:BTC-USD sequence", "coinbase:ETH-USD sequence");
    assertThat(control.reconnects).hasSize(1);

    venue.disconnect();
    open();
    run(300);

    assertThat(out.resynced).containsExactlyInAnyOrder("coinbase:BTC-USD", "coinbase:ETH-USD");
    assertBooksMatchTheVenue();
  }

  @Test
  void shouldReconnectAfterAnUnusableBookUpdate() {
    run(100);
    venue.corruptNextUpdate();
    while (out.deadLetters.isEmpty()) {
      session.onFrame(venue.nextFrame(), venue.now());
    }

    assertThat(out.deadLetters.getFirst().kind()).isEqualTo(ErrorKind.BAD_NUMBER);
    assertThat(out.deadLetters.getFirst().error())
        .startsWith("l2_data update: field \"new_quantity\" is negative");
    assertThat(out.gaps).hasSize(1);
    assertThat(control.reconnects).hasSize(1);

    venue.disconnect();
    open();
    run(200);

    // The other book was open when the connection dropped: it has a RECONNECT gap.
    assertThat(out.gaps)
        .extracting(RecordingOutput.Gap::kind)
        .containsExactly(GapKind.SEQUENCE, GapKind.RECONNECT);
    assertThat(out.gaps.get(1).instrument()).isNotEqualTo(out.gaps.getFirst().instrument());
    assertThat(out.resynced).containsExactlyInAnyOrder("coinbase:BTC-USD", "coinbase:ETH-USD");
    assertBooksMatchTheVenue();
  }

  @Test
  void shouldPublishReSentTradesOnceAfterReconnect() {
    run(400);
    int trades = out.trades.size();
    assertThat(trades).isGreaterThan(20);
    venue.disconnect();

    List<String> subscribe = session.onOpen(venue.now());

    assertThat(out.gaps)
        .extracting(RecordingOutput.Gap::kind)
        .containsExactly(GapKind.RECONNECT, GapKind.RECONNECT);
    for (String frame : subscribe) {
      venue.afterSubscribe(frame).forEach(f -> session.onFrame(f, venue.now()));
    }

    // The market_trades snapshot re-sends recent trades: all were published before.
    assertThat(out.trades).hasSize(trades);
    assertThat(out.ignored.get("duplicate_trade")).isGreaterThan(20);
    assertThat(out.resynced).containsExactlyInAnyOrder("coinbase:BTC-USD", "coinbase:ETH-USD");
    run(300);
    assertThat(out.trades.stream().map(Trade::getTradeId).distinct()).hasSize(out.trades.size());
    assertThat(out.deadLetters).isEmpty();
    assertBooksMatchTheVenue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          {"channel":"market_trades","events":[                    | MALFORMED_JSON   | not JSON
          "market_trades"                                           | MALFORMED_JSON   | frame is not a JSON object
          {"sequence_num":1,"events":[]}                            | MISSING_FIELD    | frame has no text field "channel"
          {"channel":"level3","sequence_num":1,"events":[]}         | UNKNOWN_MESSAGE  | unknown channel 'level3'
          {"channel":"heartbeats","sequence_num":"x","events":[]}   | BAD_NUMBER       | field "sequence_num" is not an integer
          `TRADE:"price":"65,083.67"`                               | BAD_NUMBER       | market_trades trade 1068572091: field "price" is not a decimal
          `TRADE:"price":"0"`                                       | BAD_NUMBER       | field "price" is not positive
          `TRADE:"size":"-0.1"`                                     | BAD_NUMBER       | field "size" is not positive
          `TRADE:"side":"UP"`                                       | BAD_VALUE        | field "side" is 'UP', not BUY or SELL
          `TRADE:"time":"soon"`                                     | BAD_TIME         | field "time" is not an RFC 3339 time
          `TRADE:"product_id":"BTCUSD"`                             | UNKNOWN_INSTRUMENT | product_id 'BTCUSD'
          """)
  void shouldDeadLetterBadInputAndDecodeTheNextFrame(String frame, ErrorKind kind, String error) {
    String good = MarketFixtures.frame("coinbase-advanced", "market_trades-update.json");
    String bad =
        frame.startsWith("TRADE:")
            ? good.replaceFirst(
                frame.substring(6, frame.indexOf(':', 6)) + ":\"[^\"]*\"", frame.substring(6))
            : frame;
    RecordingOutput fresh = new RecordingOutput();
    ProtocolSession s =
        Sessions.of(new CoinbaseAdvancedProtocol(), List.of(), fresh, new RecordingControl());
    s.onOpen(0);

    s.onFrame(bad, 1);
    s.onFrame(good.replace("1068572091", "1068572099").replace("55201", "55202"), 2);

    assertThat(fresh.deadLetters).hasSize(1);
    assertThat(fresh.deadLetters.getFirst().kind()).isEqualTo(kind);
    assertThat(fresh.deadLetters.getFirst().error()).contains(error);
    // The good trade beside a bad one in the same frame is kept; the next frame decodes.
    int keptBeside = frame.startsWith("TRADE:") ? 1 : 0;
    assertThat(fresh.trades).hasSize(2 + keptBeside);
  }
}
