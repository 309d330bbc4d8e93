package dev.sextant.ingest.market.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.GapKind;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.RestFrame;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.ingest.market.testkit.RecordingControl;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.BookUpdate;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Binance sessions against the simulator and hand-written frames: sync, gaps, faults. */
class BinanceSessionTest {

  private static final long START = 1_772_460_000_000L;
  private static final Instrument BTC = Instrument.parse("binance:BTC-USDT");
  private static final Instrument ETH = Instrument.parse("binance:ETH-USDT");
  private static final Instrument BTC_PERP = Instrument.parse("binance-futures:BTC-USDT-PERP");
  private static final Instrument ETH_PERP = Instrument.parse("binance-futures:ETH-USDT-PERP");
  private static final URI BTC_SNAPSHOT =
      URI.create("https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=1000");
  private static final URI BTC_PERP_SNAPSHOT =
      URI.create("https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT&limit=1000");

  private static SimulatedFeed spotFeed(long seed) {
    return new SimulatedFeed(
        BinanceProtocol.spot(),
        BinanceSimulator.spot(seed, START, "BTCUSDT", "ETHUSDT"),
        List.of(BTC, ETH));
  }

  private static SimulatedFeed futuresFeed(long seed) {
    return new SimulatedFeed(
        BinanceProtocol.futures(),
        BinanceSimulator.futures(seed, START, "BTCUSDT", "ETHUSDT"),
        List.of(BTC_PERP, ETH_PERP));
  }

  private static void assertBooksMatchVenue(SimulatedFeed feed, String btc, String eth) {
    feed.drain();
    assertThat(feed.output.rebuilt.get(btc).sameLevels(feed.simulator.book("BTCUSDT")))
        .as("%s rebuilt from the records equals the venue's", btc)
        .isTrue();
    assertThat(feed.output.rebuilt.get(eth).sameLevels(feed.simulator.book("ETHUSDT")))
        .as("%s rebuilt from the records equals the venue's", eth)
        .isTrue();
  }

  @Test
  void shouldSubscribeEveryInstrumentOnOneConnection() {
    SimulatedFeed feed = spotFeed(1);
    assertThat(feed.session.onOpen(START))
        .containsExactly(
            "{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\",\"btcusdt@bookTicker\","
                + "\"btcusdt@depth@100ms\",\"ethusdt@trade\",\"ethusdt@bookTicker\","
                + "\"ethusdt@depth@100ms\"],\"id\":1}");
    SimulatedFeed futures = futuresFeed(1);
    assertThat(futures.session.onOpen(START).getFirst())
        .startsWith("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@aggTrade\",");
  }

  @Test
  void shouldChunkSubscribeMessagesAndSplitConnectionsAtTheStreamLimit() {
    BinanceProtocol protocol = BinanceProtocol.spot();
    List<Instrument> many =
        IntStream.range(0, 400).mapToObj(i -> Instrument.spot("binance", "C" + i, "USDT")).toList();
    List<ConnectionPlan> plans = protocol.plan(protocol.defaultEndpoint(), many);
    assertThat(plans).extracting(ConnectionPlan::label).containsExactly("1", "2");
    assertThat(plans.get(0).instruments()).hasSize(341);
    assertThat(plans.get(1).instruments()).hasSize(59);
    assertThat(protocol.plan(protocol.defaultEndpoint(), List.of(BTC)))
        .extracting(ConnectionPlan::label)
        .containsExactly("");

    ProtocolSession session =
        protocol.newSession(
            new SessionContext(
                plans.getFirst(),
                protocol.defaultRestEndpoint(),
                Registry.loadDefault(),
                new RecordingOutput(),
                new RecordingControl()));
    List<String> frames = session.onOpen(START);
    // 341 instruments x 3 streams = 1023 params, at most 200 per message.
    assertThat(frames).hasSize(6);
    assertThat(frames.getFirst().split("usdt@")).hasSize(201);
    assertThat(frames.getLast()).contains("\"id\":6}");
    assertThat(String.join("", frames).split("@depth@100ms")).hasSize(342);
  }

