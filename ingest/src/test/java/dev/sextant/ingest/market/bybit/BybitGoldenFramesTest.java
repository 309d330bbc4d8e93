package dev.sextant.ingest.market.bybit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.BookLevel;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Decimal;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each Bybit wire message type, from a hand-written frame, asserted field by field. */
class BybitGoldenFramesTest {

  private static final long RECEIVED = 1_786_310_830_000_000_456L;
  private static final Timestamp INGEST =
      Timestamp.newBuilder().setSeconds(1_786_310_830L).setNanos(456).build();

  private final RecordingOutput out = new RecordingOutput();
  private final BybitSession linear = session("linear");
  private final BybitSession spot = session("spot");

  private BybitSession session(String label) {
    return new BybitSession(
        new SessionContext(
            new ConnectionPlan(label, BybitProtocol.ENDPOINT, List.of()),
            Optional.empty(),
            Registry.loadDefault(),
            out,
            out));
  }

  static String frame(String name) {
    String path = "/market/bybit/" + name;
    try (InputStream in = BybitGoldenFramesTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Decimal d(String value) {
    return Decimal.newBuilder().setValue(value).build();
  }

  private static BookLevel level(String price, String size) {
    return BookLevel.newBuilder().setPrice(d(price)).setSize(d(size)).build();
  }

  private static Timestamp millis(long millis) {
    return Timestamp.newBuilder()
        .setSeconds(millis / 1000)
        .setNanos((int) (millis % 1000) * 1_000_000)
        .build();
  }

  private static BookUpdate snapshot() {
    return BookUpdate.newBuilder()
        .setInstrument("bybit:BTC-USDT-PERP")
        .setVenue("bybit")
        .setKind(BookUpdate.Kind.KIND_SNAPSHOT)
        .addBids(level("65000.10", "1.204"))
        .addBids(level("64999.90", "0.020"))
        .addAsks(level("65000.20", "0.500"))
        .addAsks(level("65000.50", "3.100"))
        .setFirstSequence(18521288)
        .setLastSequence(18521288)
        .setEventTime(millis(1786310818129L))
        .setIngestTime(INGEST)
        .build();
  }

  @Test
  void shouldDecodeOrderbookSnapshotOfLinearAsPerpetual() {
    linear.onFrame(frame("orderbook-snapshot.json"), RECEIVED);

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.books).containsExactly(snapshot());
    // Linear quotes come from tickers, not from the book.
    assertThat(out.quotes).isEmpty();
  }

  @Test
  void shouldDecodeOrderbookDeltaThatFollowsU() {
    linear.onFrame(frame("orderbook-snapshot.json"), RECEIVED);
    linear.onFrame(frame("orderbook-delta.json"), RECEIVED);

    assertThat(out.gaps).isEmpty();
    assertThat(out.books)
        .containsExactly(
            snapshot(),
            BookUpdate.newBuilder()
                .setInstrument("bybit:BTC-USDT-PERP")
                .setVenue("bybit")
                .setKind(BookUpdate.Kind.KIND_DELTA)
                .addBids(level("65000.10", "0"))
                .addBids(level("64999.80", "2.000"))
                .addAsks(level("65000.20", "0.750"))
                .setFirstSequence(18521289)
                .setLastSequence(18521289)
                .setEventTime(millis(1786310818229L))
                .setIngestTime(INGEST)
                .build());
  }

  @Test
  void shouldResetBookOnTheSnapshotAfterAServiceRestart() {
    linear.onFrame(frame("orderbook-snapshot.json"), RECEIVED);
    linear.onFrame(frame("orderbook-restart-snapshot.json"), RECEIVED);

    assertThat(out.gaps).isEmpty();
    assertThat(out.books).hasSize(2);
    BookUpdate restart = out.books.get(1);
    assertThat(restart.getKind()).isEqualTo(BookUpdate.Kind.KIND_SNAPSHOT);
    assertThat(restart.getFirstSequence()).isEqualTo(1);
    assertThat(restart.getBidsList()).containsExactly(level("64998.00", "0.300"));
    assertThat(restart.getAsksList()).containsExactly(level("64998.40", "0.100"));
    assertThat(
            linear
                .book("bybit:BTC-USDT-PERP")
                .orElseThrow()
                .depth(dev.sextant.ingest.market.book.BookSide.BID))
        .isEqualTo(1);
  }

  @Test
  void shouldDecodeLinearTradesWithTheirSequence() {
    linear.onFrame(frame("publicTrade-linear.json"), RECEIVED);

    assertThat(out.trades)
        .containsExactly(
            Trade.newBuilder()
                .setInstrument("bybit:BTC-USDT-PERP")
                .setVenue("bybit")
                .setTradeId("a9188a0a-82bc-50de-be60-03eedbe3cdd7")
                .setPrice(d("65000.10"))
                .setSize(d("0.004"))
                .setSide(Side.SIDE_SELL)
                .setSequence(753843954913L)
                .setEventTime(millis(1786310819680L))
                .setIngestTime(INGEST)
                .build(),
            Trade.newBuilder()
                .setInstrument("bybit:BTC-USDT-PERP")
                .setVenue("bybit")
                .setTradeId("0c7d1e52-3f8a-5b6e-9d41-7a2b8c9e0f13")
                .setPrice(d("65000.20"))
                .setSize(d("0.250"))
                .setSide(Side.SIDE_BUY)
                .setSequence(753843954914L)
                .setEventTime(millis(1786310819681L))
                .setIngestTime(INGEST)
                .build());
  }

  @Test
  void shouldDecodeTradesWhoseDataComesBeforeTopic() {
    String frame = frame("publicTrade-linear.json");
    int data = frame.indexOf(",\"data\":");
    String reordered =
        "{" + frame.substring(data + 1, frame.length() - 1) + "," + frame.substring(1, data) + "}";
    assertThat(reordered).startsWith("{\"data\":[");

    linear.onFrame(reordered, RECEIVED);

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.trades)
        .extracting(Trade::getTradeId)
        .containsExactly(
            "a9188a0a-82bc-50de-be60-03eedbe3cdd7", "0c7d1e52-3f8a-5b6e-9d41-7a2b8c9e0f13");
  }

