package dev.sextant.ingest.market.bybit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.GapKind;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Trade;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bybit sessions against the simulator: books rebuilt, gaps resynced, reconnects deduped. */
class BybitSessionTest {

  private static final long START = 1_786_310_800_000L;

  private final RecordingOutput out = new RecordingOutput();
  private BybitSimulator venue;
  private BybitSession session;

  private void open(BybitCategory category, List<String> instruments, List<String> symbols) {
    List<Instrument> planned = instruments.stream().map(Instrument::parse).toList();
    ConnectionPlan plan = new BybitProtocol().plan(BybitProtocol.ENDPOINT, planned).getFirst();
    assertThat(BybitCategory.of(plan)).isEqualTo(category);
    venue = new BybitSimulator(11, category.path(), START, symbols);
    session =
        new BybitSession(
            new SessionContext(plan, Optional.empty(), Registry.loadDefault(), out, out));
  }

  private void deliver(String frame) {
    session.onFrame(frame, venue.nowMillis() * 1_000_000L);
  }

  private void connect() {
    for (String subscribe : session.onOpen(venue.nowMillis() * 1_000_000L)) {
      venue.afterSubscribe(subscribe).forEach(this::deliver);
    }
  }

  private void play(int frames) {
    for (int i = 0; i < frames; i++) {
      deliver(venue.nextFrame());
      while (!out.sent.isEmpty()) {
        venue.afterSubscribe(out.sent.removeFirst()).forEach(this::deliver);
      }
    }
  }

  private void assertBooksMatchPublished(String... instruments) {
    Map<String, OrderBook> rebuilt = out.rebuiltBooks();
    assertThat(rebuilt).containsOnlyKeys(instruments);
    for (var entry : rebuilt.entrySet()) {
      assertThat(entry.getValue().sameLevels(session.book(entry.getKey()).orElseThrow()))
          .as(entry.getKey())
          .isTrue();
    }
  }

  @Test
  void shouldSubscribeInRequestsOfAtMostTenArgs() {
    open(
        BybitCategory.SPOT,
        List.of("bybit:BTC-USDT", "bybit:ETH-USDT", "bybit:SOL-USDT", "bybit:LINK-USDT"),
        List.of("BTCUSDT"));

    List<String> frames = session.onOpen(0);

    assertThat(frames)
        .containsExactly(
            "{\"op\":\"subscribe\",\"args\":[\"orderbook.50.BTCUSDT\",\"publicTrade.BTCUSDT\","
                + "\"tickers.BTCUSDT\",\"orderbook.50.ETHUSDT\",\"publicTrade.ETHUSDT\","
                + "\"tickers.ETHUSDT\",\"orderbook.50.SOLUSDT\",\"publicTrade.SOLUSDT\","
                + "\"tickers.SOLUSDT\",\"orderbook.50.LINKUSDT\"],\"req_id\":\"subscribe-1\"}",
            "{\"op\":\"subscribe\",\"args\":[\"publicTrade.LINKUSDT\",\"tickers.LINKUSDT\"],"
                + "\"req_id\":\"subscribe-2\"}");
    assertThat(session.pingFrame()).contains("{\"op\":\"ping\"}");
  }

