package dev.sextant.ingest.market.okx;

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

/** Each OKX wire message type, from a hand-written frame, asserted field by field. */
class OkxGoldenFramesTest {

  private static final long RECEIVED = 1_764_000_009_000_000_123L;
  private static final Registry REGISTRY = Registry.loadDefault();

  private final RecordingOutput out = new RecordingOutput();
  private final OkxSession session =
      new OkxSession(
          new SessionContext(
              new ConnectionPlan("", OkxProtocol.ENDPOINT, List.of()),
              Optional.empty(),
              REGISTRY,
              out,
              out));

  static String frame(String name) {
    String path = "/market/okx/" + name;
    try (InputStream in = OkxGoldenFramesTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void feed(String name) {
    session.onFrame(frame(name), RECEIVED);
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

  private static final Timestamp INGEST =
      Timestamp.newBuilder().setSeconds(1_764_000_009L).setNanos(123).build();

  @Test
  void shouldDecodeBookSnapshotWithItsChecksumVerified() {
    feed("books-snapshot.json");

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.gaps).isEmpty();
    assertThat(out.books)
        .containsExactly(
            BookUpdate.newBuilder()
                .setInstrument("okx:BTC-USDT")
                .setVenue("okx")
                .setKind(BookUpdate.Kind.KIND_SNAPSHOT)
                .addBids(level("64999.9", "0.5"))
                .addBids(level("64999.8", "1.25"))
                .addBids(level("64999.5", "0.01"))
                .addAsks(level("65000.1", "0.3"))
                .addAsks(level("65000.2", "2"))
                .setFirstSequence(123456)
                .setLastSequence(123456)
                .setPrevSequence(-1)
                .setChecksum(-1770453490)
                .setEventTime(millis(1764000000123L))
                .setIngestTime(INGEST)
                .build());
  }

  @Test
  void shouldDecodeBookUpdateLinkedAndChecksummed() {
    feed("books-snapshot.json");
    feed("books-update.json");

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.gaps).isEmpty();
    assertThat(out.books).hasSize(2);
    assertThat(out.books.get(1))
        .isEqualTo(
            BookUpdate.newBuilder()
                .setInstrument("okx:BTC-USDT")
                .setVenue("okx")
                .setKind(BookUpdate.Kind.KIND_DELTA)
                .addBids(level("64999.8", "0"))
                .addBids(level("64999.7", "0.75"))
                .addAsks(level("65000.1", "0.35"))
                .setFirstSequence(123457)
                .setLastSequence(123457)
                .setPrevSequence(123456)
                .setChecksum(-1054298770)
                .setEventTime(millis(1764000000223L))
                .setIngestTime(INGEST)
                .build());
  }

  @Test
  void shouldAcceptKeepAliveUpdateWhoseSeqIdEqualsPrevSeqId() {
    feed("books-snapshot.json");
    feed("books-update.json");
    feed("books-keepalive.json");

    assertThat(out.gaps).isEmpty();
    assertThat(out.deadLetters).isEmpty();
    assertThat(out.books).hasSize(2);
    assertThat(out.ignored).containsEntry("book-unchanged", 1);
  }

  @Test
  void shouldFollowASequenceResetAndCatchABrokenLink() {
    feed("books-snapshot.json");
    String keepAlive = frame("books-keepalive.json").replace("-1054298770", "-1770453490");
    // After maintenance OKX may restart seqId lower; prevSeqId still links to the last one.
    session.onFrame(
        keepAlive.replace(
            "\"prevSeqId\":123457,\"seqId\":123457", "\"prevSeqId\":123456,\"seqId\":5"),
        RECEIVED);
    session.onFrame(
        keepAlive.replace("\"prevSeqId\":123457,\"seqId\":123457", "\"prevSeqId\":5,\"seqId\":6"),
        RECEIVED);
    assertThat(out.gaps).isEmpty();

    session.onFrame(
        keepAlive.replace("\"prevSeqId\":123457,\"seqId\":123457", "\"prevSeqId\":7,\"seqId\":8"),
        RECEIVED);

    assertThat(out.gaps).hasSize(1);
    assertThat(out.gaps.getFirst().instrument()).isEqualTo("okx:BTC-USDT");
    assertThat(out.gaps.getFirst().detail()).contains("prevSeqId 7 != last seqId 6");
    assertThat(out.sent)
        .containsExactly(
            "{\"op\":\"unsubscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}]}",
            "{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}]}");
  }

  @Test
  void shouldDecodeEveryTradeOfATradesPush() {
    feed("trades.json");

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.trades)
        .containsExactly(
            Trade.newBuilder()
                .setInstrument("okx:BTC-USDT-PERP")
                .setVenue("okx")
                .setTradeId("242720720")
                .setPrice(d("65012.4"))
                .setSize(d("3"))
                .setSide(Side.SIDE_SELL)
                .setEventTime(millis(1764000001500L))
                .setIngestTime(INGEST)
                .build(),
            Trade.newBuilder()
                .setInstrument("okx:BTC-USDT-PERP")
                .setVenue("okx")
                .setTradeId("242720721")
                .setPrice(d("65012.5"))
                .setSize(d("12"))
                .setSide(Side.SIDE_BUY)
                .setEventTime(millis(1764000001501L))
                .setIngestTime(INGEST)
                .build());
  }

