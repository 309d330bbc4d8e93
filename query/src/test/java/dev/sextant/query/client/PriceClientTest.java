package dev.sextant.query.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.query.v1.PriceQuote;
import org.junit.jupiter.api.Test;

class PriceClientTest {

  private static PriceQuote quote(long seconds, int nanos) {
    return PriceQuote.newBuilder()
        .setKey("BTC")
        .setQuote("USD")
        .setPrice(Decimals.of("64123.45"))
        .addSources("coinbase:BTC-USD")
        .setAge(Duration.newBuilder().setSeconds(seconds).setNanos(nanos))
        .build();
  }

  @Test
  void shouldFormatOneHumanLineWithSourceAndAge() {
    assertThat(PriceClient.format(quote(2, 300_000_000)))
        .isEqualTo("BTC 64123.45 USD  (coinbase:BTC-USD, 2.3 s old)");
  }

  @Test
  void shouldFormatOldPricesInMinutesAndHours() {
    assertThat(PriceClient.format(quote(125, 0))).endsWith("(coinbase:BTC-USD, 2 min old)");
    assertThat(PriceClient.format(quote(5_400, 0))).endsWith("(coinbase:BTC-USD, 1.5 h old)");
  }
}