  @Test
  void shouldRejectInstrumentsOfAnotherVenueOrKind() {
    assertThatThrownBy(
            () -> BinanceProtocol.spot().plan(URI.create("wss://x"), List.of(BTC, BTC_PERP)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("binance-futures:BTC-USDT-PERP");
    assertThatThrownBy(
            () ->
                BinanceProtocol.futures()
                    .plan(
                        URI.create("wss://x"),
                        List.of(Instrument.parse("binance-futures:BTC-USDT"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("binance-futures:BTC-USDT");
  }

  @Test
  void shouldMapDeliveryContractsBothWays() {
    SimulatedFeed feed = futuresFeed(2);
    feed.session.onFrame(
        "{\"stream\":\"btcusdt_250926@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1772460000100,"
            + "\"a\":7,\"s\":\"BTCUSDT_250926\",\"p\":\"66000.0\",\"q\":\"0.010\",\"f\":9,\"l\":9,"
            + "\"T\":1772460000099,\"m\":false}}",
        START * 1_000_000);
    assertThat(feed.output.trades.getFirst().getInstrument())
        .isEqualTo("binance-futures:BTC-USDT-250926");
    ProtocolSession session =
        BinanceProtocol.futures()
            .newSession(
                new SessionContext(
                    BinanceProtocol.futures()
                        .plan(
                            URI.create("wss://x"),
                            List.of(Instrument.parse("binance-futures:BTC-USDT-250926")))
                        .getFirst(),
                    BinanceProtocol.futures().defaultRestEndpoint(),
                    Registry.loadDefault(),
                    new RecordingOutput(),
                    new RecordingControl()));
    assertThat(session.onOpen(START).getFirst()).contains("\"btcusdt_250926@aggTrade\"");
  }

  @Test
  void shouldRebuildBooksEqualToTheVenueFromSnapshotAndDeltas() {
    for (SimulatedFeed feed : List.of(spotFeed(3), futuresFeed(3))) {
      feed.open();
      feed.run(3_000);
      assertThat(feed.output.deadLetters).isEmpty();
      assertThat(feed.output.gaps).isEmpty();
      assertThat(feed.output.count(BookUpdate.Kind.KIND_SNAPSHOT)).isEqualTo(2);
      assertThat(feed.control.fetched).hasSize(2);
      boolean futures = feed.control.fetched.getFirst().getHost().startsWith("fapi");
      String venue = futures ? "binance-futures:" : "binance:";
      String suffix = futures ? "-PERP" : "";
      assertBooksMatchVenue(feed, venue + "BTC-USDT" + suffix, venue + "ETH-USDT" + suffix);
    }
  }

  @Test
  void shouldResyncSpotBookAfterSequenceGap() {
    SimulatedFeed feed = spotFeed(4);
    feed.open();
    feed.run(500);
    feed.answerFetches = false;
    feed.simulator.skipSequence("BTCUSDT");
    while (feed.output.gaps.isEmpty()) {
      feed.run(1);
    }
    RecordingOutput.Gap gap = feed.output.gaps.getFirst();
    assertThat(gap.instrument()).isEqualTo("binance:BTC-USDT");
    assertThat(gap.kind()).isEqualTo(GapKind.SEQUENCE);
    assertThat(gap.detail()).contains("does not follow");
    assertThat(feed.control.fetched).hasSize(3).last().isEqualTo(BTC_SNAPSHOT);
    int booksAtGap = feed.output.books.size();
    feed.run(20);
    assertThat(
            feed.output.books.subList(booksAtGap, feed.output.books.size()).stream()
                .filter(b -> b.getInstrument().equals("binance:BTC-USDT")))
        .as("no BTC book record while the snapshot is on its way")
        .isEmpty();
    feed.answerFetches = true;
    feed.answerFetches();
    feed.run(200);
    assertThat(feed.output.resynced).containsExactly("binance:BTC-USDT");
    assertThat(feed.output.count(BookUpdate.Kind.KIND_SNAPSHOT)).isEqualTo(3);
    assertThat(feed.output.gaps).hasSize(1);
    assertBooksMatchVenue(feed, "binance:BTC-USDT", "binance:ETH-USDT");
  }

  @Test
  void shouldResyncFuturesBookWhenPreviousUpdateIdDoesNotLink() {
    SimulatedFeed feed = futuresFeed(5);
    feed.open();
    feed.run(500);
    feed.simulator.skipSequence("BTCUSDT");
    feed.run(200);
    assertThat(feed.output.gaps)
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.instrument()).isEqualTo("binance-futures:BTC-USDT-PERP");
              assertThat(g.kind()).isEqualTo(GapKind.SEQUENCE);
              assertThat(g.detail()).contains("pu=");
            });
    assertThat(feed.control.fetched).hasSize(3).last().isEqualTo(BTC_PERP_SNAPSHOT);
    assertThat(feed.output.resynced).containsExactly("binance-futures:BTC-USDT-PERP");
    assertBooksMatchVenue(feed, "binance-futures:BTC-USDT-PERP", "binance-futures:ETH-USDT-PERP");
  }

  @Test
  void shouldDeadLetterAFailedSnapshotAndFetchAgainAfterBackoff() {
    SimulatedFeed feed = spotFeed(6);
    feed.simulator.failNextSnapshots(1);
    feed.open();
    while (feed.control.fetched.isEmpty()) {
      feed.run(1);
    }
    assertThat(feed.output.deadLetters)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(ErrorKind.VENUE_ERROR);
              assertThat(d.error()).contains("HTTP 429").contains("Too many requests");
            });
    assertThat(btcFetches(feed)).isEqualTo(1);
    feed.run(3);
    assertThat(btcFetches(feed)).as("no retry before the backoff").isEqualTo(1);
    feed.run(300);
    assertThat(btcFetches(feed)).isEqualTo(2);
    assertThat(feed.output.count(BookUpdate.Kind.KIND_SNAPSHOT)).isEqualTo(2);
    assertBooksMatchVenue(feed, "binance:BTC-USDT", "binance:ETH-USDT");
  }

  @Test
  void shouldWaitForAFreshSnapshotAfterReconnectAndPublishResentTradesOnce() {
    SimulatedFeed feed = spotFeed(7);
    feed.open();
    feed.run(600);
    int trades = feed.output.trades.size();
    List<String> resent = feed.simulator.resendRecentTrades(5);
    assertThat(resent).hasSize(5);
    feed.simulator.disconnect();
    feed.open();
    assertThat(feed.output.gaps)
        .extracting(RecordingOutput.Gap::kind)
        .containsExactly(GapKind.RECONNECT, GapKind.RECONNECT);
    int books = feed.output.books.size();
    resent.forEach(feed::deliver);
    assertThat(feed.output.trades).hasSize(trades);
    assertThat(feed.output.ignored).containsEntry("duplicate-trade", 5);
    feed.run(300);
    assertThat(feed.output.books.get(books).getKind()).isEqualTo(BookUpdate.Kind.KIND_SNAPSHOT);
    assertThat(feed.output.resynced)
        .containsExactlyInAnyOrder("binance:BTC-USDT", "binance:ETH-USDT");
    assertThat(feed.control.fetched).hasSize(4);
    assertBooksMatchVenue(feed, "binance:BTC-USDT", "binance:ETH-USDT");
  }

  @Test
  void shouldFetchAgainAfterTheBackoffWhenTheSnapshotIsOlderThanTheBufferedDeltas() {
    RecordingOutput output = new RecordingOutput();
    RecordingControl control = new RecordingControl();
    ProtocolSession session = session(BinanceProtocol.spot(), output, control);
    session.onOpen(0);
    session.onFrame(depth(101, 103), 1);
    assertThat(control.fetched).containsExactly(BTC_SNAPSHOT);
    session.onFrame(rest(BTC_SNAPSHOT, 200, "{\"lastUpdateId\":90,\"bids\":[],\"asks\":[]}"), 2);
    assertThat(output.ignored).containsEntry("depth-snapshot-stale", 1);
    assertThat(output.books).isEmpty();
    session.onFrame(depth(104, 104), 3);
    assertThat(control.fetched).as("no fetch before the backoff").containsExactly(BTC_SNAPSHOT);
    session.onFrame(depth(105, 105), 2 + 500_000_000L);
    assertThat(control.fetched).containsExactly(BTC_SNAPSHOT, BTC_SNAPSHOT);
    session.onFrame(
        rest(
            BTC_SNAPSHOT,
            200,
            "{\"lastUpdateId\":102,\"bids\":[[\"65000.00\",\"1.5\"]],\"asks\":[[\"65000.01\",\"2\"]]}"),
        4);
    assertThat(output.books)
        .extracting(BookUpdate::getKind, BookUpdate::getFirstSequence, BookUpdate::getLastSequence)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(BookUpdate.Kind.KIND_SNAPSHOT, 0L, 102L),
            org.assertj.core.groups.Tuple.tuple(BookUpdate.Kind.KIND_DELTA, 101L, 103L),
            org.assertj.core.groups.Tuple.tuple(BookUpdate.Kind.KIND_DELTA, 104L, 104L),
            org.assertj.core.groups.Tuple.tuple(BookUpdate.Kind.KIND_DELTA, 105L, 105L));
    assertThat(output.gaps).isEmpty();
    assertThat(output.resynced).isEmpty();
  }