  @Test
  void shouldRebuildLinearBooksFromSnapshotAndDeltas() {
    open(
        BybitCategory.LINEAR,
        List.of("bybit:BTC-USDT-PERP", "bybit:ETH-USDT-PERP"),
        List.of("BTCUSDT", "ETHUSDT"));
    connect();
    play(3000);
    deliver(venue.afterSubscribe("{\"op\":\"ping\"}").getFirst());

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.gaps).isEmpty();
    assertThat(out.ignored).containsEntry("pong", 1).containsEntry("subscribe", 1);
    assertThat(out.trades).isNotEmpty().allMatch(t -> t.getInstrument().endsWith("-PERP"));
    assertThat(out.quotes).isNotEmpty();
    assertBooksMatchPublished("bybit:BTC-USDT-PERP", "bybit:ETH-USDT-PERP");
  }

  @Test
  void shouldRebuildSpotBooksAndQuoteTheirTop() {
    open(BybitCategory.SPOT, List.of("bybit:BTC-USDT"), List.of("BTCUSDT"));
    connect();
    play(2000);
    deliver(venue.afterSubscribe("{\"op\":\"ping\"}").getFirst());

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.gaps).isEmpty();
    assertThat(out.ignored).containsEntry("pong", 1);
    OrderBook book = session.book("bybit:BTC-USDT").orElseThrow();
    var last = out.quotes.getLast();
    assertThat(last.getBidPrice().getValue())
        .isEqualTo(book.best(dev.sextant.ingest.market.book.BookSide.BID).price().toPlainString());
    assertThat(last.getAskPrice().getValue())
        .isEqualTo(book.best(dev.sextant.ingest.market.book.BookSide.ASK).price().toPlainString());
    assertBooksMatchPublished("bybit:BTC-USDT");
  }

  @Test
  void shouldResyncBookAfterSequenceGap() {
    open(BybitCategory.LINEAR, List.of("bybit:BTC-USDT-PERP"), List.of("BTCUSDT"));
    connect();
    play(300);
    venue.skipSequence();
    do {
      deliver(venue.nextFrame());
    } while (out.gaps.isEmpty());

    assertThat(out.gaps)
        .extracting(RecordingOutput.Gap::instrument, RecordingOutput.Gap::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("bybit:BTC-USDT-PERP", GapKind.SEQUENCE));
    assertThat(out.sent)
        .containsExactly(
            "{\"op\":\"unsubscribe\",\"args\":[\"orderbook.50.BTCUSDT\"],\"req_id\":\"unsubscribe-2\"}",
            "{\"op\":\"subscribe\",\"args\":[\"orderbook.50.BTCUSDT\"],\"req_id\":\"subscribe-3\"}");
    int published = out.books.size();

    play(1);

    assertThat(out.resynced).containsExactly("bybit:BTC-USDT-PERP");
    assertThat(out.books.get(published).getKind()).isEqualTo(BookUpdate.Kind.KIND_SNAPSHOT);
    play(500);
    assertThat(out.gaps).hasSize(1);
    assertThat(out.deadLetters).isEmpty();
    assertBooksMatchPublished("bybit:BTC-USDT-PERP");
  }

  @Test
  void shouldResetBookOnRestartSnapshotWithoutAGap() {
    open(BybitCategory.LINEAR, List.of("bybit:BTC-USDT-PERP"), List.of("BTCUSDT"));
    connect();
    play(300);

    deliver(venue.restartSnapshot("BTCUSDT"));
    play(300);

    assertThat(out.gaps).isEmpty();
    assertThat(out.books.stream().filter(b -> b.getKind() == BookUpdate.Kind.KIND_SNAPSHOT))
        .extracting(BookUpdate::getFirstSequence)
        .endsWith(1L);
    assertBooksMatchPublished("bybit:BTC-USDT-PERP");
  }

  @Test
  void shouldPublishResentTradesOnceAndAwaitSnapshotsAfterReconnect() {
    open(
        BybitCategory.SPOT,
        List.of("bybit:BTC-USDT", "bybit:ETH-USDT"),
        List.of("BTCUSDT", "ETHUSDT"));
    connect();
    play(600);
    List<String> resent = venue.resendRecentTrades("ETHUSDT");
    assertThat(resent).isNotEmpty();
    String staleDelta;
    do {
      staleDelta = venue.nextFrame();
    } while (!staleDelta.contains("\"type\":\"delta\"") || !staleDelta.contains("orderbook"));
    venue.disconnect();
    int trades = out.trades.size();

    List<String> subscribes = session.onOpen(venue.nowMillis() * 1_000_000L);

    assertThat(out.gaps)
        .extracting(RecordingOutput.Gap::kind)
        .containsExactly(GapKind.RECONNECT, GapKind.RECONNECT);
    deliver(staleDelta);
    assertThat(out.ignored).containsEntry("book-awaiting-snapshot", 1);
    resent.forEach(this::deliver);
    assertThat(out.trades).hasSize(trades);

    subscribes.forEach(s -> venue.afterSubscribe(s).forEach(this::deliver));
    play(300);

    assertThat(out.resynced).containsExactlyInAnyOrder("bybit:BTC-USDT", "bybit:ETH-USDT");
    assertThat(out.trades).extracting(Trade::getTradeId).doesNotHaveDuplicates();
    assertThat(out.deadLetters).isEmpty();
    assertBooksMatchPublished("bybit:BTC-USDT", "bybit:ETH-USDT");
  }

  @Test
  void shouldDeadLetterBadFramesAndKeepDecoding() {
    open(BybitCategory.LINEAR, List.of("bybit:BTC-USDT-PERP"), List.of("BTCUSDT"));
    String good = BybitGoldenFramesTest.frame("publicTrade-linear.json");

    deliver("{\"topic\":\"publicTrade.BTCUSDT\",\"data\":[");
    deliver("\"just a string\"");
    deliver("{\"topic\":\"mystery.BTCUSDT\",\"data\":{}}");
    deliver("{\"op\":\"surprise\",\"success\":true}");
    deliver(good.replace("\"p\":\"65000.10\"", "\"p\":\"65O00.10\""));
    deliver(good.replace("\"p\":\"65000.10\"", "\"p\":\"0\"").replace("0c7d1e52", "1c7d1e52"));
    deliver(good.replace("\"p\":\"65000.10\"", "\"p\":\"-1\"").replace("0c7d1e52", "2c7d1e52"));
    deliver(good.replace("\"S\":\"Sell\"", "\"S\":\"Short\"").replace("0c7d1e52", "3c7d1e52"));
    deliver(good.replace("BTCUSDT", "ETHUSDT"));

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
            ErrorKind.UNKNOWN_INSTRUMENT,
            ErrorKind.UNKNOWN_INSTRUMENT);
    assertThat(out.deadLetters.get(4).error()).contains("\"p\"").contains("65O00.10");
    assertThat(out.deadLetters.get(7).error()).contains("\"S\"");
    assertThat(out.trades)
        .extracting(t -> t.getTradeId().substring(0, 8))
        .containsExactly("0c7d1e52", "1c7d1e52", "2c7d1e52", "3c7d1e52");

    deliver(good);

    assertThat(out.trades)
        .extracting(Trade::getTradeId)
        .contains("a9188a0a-82bc-50de-be60-03eedbe3cdd7");
  }

  @Test
  void shouldResyncBookWhoseDeltaHasABadLevel() {
    open(BybitCategory.LINEAR, List.of("bybit:BTC-USDT-PERP"), List.of("BTCUSDT"));
    deliver(BybitGoldenFramesTest.frame("orderbook-snapshot.json"));

    deliver(BybitGoldenFramesTest.frame("orderbook-delta.json").replace("\"2.000\"", "\"2.0.0\""));

    assertThat(out.deadLetters)
        .extracting(RecordingOutput.DeadLetter::kind)
        .containsExactly(ErrorKind.BAD_NUMBER);
    assertThat(out.deadLetters.getFirst().error()).contains("b size");
    assertThat(out.gaps).extracting(RecordingOutput.Gap::kind).containsExactly(GapKind.SEQUENCE);
    assertThat(out.sent).hasSize(2);
    assertThat(out.books).hasSize(1);
  }
}
