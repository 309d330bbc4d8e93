package dev.sextant.ingest.market.coinbase;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.Decimal;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.time.Instant;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CoinbaseExchangeAdapterTest {

  private static final Instant INGEST = Instant.parse("2024-03-05T14:07:21.500000789Z");
  private static final ProductMapping PRODUCTS = ProductMapping.spot();

  private static Adapted adapt(String frame) {
    return CoinbaseExchangeAdapter.adapt(frame, INGEST, PRODUCTS);
  }

  private static Trade trade(String fixture) {
    return tradeOf(Fixtures.frame(fixture));
  }

  private static Trade tradeOf(String frame) {
    Adapted adapted = adapt(frame);
    assertThat(adapted).isInstanceOf(Adapted.Trade.class);
    return ((Adapted.Trade) adapted).trade();
  }

  private static Adapted.Failed failure(String frame) {
    Adapted adapted = adapt(frame);
    assertThat(adapted).isInstanceOf(Adapted.Failed.class);
    return (Adapted.Failed) adapted;
  }

  private static Decimal decimal(String value) {
    return Decimal.newBuilder().setValue(value).build();
  }

  private static Timestamp timestamp(long seconds, int nanos) {
    return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
  }

  @Test
  void shouldAdaptMatchToTradeWithExactFields() {
    Trade trade = trade("match.json");

    assertThat(trade)
        .isEqualTo(
            Trade.newBuilder()
                .setInstrument("coinbase:BTC-USD")
                .setVenue("coinbase")
                .setTradeId("48213907")
                .setPrice(decimal("64123.45"))
                .setSize(decimal("0.01250000"))
                .setSide(Side.SIDE_BUY)
                .setSequence(31052698812L)
                .setEventTime(timestamp(1709647641L, 123_456_000))
                .setIngestTime(timestamp(1709647641L, 500_000_789))
                .build());
  }

  @Test
  void shouldTakeAggressorSideFromMakerSide() {
    // match.json has a "sell" maker: a buyer took it.
    assertThat(trade("match.json").getSide()).isEqualTo(Side.SIDE_BUY);
    // match-maker-buy.json has a "buy" maker: a seller hit it.
    assertThat(trade("match-maker-buy.json").getSide()).isEqualTo(Side.SIDE_SELL);
  }

  @Test
  void shouldKeepTradeIdWrittenAsString() {
    Trade trade = trade("match-maker-buy.json");

    assertThat(trade.getTradeId()).isEqualTo("9127734");
    assertThat(trade.getInstrument()).isEqualTo("coinbase:ETH-EUR");
    assertThat(trade.getEventTime()).isEqualTo(timestamp(1709647642L, 1_000));
  }

  @Test
  void shouldAdaptLastMatchLikeMatch() {
    Trade trade = trade("last_match.json");

    assertThat(trade.getInstrument()).isEqualTo("coinbase:XLM-BTC");
    assertThat(trade.getTradeId()).isEqualTo("1052");
    assertThat(trade.getPrice()).isEqualTo(decimal("0.00001875"));
    assertThat(trade.getSize()).isEqualTo(decimal("250"));
    assertThat(trade.getSide()).isEqualTo(Side.SIDE_SELL);
    assertThat(trade.getSequence()).isEqualTo(7700123L);
    assertThat(trade.getEventTime()).isEqualTo(timestamp(1709647619L, 900_000_000));
  }

  @ParameterizedTest
  @CsvSource({
    "ticker.json, ticker",
    "subscriptions.json, subscriptions",
    "heartbeat.json, heartbeat",
    "error.json, error"
  })
  void shouldIgnoreKnownNonTradeFrames(String fixture, String type) {
    assertThat(adapt(Fixtures.frame(fixture))).isEqualTo(new Adapted.Ignored(type, true));
  }

  @Test
  void shouldIgnoreUnknownTypeAsUnknown() {
    assertThat(adapt("{\"type\":\"brand_new\",\"x\":1}"))
        .isEqualTo(new Adapted.Ignored("brand_new", false));
  }

  @Test
  void shouldFailMalformedJson() {
    Adapted.Failed failed = failure(Fixtures.frame("malformed.json"));

    assertThat(failed.kind()).isEqualTo(ErrorKind.MALFORMED_JSON);
    assertThat(failed.error()).startsWith("not JSON: ");
  }

  @Test
  void shouldFailFrameThatIsNotAnObject() {
    assertThat(failure("[1,2]"))
        .isEqualTo(new Adapted.Failed(ErrorKind.MALFORMED_JSON, "frame is not a JSON object"));
    assertThat(failure("").kind()).isEqualTo(ErrorKind.MALFORMED_JSON);
  }

  @Test
  void shouldFailTwoFramesOnOneLine() {
    assertThat(failure("{\"type\":\"heartbeat\"}{\"type\":\"heartbeat\"}").kind())
        .isEqualTo(ErrorKind.MALFORMED_JSON);
  }

  @Test
  void shouldFailFrameWithoutType() {
    assertThat(failure("{\"trade_id\":1}"))
        .isEqualTo(new Adapted.Failed(ErrorKind.MISSING_FIELD, "frame has no text field \"type\""));
  }

  @Test
  void shouldFailMatchWithoutPrice() {
    assertThat(failure(Fixtures.frame("missing-price.json")))
        .isEqualTo(
            new Adapted.Failed(ErrorKind.MISSING_FIELD, "match frame: missing field \"price\""));
  }

  @Test
  void shouldFailMatchWithUnparsablePrice() {
    assertThat(failure(Fixtures.frame("bad-number.json")))
        .isEqualTo(
            new Adapted.Failed(
                ErrorKind.BAD_NUMBER,
                "match frame: field \"price\" is not a decimal: \"64,123.45\""));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          "size":"0"                    | BAD_NUMBER         | field "size" is not positive
          "size":"-1"                   | BAD_NUMBER         | field "size" is not positive
          "sequence":1.5                | BAD_NUMBER         | field "sequence" is not a 64-bit integer
          "sequence":99999999999999999999 | BAD_NUMBER       | field "sequence" is not a 64-bit integer
          "side":"up"                   | BAD_VALUE          | field "side" is 'up', not buy or sell
          "time":"05/03/2024 14:07"     | BAD_TIME           | field "time" is not RFC 3339
          "product_id":"BTCUSD"         | UNKNOWN_INSTRUMENT | product_id: product id 'BTCUSD' is not BASE-QUOTE
          "trade_id":null               | MISSING_FIELD      | missing field "trade_id"
          """)
  void shouldFailMatchWithBadField(String field, ErrorKind kind, String message) {
    String name = field.substring(0, field.indexOf(':'));
    String frame = Fixtures.frame("match.json").replaceFirst(name + ":(\"[^\"]*\"|[0-9]+)", field);

    Adapted.Failed failed = failure(frame);

    assertThat(failed.kind()).isEqualTo(kind);
    assertThat(failed.error()).startsWith("match frame: " + message);
  }

  @Test
  void shouldKeepEveryDigitOfPriceSentAsJsonNumber() {
    String frame =
        Fixtures.frame("match.json")
            .replace("\"price\":\"64123.45\"", "\"price\":0.1000000000000000055511");

    assertThat(tradeOf(frame).getPrice()).isEqualTo(decimal("0.1000000000000000055511"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          "1e2147483647"
          1e2147483647
          "1e300000000"
          "1e-2147483647"
          "1E+41"
          "0.00000000000000000000000000000000000000001"
          """)
  void shouldDeadLetterAnAbsurdExponentAndGoOn(String price) {
    String frame =
        Fixtures.frame("match.json").replace("\"price\":\"64123.45\"", "\"price\":" + price);

    Adapted.Failed failed = failure(frame);

    assertThat(failed.kind()).isEqualTo(ErrorKind.BAD_NUMBER);
    assertThat(failed.error())
        .startsWith(
            "match frame: field \"price\" has more than 40 digits before or after the point");
  }

  @Test
  void shouldAcceptFortyDigitsOnEitherSideOfThePoint() {
    String digits = "1234567890".repeat(4);
    String frame =
        Fixtures.frame("match.json")
            .replace("\"price\":\"64123.45\"", "\"price\":\"" + digits + "." + digits + "\"");

    assertThat(tradeOf(frame).getPrice()).isEqualTo(decimal(digits + "." + digits));
  }

  @Test
  void shouldFailHugeDecimalStringWithoutParsingIt() {
    String frame =
        Fixtures.frame("match.json")
            .replace("\"price\":\"64123.45\"", "\"price\":\"" + "1".repeat(1_000_000) + "\"");

    Adapted.Failed failed = failure(frame);

    assertThat(failed.kind()).isEqualTo(ErrorKind.BAD_NUMBER);
    assertThat(failed.error())
        .startsWith("match frame: field \"price\" is longer than 160 characters");
    assertThat(failed.error()).hasSizeLessThan(400);
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
  void shouldAbbreviateHugeFieldInErrorMessage(String field, ErrorKind kind) {
    String name = field.substring(0, field.indexOf(':'));
    String frame =
        Fixtures.frame("match.json")
            .replaceFirst(
                name + ":(\"[^\"]*\"|[0-9]+)", field.replace("HUGE", "x".repeat(100_000)));

    Adapted.Failed failed = failure(frame);

    assertThat(failed.kind()).isEqualTo(kind);
    assertThat(failed.error()).hasSizeLessThan(400).contains("xxx...");
  }

  @Test
  void shouldMapProductThroughRegistry() {
    Registry registry;
    try {
      registry = Registry.loadDefault();
    } catch (UnsupportedOperationException e) {
      Assumptions.abort("Registry is not implemented yet: " + e.getMessage());
      return;
    }
    Adapted adapted =
        CoinbaseExchangeAdapter.adapt(
            Fixtures.frame("match.json"), INGEST, ProductMapping.registry(registry));

    assertThat(((Adapted.Trade) adapted).trade().getInstrument()).isEqualTo("coinbase:BTC-USD");
  }
}