  @Test
  void shouldFetchAgainAfterTheBackoffWhenAHeldSnapshotDoesNotBridgeTheNextDelta() {
    RecordingOutput output = new RecordingOutput();
    RecordingControl control = new RecordingControl();
    ProtocolSession session = session(BinanceProtocol.spot(), output, control);
    session.onOpen(0);
    session.onFrame(depth(101, 103), 1);
    // Newer than every buffered delta: held for the first delta that bridges it.
    session.onFrame(rest(BTC_SNAPSHOT, 200, "{\"lastUpdateId\":110,\"bids\":[],\"asks\":[]}"), 2);
    session.onFrame(depth(112, 113), 3);
    assertThat(output.ignored).containsEntry("depth-snapshot-stale", 1);
    session.onFrame(depth(114, 114), 4);
    assertThat(control.fetched).as("no fetch before the backoff").containsExactly(BTC_SNAPSHOT);
    session.onFrame(depth(115, 115), 3 + 500_000_000L);
    assertThat(control.fetched).containsExactly(BTC_SNAPSHOT, BTC_SNAPSHOT);
    assertThat(output.books).isEmpty();
  }

  @Test
  void shouldDeadLetterSymbolsPastTheMarketLimitWithoutFetching() {
    RecordingOutput output = new RecordingOutput();
    RecordingControl control = new RecordingControl();
    BinanceProtocol spot = BinanceProtocol.spot();
    ProtocolSession session =
        new BinanceSession(
            spot,
            new SessionContext(
                new ConnectionPlan("", spot.defaultEndpoint(), List.of()),
                spot.defaultRestEndpoint(),
                Registry.loadDefault(),
                output,
                control),
            1);
    session.onOpen(0);
    session.onFrame(depth(101, 103), 1);
    for (int i = 0; i < 3; i++) {
      session.onFrame(
          depth(101 + i, 101 + i).replace("btcusdt", "ethusdt").replace("BTC", "ETH"), 2);
    }

    assertThat(control.fetched).containsExactly(BTC_SNAPSHOT);
    assertThat(output.deadLetters)
        .hasSize(3)
        .allSatisfy(
            d -> {
              assertThat(d.kind()).isEqualTo(ErrorKind.UNKNOWN_INSTRUMENT);
              assertThat(d.error()).contains("ethusdt").contains("already tracks 1 instruments");
            });
  }