  @Test
  void shouldDecodeSpotTradeAsSpotInstrument() {
    spot.onFrame(frame("publicTrade-spot.json"), RECEIVED);

    assertThat(out.trades)
        .containsExactly(
            Trade.newBuilder()
                .setInstrument("bybit:ETH-USDT")
                .setVenue("bybit")
                .setTradeId("2280000001739247417")
                .setPrice(d("1900.28"))
                .setSize(d("0.04537"))
                .setSide(Side.SIDE_SELL)
                .setSequence(178477362706L)
                .setEventTime(millis(1786310821917L))
                .setIngestTime(INGEST)
                .build());
  }

  @Test
  void shouldMergeLinearTickerDeltasIntoQuotes() {
    linear.onFrame(frame("tickers-linear-snapshot.json"), RECEIVED);
    linear.onFrame(frame("tickers-linear-delta.json"), RECEIVED);
    // A delta that changes no best bid or ask publishes nothing.
    linear.onFrame(
        frame("tickers-linear-delta.json")
            .replace("\"bid1Size\":\"6.054\"", "\"fundingRate\":\"0.0002\""),
        RECEIVED);

    Quote first =
        Quote.newBuilder()
            .setInstrument("bybit:BTC-USDT-PERP")
            .setVenue("bybit")
            .setBidPrice(d("65000.10"))
            .setBidSize(d("5.954"))
            .setAskPrice(d("65000.20"))
            .setAskSize(d("10.470"))
            .setSequence(753843900397L)
            .setEventTime(millis(1786310817583L))
            .setIngestTime(INGEST)
            .build();
    assertThat(out.quotes)
        .containsExactly(
            first,
            first.toBuilder()
                .setBidSize(d("6.054"))
                .setSequence(753843907770L)
                .setEventTime(millis(1786310817883L))
                .build());
    assertThat(out.ignored).containsEntry("unchanged-quote", 1);
  }

  @Test
  void shouldTakeSpotQuotesFromTheBookBecauseSpotTickersHaveNone() {
    spot.onFrame(frame("tickers-spot.json"), RECEIVED);
    assertThat(out.quotes).isEmpty();
    assertThat(out.ignored).containsEntry("ticker-without-quote", 1);

    spot.onFrame(frame("orderbook-snapshot.json"), RECEIVED);
    spot.onFrame(frame("orderbook-delta.json"), RECEIVED);

    assertThat(out.books).extracting(BookUpdate::getInstrument).containsOnly("bybit:BTC-USDT");
    Quote first =
        Quote.newBuilder()
            .setInstrument("bybit:BTC-USDT")
            .setVenue("bybit")
            .setBidPrice(d("65000.10"))
            .setBidSize(d("1.204"))
            .setAskPrice(d("65000.20"))
            .setAskSize(d("0.500"))
            .setSequence(18521288)
            .setEventTime(millis(1786310818129L))
            .setIngestTime(INGEST)
            .build();
    assertThat(out.quotes)
        .containsExactly(
            first,
            first.toBuilder()
                .setBidPrice(d("64999.90"))
                .setBidSize(d("0.020"))
                .setAskSize(d("0.750"))
                .setSequence(18521289)
                .setEventTime(millis(1786310818229L))
                .build());
  }

  @Test
  void shouldIgnoreAcksAndBothKindsOfPong() {
    spot.onFrame(frame("subscribe-ack-spot.json"), RECEIVED);
    linear.onFrame(frame("subscribe-ack-linear.json"), RECEIVED);
    spot.onFrame(frame("pong-spot.json"), RECEIVED);
    linear.onFrame(frame("pong-linear.json"), RECEIVED);

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.ignored).containsEntry("subscribe", 2).containsEntry("pong", 2);
  }

  @Test
  void shouldDeadLetterRefusedSubscriptionAsVenueError() {
    linear.onFrame(frame("subscribe-failed.json"), RECEIVED);

    assertThat(out.deadLetters).hasSize(1);
    assertThat(out.deadLetters.getFirst().kind()).isEqualTo(ErrorKind.VENUE_ERROR);
    assertThat(out.deadLetters.getFirst().error()).contains("handler not found");
  }
}
