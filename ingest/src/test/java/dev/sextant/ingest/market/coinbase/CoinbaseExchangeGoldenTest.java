package dev.sextant.ingest.market.coinbase;

import static dev.sextant.ingest.market.coinbase.MarketFixtures.decimal;
import static dev.sextant.ingest.market.coinbase.MarketFixtures.level;
import static dev.sextant.ingest.market.coinbase.MarketFixtures.time;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.GapKind;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.testkit.RecordingControl;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each Coinbase Exchange wire message type, decoded field by field. */
class CoinbaseExchangeGoldenTest {

  private static final long RECEIVED = 1_772_719_641_500_000_789L;
  private static final String RECEIVED_TIME = "2026-03-05T14:07:21.500000789Z";

  private RecordingOutput out;
  private ProtocolSession session;

  @BeforeEach
  void open() {
    out = new RecordingOutput();
    session =
        Sessions.of(
            new CoinbaseExchangeProtocol(),
            Sessions.instruments("coinbase:BTC-USD", "coinbase:ETH-USD"),
            out,
            new RecordingControl());
    session.onOpen(0);
  }

  private void feed(String fixture) {
    session.onFrame(MarketFixtures.frame("coinbase-exchange", fixture), RECEIVED);
  }

  @Test
  void shouldDecodeMatchWithTheMakersOppositeAsAggressor() {
    feed("match.json");

    assertThat(out.trades)
        .containsExactly(
            Trade.newBuilder()
                .setInstrument("coinbase:BTC-USD")
                .setVenue("coinbase")
                .setTradeId("48213907")
                .setPrice(decimal("65123.45"))
                .setSize(decimal("0.01250000"))
                .setSide(Side.SIDE_BUY)
                .setSequence(31052698812L)
                .setEventTime(time("2026-03-05T14:07:21.123456Z"))
                .setIngestTime(time(RECEIVED_TIME))
                .build());
    assertThat(out.deadLetters).isEmpty();
  }

  @Test
  void shouldDecodeLastMatchWithAStringTradeId() {
    feed("last_match.json");

    Trade trade = out.trades.getFirst();
    assertThat(trade.getInstrument()).isEqualTo("coinbase:ETH-USD");
    assertThat(trade.getTradeId()).isEqualTo("912773");
    assertThat(trade.getPrice()).isEqualTo(decimal("1901.07"));
    assertThat(trade.getSize()).isEqualTo(decimal("1.5"));
    assertThat(trade.getSide()).isEqualTo(Side.SIDE_SELL);
    assertThat(trade.getSequence()).isEqualTo(881200451L);
    assertThat(trade.getEventTime()).isEqualTo(time("2026-03-05T14:06:59.900001Z"));
  }

  @Test
  void shouldDecodeTickerToQuote() {
    feed("ticker.json");

    assertThat(out.quotes)
        .containsExactly(
            Quote.newBuilder()
                .setInstrument("coinbase:BTC-USD")
                .setVenue("coinbase")
                .setBidPrice(decimal("65123.44"))
                .setBidSize(decimal("0.40000000"))
                .setAskPrice(decimal("65123.45"))
                .setAskSize(decimal("1.25000000"))
                .setSequence(31052698813L)
                .setEventTime(time("2026-03-05T14:07:21.123456Z"))
                .setIngestTime(time(RECEIVED_TIME))
                .build());
  }

  @Test
  void shouldNotRepublishAnUnchangedTicker() {
    feed("ticker.json");
    feed("ticker.json");

    assertThat(out.quotes).hasSize(1);
    assertThat(out.ignored).containsEntry("ticker_unchanged", 1);
  }

  @Test
  void shouldDecodeSnapshotWithEveryLevelBestFirst() {
    feed("snapshot.json");

    assertThat(out.books)
        .containsExactly(
            BookUpdate.newBuilder()
                .setInstrument("coinbase:BTC-USD")
                .setVenue("coinbase")
                .setKind(BookUpdate.Kind.KIND_SNAPSHOT)
                .addAllBids(List.of(level("65123.44", "0.40000000"), level("65123.00", "2.5")))
                .addAllAsks(
                    List.of(
                        level("65123.45", "1.25000000"),
                        level("65124.10", "0.005"),
                        level("65130", "3")))
                .setEventTime(time(RECEIVED_TIME))
                .setIngestTime(time(RECEIVED_TIME))
                .build());
    assertThat(out.resynced).isEmpty();
  }

  @Test
  void shouldDecodeL2UpdateToDeltaWithRemovedLevels() {
    feed("snapshot.json");
    feed("l2update.json");

    assertThat(out.books.get(1))
        .isEqualTo(
            BookUpdate.newBuilder()
                .setInstrument("coinbase:BTC-USD")
                .setVenue("coinbase")
                .setKind(BookUpdate.Kind.KIND_DELTA)
                .addBids(level("65123.44", "0.35000000"))
                .addAsks(level("65124.10", "0"))
                .addAsks(level("65123.90", "0.75"))
                .setEventTime(time("2026-03-05T14:07:21.173456Z"))
                .setIngestTime(time(RECEIVED_TIME))
                .build());
    assertThat(
            out.rebuilt.get("coinbase:BTC-USD").depth(dev.sextant.ingest.market.book.BookSide.ASK))
        .isEqualTo(3);
  }

  @Test
  void shouldIgnoreL2UpdateBeforeTheSnapshot() {
    feed("l2update.json");

    assertThat(out.books).isEmpty();
    assertThat(out.ignored).containsEntry("l2update_awaiting_snapshot", 1);
  }

  @Test
  void shouldCountHeartbeatAndReportMissedMatches() {
    feed("heartbeat.json");
    feed("match.json");
    session.onFrame(
        MarketFixtures.frame("coinbase-exchange", "heartbeat.json")
            .replace("\"last_trade_id\":48213907", "\"last_trade_id\":48213910"),
        RECEIVED);

    assertThat(out.ignored).containsEntry("heartbeat", 2);
    assertThat(out.gaps)
        .containsExactly(
            new RecordingOutput.Gap(
                "coinbase:BTC-USD",
                GapKind.SEQUENCE,
                "heartbeat last_trade_id 48213910 after match 48213907: missed 3"));
  }

  @Test
  void shouldIgnoreSubscriptionsAck() {
    feed("subscriptions.json");

    assertThat(out.ignored).containsExactlyEntriesOf(java.util.Map.of("subscriptions", 1));
    assertThat(out.deadLetters).isEmpty();
  }

  @Test
  void shouldDeadLetterVenueError() {
    feed("error.json");

    assertThat(out.deadLetters)
        .containsExactly(
            new RecordingOutput.DeadLetter(
                ErrorKind.VENUE_ERROR,
                "venue error: Failed to subscribe (ABC-XYZ is not a valid product)"));
  }
}
