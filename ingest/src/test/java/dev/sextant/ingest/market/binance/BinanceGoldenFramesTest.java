package dev.sextant.ingest.market.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.RestFrame;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.ingest.market.testkit.RecordingControl;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.ingest.time.ProtoTime;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.BookLevel;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One hand-written frame per Binance wire message type, decoded field by field. */
class BinanceGoldenFramesTest {

  private static final long RECEIVED = 1_772_460_001_000_000_123L;

  private final RecordingOutput output = new RecordingOutput();
  private final RecordingControl control = new RecordingControl();

  private ProtocolSession session(BinanceProtocol protocol) {
    ProtocolSession session =
        protocol.newSession(
            new SessionContext(
                new ConnectionPlan("", protocol.defaultEndpoint(), List.of()),
                protocol.defaultRestEndpoint(),
                Registry.loadDefault(),
                output,
                control));
    session.onOpen(RECEIVED - 1_000_000_000L);
    return session;
  }

  private static String fixture(String path) throws IOException {
    try (InputStream in = BinanceGoldenFramesTest.class.getResourceAsStream("/market/" + path)) {
      assertThat(in).as(path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }

  private static com.google.protobuf.Timestamp millis(long millis) {
    return ProtoTime.of(Instant.ofEpochMilli(millis));
  }

  private static com.google.protobuf.Timestamp received() {
    return ProtoTime.of(Instant.ofEpochSecond(0, RECEIVED));
  }

  private static BookLevel level(String price, String size) {
    return BookLevel.newBuilder()
        .setPrice(dev.sextant.schemas.decimal.Decimals.of(price))
        .setSize(dev.sextant.schemas.decimal.Decimals.of(size))
        .build();
  }

  @Test
  void shouldDecodeASpotTrade() throws IOException {
    session(BinanceProtocol.spot()).onFrame(fixture("binance/trade.json"), RECEIVED);
    assertThat(output.deadLetters).isEmpty();
    Trade trade = output.trades.getFirst();
    assertThat(trade.getInstrument()).isEqualTo("binance:BTC-USDT");
    assertThat(trade.getVenue()).isEqualTo("binance");
    assertThat(trade.getTradeId()).isEqualTo("4123456789");
    assertThat(trade.getPrice().getValue()).isEqualTo("65012.34000000");
    assertThat(trade.getSize().getValue()).isEqualTo("0.00150000");
    assertThat(trade.getSide()).as("buyer is maker: the aggressor sold").isEqualTo(Side.SIDE_SELL);
    assertThat(trade.getSequence()).isEqualTo(4123456789L);
    assertThat(trade.getEventTime()).isEqualTo(millis(1772460000121L));
    assertThat(trade.getIngestTime()).isEqualTo(received());
  }

  @Test
  void shouldDecodeASpotAggregateTradeWithPrefixedId() throws IOException {
    session(BinanceProtocol.spot()).onFrame(fixture("binance/aggTrade.json"), RECEIVED);
    Trade trade = output.trades.getFirst();
    assertThat(trade.getInstrument()).isEqualTo("binance:BTC-USDT");
    assertThat(trade.getTradeId()).isEqualTo("a3012345678");
    assertThat(trade.getPrice().getValue()).isEqualTo("65012.35000000");
    assertThat(trade.getSize().getValue()).isEqualTo("0.25000000");
    assertThat(trade.getSide()).isEqualTo(Side.SIDE_BUY);
    assertThat(trade.getSequence()).isEqualTo(3012345678L);
    assertThat(trade.getEventTime()).isEqualTo(millis(1772460000455L));
  }

  @Test
  void shouldDecodeASpotBookTickerAtItsReceiveTime() throws IOException {
    session(BinanceProtocol.spot()).onFrame(fixture("binance/bookTicker.json"), RECEIVED);
    Quote quote = output.quotes.getFirst();
    assertThat(quote.getInstrument()).isEqualTo("binance:ETH-USDT");
    assertThat(quote.getVenue()).isEqualTo("binance");
    assertThat(quote.getBidPrice().getValue()).isEqualTo("1899.98000000");
    assertThat(quote.getBidSize().getValue()).isEqualTo("12.34560000");
    assertThat(quote.getAskPrice().getValue()).isEqualTo("1899.99000000");
    assertThat(quote.getAskSize().getValue()).isEqualTo("0.78900000");
    assertThat(quote.getSequence()).isEqualTo(51234567890L);
    assertThat(quote.getEventTime()).as("spot sends no time").isEqualTo(received());
    assertThat(quote.getIngestTime()).isEqualTo(received());
  }

  @Test
  void shouldPublishASpotSnapshotThenTheDeltaThatBridgesIt() throws IOException {
    ProtocolSession session = session(BinanceProtocol.spot());
    session.onFrame(fixture("binance/depthUpdate.json"), RECEIVED);
    URI uri = URI.create("https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=1000");
    assertThat(control.fetched).containsExactly(uri);
    assertThat(output.books).isEmpty();
    session.onFrame(
        new RestFrame(uri, 200, fixture("binance/depth-snapshot.json")).encode(), RECEIVED + 5);

    assertThat(output.books).hasSize(2);
    BookUpdate snapshot = output.books.get(0);
    assertThat(snapshot.getInstrument()).isEqualTo("binance:BTC-USDT");
    assertThat(snapshot.getVenue()).isEqualTo("binance");
    assertThat(snapshot.getKind()).isEqualTo(BookUpdate.Kind.KIND_SNAPSHOT);
    assertThat(snapshot.getLastSequence()).isEqualTo(41000000100L);
    assertThat(snapshot.getBidsList())
        .containsExactly(
            level("65012.33000000", "1.00000000"),
            level("65012.00000000", "2.00000000"),
            level("65011.50000000", "0.30000000"));
    assertThat(snapshot.getAsksList())
        .containsExactly(
            level("65012.34000000", "0.10000000"), level("65013.00000000", "4.00000000"));
    assertThat(snapshot.getEventTime())
        .isEqualTo(ProtoTime.of(Instant.ofEpochSecond(0, RECEIVED + 5)));

    BookUpdate delta = output.books.get(1);
    assertThat(delta.getKind()).isEqualTo(BookUpdate.Kind.KIND_DELTA);
    assertThat(delta.getFirstSequence()).isEqualTo(41000000101L);
    assertThat(delta.getLastSequence()).isEqualTo(41000000104L);
    assertThat(delta.getPrevSequence()).isZero();
    assertThat(delta.getBidsList())
        .containsExactly(
            level("65012.33000000", "1.50000000"), level("65012.00000000", "0.00000000"));
    assertThat(delta.getAsksList()).containsExactly(level("65012.36000000", "0.42000000"));
    assertThat(delta.getEventTime()).isEqualTo(millis(1772460000200L));
    assertThat(delta.getIngestTime()).isEqualTo(received());
  }

  @Test
  void shouldCountAcksAndKlinesAndDeadLetterErrors() throws IOException {
    ProtocolSession session = session(BinanceProtocol.spot());
    session.onFrame(fixture("binance/subscribe-ack.json"), RECEIVED);
    session.onFrame(fixture("binance/kline.json"), RECEIVED);
    session.onFrame(fixture("binance/error.json"), RECEIVED);
    assertThat(output.ignored).containsEntry("result", 1).containsEntry("kline", 1);
    assertThat(output.deadLetters)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(ErrorKind.VENUE_ERROR);
              assertThat(d.error())
                  .contains("request 1")
                  .contains("code 2")
                  .contains("property name must be a string");
            });
  }

