package dev.sextant.ingest.market.coinbase;

import static dev.sextant.ingest.market.coinbase.MarketFixtures.decimal;
import static dev.sextant.ingest.market.coinbase.MarketFixtures.level;
import static dev.sextant.ingest.market.coinbase.MarketFixtures.time;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.testkit.RecordingControl;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each Coinbase Advanced Trade wire message type, decoded field by field. */
class CoinbaseAdvancedGoldenTest {

  private static final long RECEIVED = 1_772_719_641_500_000_789L;
  private static final String RECEIVED_TIME = "2026-03-05T14:07:21.500000789Z";

  private RecordingOutput out;
  private RecordingControl control;
  private ProtocolSession session;

  @BeforeEach
  void open() {
    out = new RecordingOutput();
    control = new RecordingControl();
    session =
        Sessions.of(
            new CoinbaseAdvancedProtocol(),
            Sessions.instruments("coinbase:BTC-USD", "coinbase:ETH-USD"),
            out,
            control);
    session.onOpen(0);
  }

  private void feed(String fixture) {
    session.onFrame(MarketFixtures.frame("coinbase-advanced", fixture), RECEIVED);
  }

  @Test
  void shouldDecodeMarketTradesUpdateWithTheMakersOppositeAsAggressor() {
    feed("market_trades-update.json");

    assertThat(out.trades)
        .containsExactly(
            Trade.newBuilder()
                .setInstrument("coinbase:BTC-USD")
                .setVenue("coinbase")
                .setTradeId("1068572091")
                .setPrice(decimal("65083.67"))
                .setSize(decimal("0.01034361"))
                .setSide(Side.SIDE_BUY)
                .setEventTime(time("2026-03-05T14:07:21.167634Z"))
                .setIngestTime(time(RECEIVED_TIME))
                .build(),
            Trade.newBuilder()
                .setInstrument("coinbase:ETH-USD")
                .setVenue("coinbase")
                .setTradeId("55201")
                .setPrice(decimal("1901.5"))
                .setSize(decimal("2"))
                .setSide(Side.SIDE_SELL)
                .setEventTime(time("2026-03-05T14:07:21.200Z"))
                .setIngestTime(time(RECEIVED_TIME))
                .build());
  }

  @Test
  void shouldDecodeTradesWhenTheEventsComeBeforeTheChannel() {
    String frame = MarketFixtures.frame("coinbase-advanced", "market_trades-update.json");
    String reordered =
        "{"
            + frame.substring(frame.indexOf("\"events\"")).replaceFirst("}$", "")
            + ",\"channel\":\"market_trades\",\"sequence_num\":9}";

    session.onFrame(reordered, RECEIVED);

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.trades).extracting(Trade::getTradeId).containsExactly("1068572091", "55201");
  }

  @Test
  void shouldPublishSnapshotTradesOldestFirst() {
    feed("market_trades-snapshot.json");

    assertThat(out.trades)
        .extracting(Trade::getTradeId)
        .containsExactly("1068572089", "1068572090");
    assertThat(out.trades.getFirst().getSide()).isEqualTo(Side.SIDE_SELL);
    assertThat(out.trades.getFirst().getEventTime()).isEqualTo(time("2026-03-05T14:07:18.139922Z"));
  }

  @Test
  void shouldDecodeTickerToQuoteAtTheEnvelopeTime() {
    feed("ticker.json");

    assertThat(out.quotes)
        .containsExactly(
            Quote.newBuilder()
                .setInstrument("coinbase:ETH-USD")
                .setVenue("coinbase")
                .setBidPrice(decimal("1901.44"))
                .setBidSize(decimal("0.02858092"))
                .setAskPrice(decimal("1901.49"))
                .setAskSize(decimal("0.07814824"))
                .setEventTime(time("2026-03-05T14:07:21.298032046Z"))
                .setIngestTime(time(RECEIVED_TIME))
                .build());
  }

  @Test
  void shouldDecodeL2SnapshotAndUpdate() {
    feed("l2_data-snapshot.json");
    feed("l2_data-update.json");

    assertThat(out.books)
        .containsExactly(
            BookUpdate.newBuilder()
                .setInstrument("coinbase:BTC-USD")
                .setVenue("coinbase")
                .setKind(BookUpdate.Kind.KIND_SNAPSHOT)
                .addBids(level("65083.66", "0.20371215"))
                .addBids(level("65080", "0.00003057"))
                .addAsks(level("65083.67", "0.24290402"))
                .addAsks(level("65090.5", "1.5"))
                .setFirstSequence(13)
                .setLastSequence(13)
                .setEventTime(time("2026-03-05T14:07:21.170326Z"))
                .setIngestTime(time(RECEIVED_TIME))
                .build(),
            BookUpdate.newBuilder()
                .setInstrument("coinbase:BTC-USD")
                .setVenue("coinbase")
                .setKind(BookUpdate.Kind.KIND_DELTA)
                .addBids(level("65080", "0"))
                .addBids(level("65082.5", "0.00583"))
                .addAsks(level("65083.67", "0.1"))
                .setFirstSequence(14)
                .setLastSequence(14)
                .setEventTime(time("2026-03-05T14:07:21.210884Z"))
                .setIngestTime(time(RECEIVED_TIME))
                .build());
    // The fixtures skip sequence numbers (13 after nothing, 14 after 13): only a jump counts.
    assertThat(out.gaps).isEmpty();
  }

  @Test
  void shouldIgnoreHeartbeatsAndSubscriptions() {
    feed("subscriptions.json");
    feed("heartbeats.json");

    assertThat(out.ignored).isEqualTo(Map.of("subscriptions", 1, "heartbeats", 1));
    assertThat(out.deadLetters).isEmpty();
  }

  @Test
  void shouldDeadLetterVenueError() {
    feed("error.json");

    assertThat(out.deadLetters)
        .containsExactly(
            new RecordingOutput.DeadLetter(
                ErrorKind.VENUE_ERROR,
                "venue error: failure to subscribe: invalid product id ABC-XYZ"));
  }
}