  @Test
  void shouldIgnoreASnapshotAnsweredAfterItsConnectionClosed() {
    RecordingOutput output = new RecordingOutput();
    RecordingControl control = new RecordingControl();
    ProtocolSession session = session(BinanceProtocol.spot(), output, control);
    session.onOpen(0);
    session.onFrame(depth(101, 103), 1);
    session.onOpen(2);
    String snapshot = "{\"lastUpdateId\":102,\"bids\":[],\"asks\":[]}";
    session.onFrame(rest(BTC_SNAPSHOT, 200, snapshot), 3);
    assertThat(output.ignored).containsEntry("depth-snapshot-unrequested", 1);
    assertThat(output.books).isEmpty();
    assertThat(output.gaps).as("nothing was published before the reconnect").isEmpty();
    session.onFrame(depth(104, 104), 4);
    assertThat(control.fetched).containsExactly(BTC_SNAPSHOT, BTC_SNAPSHOT);
    session.onFrame(rest(BTC_SNAPSHOT, 200, snapshot.replace("102", "103")), 5);
    assertThat(output.books)
        .extracting(BookUpdate::getKind)
        .containsExactly(BookUpdate.Kind.KIND_SNAPSHOT, BookUpdate.Kind.KIND_DELTA);
  }

  @Test
  void shouldDeadLetterABadDepthFrameAndResyncItsBook() {
    RecordingOutput output = new RecordingOutput();
    RecordingControl control = new RecordingControl();
    ProtocolSession session = session(BinanceProtocol.spot(), output, control);
    session.onOpen(0);
    session.onFrame(depth(101, 103), 1);
    session.onFrame(rest(BTC_SNAPSHOT, 200, "{\"lastUpdateId\":100,\"bids\":[],\"asks\":[]}"), 2);
    assertThat(output.books).hasSize(2);
    session.onFrame(depth(104, 105).replace("\"1.0\"", "\"x\""), 3);
    assertThat(output.deadLetters)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(ErrorKind.BAD_NUMBER);
              assertThat(d.error()).contains("b[].size");
            });
    assertThat(output.gaps)
        .singleElement()
        .extracting(RecordingOutput.Gap::kind)
        .isEqualTo(GapKind.SEQUENCE);
    assertThat(control.fetched).containsExactly(BTC_SNAPSHOT, BTC_SNAPSHOT);
    session.onFrame(depth(106, 107), 4);
    assertThat(output.books).hasSize(2);
    session.onFrame(rest(BTC_SNAPSHOT, 200, "{\"lastUpdateId\":106,\"bids\":[],\"asks\":[]}"), 5);
    session.onFrame(depth(108, 108), 6);
    assertThat(output.resynced).containsExactly("binance:BTC-USDT");
    assertThat(output.books).hasSize(5);
  }

  @Test
  void shouldDeadLetterBadInputAndKeepDecodingTheNextFrame() {
    RecordingOutput output = new RecordingOutput();
    ProtocolSession session = session(BinanceProtocol.spot(), output, new RecordingControl());
    session.onOpen(0);
    String good = trade(1, "65000.10", "0.5", "true");
    List<String> bad =
        List.of(
            "{\"stream\":\"btcusdt@trade\",\"data\":{",
            "not json",
            "[1,2]",
            "{\"stream\":\"btcusdt@depth20\",\"data\":{}}".replace("depth20", "nosuch"),
            "{\"hello\":1}",
            trade(2, "abc", "0.5", "true"),
            trade(3, "0", "0.5", "true"),
            trade(4, "-65000", "0.5", "true"),
            trade(5, "65000", "0.5", "\"maybe\""),
            trade(6, "65000", "0.5", "true").replace(",\"T\":1772460000000", ""),
            trade(7, "65000", "0.5", "true").replace("\"T\":1772460000000", "\"T\":-5"),
            trade(8, "65000", "0.5", "true")
                .replace("btcusdt@", "zzzzzz@")
                .replace("BTCUSDT", "ZZZZZZ"),
            trade(9, "65000", "0.5", "true").replace("\"s\":\"BTCUSDT\"", "\"s\":\"ETHUSDT\""),
            "{\"error\":{\"code\":2,\"msg\":\"Invalid request: unknown stream\"},\"id\":1}");
    List<ErrorKind> expected =
        List.of(
            ErrorKind.MALFORMED_JSON,
            ErrorKind.MALFORMED_JSON,
            ErrorKind.MALFORMED_FRAME,
            ErrorKind.UNKNOWN_MESSAGE,
            ErrorKind.UNKNOWN_MESSAGE,
            ErrorKind.BAD_NUMBER,
            ErrorKind.BAD_NUMBER,
            ErrorKind.BAD_NUMBER,
            ErrorKind.BAD_VALUE,
            ErrorKind.MISSING_FIELD,
            ErrorKind.BAD_TIME,
            ErrorKind.UNKNOWN_INSTRUMENT,
            ErrorKind.BAD_VALUE,
            ErrorKind.VENUE_ERROR);
    List<ErrorKind> kinds = new ArrayList<>();
    for (String frame : bad) {
      int before = output.deadLetters.size();
      session.onFrame(frame, 1);
      assertThat(output.deadLetters).as("dead letters after %s", frame).hasSize(before + 1);
      kinds.add(output.deadLetters.getLast().kind());
      session.onFrame(good.replace("\"t\":1,", "\"t\":" + (100 + kinds.size()) + ","), 2);
      assertThat(output.trades).as("the good frame after %s", frame).hasSize(kinds.size());
    }
    assertThat(kinds).isEqualTo(expected);
    assertThat(output.deadLetters.get(5).error()).contains("\"p\"");
    assertThat(output.deadLetters.get(8).error()).contains("\"m\"");
    assertThat(output.deadLetters.get(9).error()).contains("\"T\"");
    assertThat(output.deadLetters.getLast().error()).contains("Invalid request");
  }

  @Test
  void shouldPublishAQuoteOnlyWhenTheBestBidOrAskChanges() {
    RecordingOutput output = new RecordingOutput();
    ProtocolSession session = session(BinanceProtocol.spot(), output, new RecordingControl());
    session.onOpen(0);
    session.onFrame(ticker(1, "65000.00", "1.0"), 1);
    session.onFrame(ticker(2, "65000.00", "1.00"), 2);
    session.onFrame(ticker(3, "65000.00", "1.2"), 3);
    assertThat(output.quotes).extracting(q -> q.getSequence()).containsExactly(1L, 3L);
    assertThat(output.ignored).containsEntry("unchanged-quote", 1);
  }

  private static long btcFetches(SimulatedFeed feed) {
    return feed.control.fetched.stream().filter(BTC_SNAPSHOT::equals).count();
  }

  private static ProtocolSession session(
      BinanceProtocol protocol, RecordingOutput output, RecordingControl control) {
    return protocol.newSession(
        new SessionContext(
            protocol.plan(protocol.defaultEndpoint(), List.of(BTC)).getFirst(),
            protocol.defaultRestEndpoint(),
            Registry.loadDefault(),
            output,
            control));
  }

  static String rest(URI uri, int status, String body) {
    return new RestFrame(uri, status, body).encode();
  }

  static String depth(long first, long last) {
    return "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1772460000000,"
        + "\"s\":\"BTCUSDT\",\"U\":"
        + first
        + ",\"u\":"
        + last
        + ",\"b\":[[\"65000.00\",\"1.0\"]],\"a\":[[\"65000.02\",\"0\"]]}}";
  }

  static String trade(long id, String price, String size, String buyerMaker) {
    return "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1772460000001,"
        + "\"s\":\"BTCUSDT\",\"t\":"
        + id
        + ",\"p\":\""
        + price
        + "\",\"q\":\""
        + size
        + "\",\"T\":1772460000000,\"m\":"
        + buyerMaker
        + ",\"M\":true}}";
  }

  static String ticker(long u, String bid, String bidSize) {
    return "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":"
        + u
        + ",\"s\":\"BTCUSDT\",\"b\":\""
        + bid
        + "\",\"B\":\""
        + bidSize
        + "\",\"a\":\"65000.01\",\"A\":\"0.5\"}}";
  }
}