  @Test
  void shouldDecodeAFuturesAggregateTrade() throws IOException {
    session(BinanceProtocol.futures()).onFrame(fixture("binance-futures/aggTrade.json"), RECEIVED);
    Trade trade = output.trades.getFirst();
    assertThat(trade.getInstrument()).isEqualTo("binance-futures:BTC-USDT-PERP");
    assertThat(trade.getVenue()).isEqualTo("binance-futures");
    assertThat(trade.getTradeId()).isEqualTo("a2098765432");
    assertThat(trade.getPrice().getValue()).isEqualTo("65020.10");
    assertThat(trade.getSize().getValue()).isEqualTo("0.015");
    assertThat(trade.getSide()).isEqualTo(Side.SIDE_SELL);
    assertThat(trade.getSequence()).isEqualTo(2098765432L);
    assertThat(trade.getEventTime()).isEqualTo(millis(1772460000787L));
    assertThat(trade.getIngestTime()).isEqualTo(received());
  }

  @Test
  void shouldDecodeAFuturesBookTickerAtItsTransactionTime() throws IOException {
    session(BinanceProtocol.futures())
        .onFrame(fixture("binance-futures/bookTicker.json"), RECEIVED);
    Quote quote = output.quotes.getFirst();
    assertThat(quote.getInstrument()).isEqualTo("binance-futures:BTC-USDT-PERP");
    assertThat(quote.getBidPrice().getValue()).isEqualTo("65020.00");
    assertThat(quote.getBidSize().getValue()).isEqualTo("3.210");
    assertThat(quote.getAskPrice().getValue()).isEqualTo("65020.10");
    assertThat(quote.getAskSize().getValue()).isEqualTo("0.004");
    assertThat(quote.getSequence()).isEqualTo(5100000000123L);
    assertThat(quote.getEventTime()).isEqualTo(millis(1772460000790L));
  }

  @Test
  void shouldPublishAFuturesSnapshotThenTheDeltaThatSpansIt() throws IOException {
    ProtocolSession session = session(BinanceProtocol.futures());
    session.onFrame(fixture("binance-futures/depthUpdate.json"), RECEIVED);
    URI uri = URI.create("https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT&limit=1000");
    assertThat(control.fetched).containsExactly(uri);
    session.onFrame(
        new RestFrame(uri, 200, fixture("binance-futures/depth-snapshot.json")).encode(),
        RECEIVED + 5);

    assertThat(output.books).hasSize(2);
    BookUpdate snapshot = output.books.get(0);
    assertThat(snapshot.getInstrument()).isEqualTo("binance-futures:BTC-USDT-PERP");
    assertThat(snapshot.getKind()).isEqualTo(BookUpdate.Kind.KIND_SNAPSHOT);
    assertThat(snapshot.getLastSequence()).isEqualTo(5100000000112L);
    assertThat(snapshot.getBidsList())
        .containsExactly(level("65020.00", "2.000"), level("65019.90", "1.500"));
    assertThat(snapshot.getAsksList())
        .containsExactly(level("65020.10", "0.500"), level("65021.50", "1.000"));
    assertThat(snapshot.getEventTime()).isEqualTo(millis(1772460000748L));

    BookUpdate delta = output.books.get(1);
    assertThat(delta.getKind()).isEqualTo(BookUpdate.Kind.KIND_DELTA);
    assertThat(delta.getFirstSequence()).isEqualTo(5100000000110L);
    assertThat(delta.getLastSequence()).isEqualTo(5100000000125L);
    assertThat(delta.getPrevSequence()).isEqualTo(5100000000105L);
    assertThat(delta.getBidsList()).containsExactly(level("65020.00", "3.210"));
    assertThat(delta.getAsksList())
        .containsExactly(level("65020.10", "0.004"), level("65021.50", "0"));
    assertThat(delta.getEventTime()).isEqualTo(millis(1772460000798L));
  }
}