  @Test
  void shouldDecodeTradesWhoseDataComesBeforeArg() {
    String frame = frame("trades.json");
    int data = frame.indexOf(",\"data\":");
    String reordered =
        "{" + frame.substring(data + 1, frame.length() - 1) + "," + frame.substring(1, data) + "}";
    assertThat(reordered).startsWith("{\"data\":[");

    session.onFrame(reordered, RECEIVED);

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.trades).extracting(Trade::getTradeId).containsExactly("242720720", "242720721");
  }

  @Test
  void shouldDeadLetterATradeTimeNoTimestampCanHoldAndKeepTheOtherTrade() {
    // Year 10000 and later: a protobuf Timestamp cannot hold it, and printing it as JSON throws.
    session.onFrame(frame("trades.json").replace("1764000001500", "253402300800000"), RECEIVED);

    assertThat(out.deadLetters)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(ErrorKind.BAD_TIME);
              assertThat(d.error()).contains("\"ts\"").contains("years 1 to 9999");
            });
    assertThat(out.trades).extracting(Trade::getTradeId).containsExactly("242720721");
  }

  @Test
  void shouldDeadLetterABookWhoseTimeNoTimestampCanHold() {
    session.onFrame(
        frame("books-snapshot.json").replaceFirst("\"ts\":\"\\d+\"", "\"ts\":\"-62135596800001\""),
        RECEIVED);

    assertThat(out.deadLetters)
        .extracting(RecordingOutput.DeadLetter::kind)
        .containsExactly(ErrorKind.BAD_TIME);
    assertThat(out.books).isEmpty();
  }

  @Test
  void shouldDecodeBboTbtAsQuote() {
    feed("bbo-tbt.json");

    assertThat(out.quotes)
        .containsExactly(
            Quote.newBuilder()
                .setInstrument("okx:ETH-USDT")
                .setVenue("okx")
                .setBidPrice(d("1900.01"))
                .setBidSize(d("0.5"))
                .setAskPrice(d("1900.02"))
                .setAskSize(d("4.1207"))
                .setSequence(987654)
                .setEventTime(millis(1764000002000L))
                .setIngestTime(INGEST)
                .build());
  }

  @Test
  void shouldDecodeTickersAsQuoteOfADatedFuture() {
    feed("tickers.json");

    assertThat(out.quotes)
        .containsExactly(
            Quote.newBuilder()
                .setInstrument("okx:BTC-USD-220527")
                .setVenue("okx")
                .setBidPrice(d("65020.4"))
                .setBidSize(d("14"))
                .setAskPrice(d("65021.1"))
                .setAskSize(d("30"))
                .setEventTime(millis(1764000003003L))
                .setIngestTime(INGEST)
                .build());
  }

  @Test
  void shouldPublishAnUnchangedTickerOnce() {
    feed("tickers.json");
    feed("tickers.json");

    assertThat(out.quotes).hasSize(1);
    assertThat(out.ignored).containsEntry("unchanged-quote", 1);
  }

  @Test
  void shouldIgnoreSubscribeAckAndPong() {
    feed("subscribe-ack.json");
    feed("pong.txt");

    assertThat(out.ignored).containsEntry("subscribe", 1).containsEntry("pong", 1);
    assertThat(out.deadLetters).isEmpty();
  }

  @Test
  void shouldDeadLetterErrorEventAsVenueError() {
    feed("error.json");

    assertThat(out.deadLetters).hasSize(1);
    assertThat(out.deadLetters.getFirst().kind()).isEqualTo(ErrorKind.VENUE_ERROR);
    assertThat(out.deadLetters.getFirst().error()).contains("60012").contains("Invalid request");
  }
}
