package dev.sextant.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryTest {

  private final Registry registry = Registry.loadDefault();

  @Test
  void shouldLoadBundledRegistry() {
    assertThat(registry.assets())
        .extracting(Asset::symbol)
        .contains(
            "BTC", "ETH", "SOL", "USDC", "USDT", "WETH", "DAI", "LINK", "UNI", "TAO", "WBTC", "USD",
            "EUR");
    assertThat(registry.venues())
        .extracting(Venue::name)
        .contains(
            "coinbase",
            "binance",
            "binance-futures",
            "kraken",
            "okx",
            "bybit",
            "uniswap-v2@1",
            "uniswap-v3@1",
            "uniswap-v2@31337",
            "uniswap-v3@31337");

    Map<String, Integer> chain1Decimals =
        Map.of(
            "USDC", 6, "USDT", 6, "WETH", 18, "DAI", 18, "LINK", 18, "UNI", 18, "WBTC", 8, "TAO",
            9);
    chain1Decimals.forEach(
        (symbol, decimals) ->
            assertThat(registry.asset(symbol).orElseThrow().contract(1))
                .as(symbol)
                .hasValueSatisfying(c -> assertThat(c.decimals()).isEqualTo(decimals)));
  }

  @Test
  void shouldKeepNativeCoinsAndFiatWithoutContracts() {
    for (String symbol : new String[] {"BTC", "ETH", "SOL", "USD", "EUR"}) {
      assertThat(registry.asset(symbol).orElseThrow().contracts()).as(symbol).isEmpty();
    }
    assertThat(registry.asset("USD").orElseThrow().kind()).isEqualTo(Asset.Kind.FIAT);
    assertThat(registry.asset("EUR").orElseThrow().kind()).isEqualTo(Asset.Kind.FIAT);
  }

  @Test
  void shouldCarryNewsAliases() {
    assertThat(registry.asset("ETH").orElseThrow().aliases()).contains("Ethereum", "Ether");
    assertThat(registry.asset("TAO").orElseThrow().aliases()).contains("Bittensor");
    assertThat(registry.asset("USDT").orElseThrow().aliases()).contains("Tether");
    assertThat(registry.asset("LINK").orElseThrow().name()).isEqualTo("Chainlink");
  }

  @Test
  void shouldReturnFreshInstanceOnEachDefaultLoad() {
    assertThat(Registry.loadDefault()).isNotSameAs(registry);
  }

  @Test
  void shouldKeepStablecoinsDistinctFromUsd() {
    assertThat(registry.isStablecoin("USDT")).isTrue();
    assertThat(registry.isStablecoin("USDC")).isTrue();
    assertThat(registry.isStablecoin("DAI")).isTrue();
    assertThat(registry.isStablecoin("USD")).isFalse();
    assertThat(registry.isStablecoin("BTC")).isFalse();
    assertThat(registry.isStablecoin("NOPE")).isFalse();
    assertThat(registry.asset("USDC").orElseThrow().peggedTo()).isEqualTo("USD");
  }

  @Test
  void shouldFindAssetByContractInAnyCase() {
    assertThat(registry.assetByContract(1, "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"))
        .map(Asset::symbol)
        .hasValue("USDC");
    assertThat(registry.assetByContract(1, "0xC02AAA39B223FE8D0A0E5C4F27EAD9083C756CC2"))
        .map(Asset::symbol)
        .hasValue("WETH");
    assertThat(registry.assetByContract(8453, "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"))
        .isEmpty();
    assertThat(registry.assetByContract(1, "0x0000000000000000000000000000000000000000")).isEmpty();
  }

  @Test
  void shouldMapKrakenXbtToBtc() {
    assertThat(registry.assetSymbol("kraken", "XBT")).isEqualTo("BTC");
    assertThat(registry.instrument("kraken", "XBT", "USD", "")).hasToString("kraken:BTC-USD");
  }

  @Test
  void shouldMapKrakenLegacyPrefixedCodes() {
    assertThat(registry.assetSymbol("kraken", "XXBT")).isEqualTo("BTC");
    assertThat(registry.assetSymbol("kraken", "XETH")).isEqualTo("ETH");
    assertThat(registry.assetSymbol("kraken", "ZUSD")).isEqualTo("USD");
    assertThat(registry.assetSymbol("kraken", "ZEUR")).isEqualTo("EUR");
    assertThat(registry.instrumentFromConcatenated("kraken", "XXBTZUSD", ""))
        .isEqualTo(Instrument.spot("kraken", "BTC", "USD"));
  }

  @Test
  void shouldPassUnaliasedCodesThroughUppercased() {
    assertThat(registry.assetSymbol("coinbase", "doge")).isEqualTo("DOGE");
    assertThat(registry.assetSymbol("binance", "XBT")).isEqualTo("XBT");
  }

  @Test
  void shouldBuildDerivativeInstrument() {
    assertThat(registry.instrument("binance-futures", "btc", "usdt", "PERP"))
        .hasToString("binance-futures:BTC-USDT-PERP");
    assertThat(registry.instrument("okx", "BTC", "USD", "220527"))
        .hasToString("okx:BTC-USD-220527");
  }

  @Test
  void shouldRejectUnknownVenue() {
    assertThatThrownBy(() -> registry.instrument("mtgox", "BTC", "USD", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown venue 'mtgox'");
    assertThatThrownBy(() -> registry.assetSymbol("mtgox", "BTC"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldSplitConcatenatedBinanceSymbol() {
    assertThat(registry.instrumentFromConcatenated("binance", "BTCUSDT", ""))
        .isEqualTo(Instrument.spot("binance", "BTC", "USDT"));
    assertThat(registry.instrumentFromConcatenated("binance", "ethbtc", ""))
        .isEqualTo(Instrument.spot("binance", "ETH", "BTC"));
    assertThat(registry.instrumentFromConcatenated("binance", "BTCFDUSD", ""))
        .isEqualTo(Instrument.spot("binance", "BTC", "FDUSD"));
    assertThat(registry.instrumentFromConcatenated("binance-futures", "ETHUSDT", "PERP"))
        .hasToString("binance-futures:ETH-USDT-PERP");
  }

  @Test
  void shouldSplitConcatenatedBybitSymbol() {
    assertThat(registry.instrumentFromConcatenated("bybit", "SOLUSDC", ""))
        .hasToString("bybit:SOL-USDC");
  }

  @Test
  void shouldRejectConcatenatedSymbolWithoutKnownQuote() {
    assertThatThrownBy(() -> registry.instrumentFromConcatenated("binance", "BTCXYZ", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("binance")
        .hasMessageContaining("BTCXYZ")
        .hasMessageContaining("USDT");
    assertThatThrownBy(() -> registry.instrumentFromConcatenated("coinbase", "BTCUSD", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
