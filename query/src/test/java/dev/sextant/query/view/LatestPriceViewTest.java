package dev.sextant.query.view;

import static dev.sextant.query.view.Trades.position;
import static dev.sextant.query.view.Trades.trade;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.schemas.decimal.Decimals;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LatestPriceViewTest {

  private final LatestPriceView view = new LatestPriceView();
  private long offset;

  private PriceChange apply(String instrument, String price, long second) {
    return view.apply(trade(instrument, price, second), position(0, offset++));
  }

  private static String price(Optional<LatestPrice> latest) {
    return Decimals.toBigDecimal(latest.orElseThrow().price()).toPlainString();
  }

  @Test
  void shouldAnswerAssetPriceFromLatestUsdTrade() {
    apply("coinbase:BTC-USD", "64000.10", 10);
    apply("binance:BTC-USDT", "64050.00", 20); // newer, but USDT is not USD

    LatestPrice btc = view.asset("BTC").orElseThrow();
    assertThat(btc.price().getValue()).isEqualTo("64000.10");
    assertThat(btc.instrument().quote()).isEqualTo("USD");
    assertThat(btc.instrument().id()).isEqualTo("coinbase:BTC-USD");
  }

  @Test
  void shouldFallBackToUsdcThenUsdtNamingTheQuote() {
    apply("binance:ETH-USDT", "3000.5", 10);
    assertThat(view.asset("ETH").orElseThrow().instrument().quote()).isEqualTo("USDT");

    apply("coinbase:ETH-USDC", "3001", 5);
    assertThat(view.asset("ETH").orElseThrow().instrument().quote()).isEqualTo("USDC");

    apply("kraken:ETH-EUR", "2800", 30);
    assertThat(view.asset("ETH").orElseThrow().instrument().quote()).isEqualTo("USDC");
  }

  @Test
  void shouldAnswerMostRecentTradeByEventTimeAcrossVenues() {
    apply("kraken:BTC-USD", "64100", 12);
    apply("coinbase:BTC-USD", "64000", 10); // arrives later, happened earlier

    assertThat(price(view.asset("BTC"))).isEqualTo("64100");
    assertThat(view.asset("BTC").orElseThrow().instrument().venue()).isEqualTo("kraken");

    apply("coinbase:BTC-USD", "64200", 13);
    assertThat(price(view.asset("BTC"))).isEqualTo("64200");
  }

  @Test
  void shouldBreakEventTimeTiesByIngestTime() {
    view.apply(trade("kraken:BTC-USD", "1", 10, 900_000_000), position(0, 0));
    view.apply(trade("coinbase:BTC-USD", "2", 10, 100_000_000), position(1, 0));

    assertThat(price(view.asset("BTC"))).isEqualTo("1");
  }

  @Test
  void shouldAnswerInstrumentExactlyWithItsLastTradeInKafkaOrder() {
    apply("coinbase:BTC-USD", "64000", 10);
    apply("coinbase:BTC-USD", "63990", 9); // the venue's clock went back; Kafka order wins
    apply("coinbase:BTC-USDT", "64010", 11);

    LatestPrice latest = view.instrument("coinbase:BTC-USD").orElseThrow();
    assertThat(latest.price().getValue()).isEqualTo("63990");
    assertThat(latest.position()).isEqualTo(position(0, 1));
    assertThat(view.instrument("coinbase:ETH-USD")).isEmpty();
    assertThat(view.asset("ETH")).isEmpty();
  }

  @Test
  void shouldLeaveDerivativesOutOfTheAssetPrice() {
    apply("binance-futures:BTC-USDT-PERP", "64500", 10);

    assertThat(view.asset("BTC")).isEmpty();
    assertThat(view.instrument("binance-futures:BTC-USDT-PERP")).isPresent();
  }

  @Test
  void shouldReportAnAssetChangeOnlyWhenTheAnswerChanges() {
    assertThat(apply("coinbase:BTC-USD", "64000", 10).changedAsset()).isTrue();

    PriceChange usdt = apply("binance:BTC-USDT", "64050", 20);
    assertThat(usdt.changedAsset()).isFalse();
    assertThat(usdt.instrumentPrice().price().getValue()).isEqualTo("64050");

    assertThat(apply("kraken:BTC-USD", "63000", 5).changedAsset()).isFalse(); // older
    assertThat(apply("kraken:BTC-USD", "64100", 21).assetPrice().instrument().venue())
        .isEqualTo("kraken");
  }

  @Test
  void shouldIgnoreTradesOfMalformedInstruments() {
    assertThat(apply("not-an-instrument", "1", 1)).isNull();
    assertThat(view.instrumentCount()).isZero();
  }

  @Test
  void shouldBuildEachInstrumentIdOnceNotOnEveryTrade() {
    LatestPrice first = apply("coinbase:BTC-USD", "64000", 10).instrumentPrice();
    LatestPrice second = apply("coinbase:BTC-USD", "64001", 11).instrumentPrice();

    assertThat(first.instrumentId()).isEqualTo("coinbase:BTC-USD");
    assertThat(second.instrumentId()).isSameAs(first.instrumentId());
    assertThat(PriceQuotes.of("BTC", second, java.time.Instant.EPOCH).getSourcesList())
        .containsExactly("coinbase:BTC-USD");
  }
}
