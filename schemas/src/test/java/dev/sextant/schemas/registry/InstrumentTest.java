package dev.sextant.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstrumentTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "coinbase:BTC-USD",
        "binance-futures:BTC-USDT-PERP",
        "okx:BTC-USD-220527",
        "uniswap-v3@1:WETH-USDC",
        "kraken:ETH-EUR"
      })
  void shouldRoundTripThroughParseAndFormat(String id) {
    Instrument instrument = Instrument.parse(id);

    assertThat(instrument.id()).isEqualTo(id);
    assertThat(instrument).hasToString(id);
    assertThat(Instrument.parse(instrument.id())).isEqualTo(instrument);
  }

  @Test
  void shouldParseEachPart() {
    assertThat(Instrument.parse("binance-futures:BTC-USDT-PERP"))
        .isEqualTo(new Instrument("binance-futures", "BTC", "USDT", "PERP"));
    assertThat(Instrument.parse("okx:BTC-USD-220527"))
        .isEqualTo(new Instrument("okx", "BTC", "USD", "220527"));
    assertThat(Instrument.parse("uniswap-v3@1:WETH-USDC"))
        .isEqualTo(Instrument.spot("uniswap-v3@1", "WETH", "USDC"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "BTC-USD",
        ":BTC-USD",
        "coinbase:",
        "coinbase:BTC",
        "coinbase:BTC-USD-PERP-X",
        "coinbase:btc-usd",
        "Coinbase:BTC-USD",
        "coinbase:BTC-",
        "okx:BTC-USD-2205",
        "bybit:ETH-USDT-perp"
      })
  void shouldRejectMalformedIdNamingIt(String id) {
    assertThatThrownBy(() -> Instrument.parse(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + id + "' is not an instrument");
  }

  @Test
  void shouldSayWhichPartIsWrong() {
    assertThatThrownBy(() -> Instrument.parse("okx:BTC-USD-2205"))
        .hasMessageContaining("PERP or an expiry YYMMDD");
    assertThatThrownBy(() -> Instrument.parse("Coinbase:BTC-USD"))
        .hasMessageContaining("lowercase");
  }

  @Test
  void shouldTellInstrumentsFromAssetSymbols() {
    assertThat(Instrument.looksLikeInstrument("coinbase:BTC-USD")).isTrue();
    assertThat(Instrument.looksLikeInstrument("BTC")).isFalse();
  }
}
