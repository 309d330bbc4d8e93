package dev.sextant.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VenueTest {

  private final Venue binance =
      new Venue("binance", Venue.Kind.CEX, 0, Map.of(), List.of("USD", "USDT", "FDUSD", "BTC"));

  @Test
  void shouldKeepQuoteCodesLongestFirst() {
    assertThat(binance.quoteCodes()).containsExactly("FDUSD", "USDT", "USD", "BTC");
  }

  @Test
  void shouldSplitOnLongestMatchingQuote() {
    assertThat(binance.splitConcatenated("BTCUSDT")).hasValue(new SymbolPair("BTC", "USDT"));
    assertThat(binance.splitConcatenated("BTCFDUSD")).hasValue(new SymbolPair("BTC", "FDUSD"));
    assertThat(binance.splitConcatenated("BTCUSD")).hasValue(new SymbolPair("BTC", "USD"));
  }

  @Test
  void shouldNotSplitWhenNothingIsLeftForTheBase() {
    assertThat(binance.splitConcatenated("USDT")).isEmpty();
    assertThat(binance.splitConcatenated("BTCEUR")).isEmpty();
  }

  @Test
  void shouldDefaultToNoQuoteCodes() {
    Venue coinbase = new Venue("coinbase", Venue.Kind.CEX, 0, Map.of());
    assertThat(coinbase.quoteCodes()).isEmpty();
    assertThat(coinbase.splitConcatenated("BTCUSD")).isEmpty();
  }
}
