package dev.sextant.query.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.query.view.PriceKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionFilterTest {

  @Test
  void shouldMatchAnInstrumentByItsIdOrItsBaseAsset() {
    SubscriptionFilter btc =
        SubscriptionFilter.of(List.of(new PriceKey.AssetKey("BTC")), true, true);
    SubscriptionFilter kraken =
        SubscriptionFilter.of(List.of(PriceKey.parse("kraken:ETH-USD", s -> false)), true, true);

    assertThat(btc.matchesInstrument("coinbase:BTC-USD", "BTC")).isTrue();
    assertThat(btc.matchesInstrument("coinbase:ETH-USD", "ETH")).isFalse();
    assertThat(kraken.matchesInstrument("kraken:ETH-USD", "ETH")).isTrue();
    assertThat(kraken.matchesInstrument("coinbase:ETH-USD", "ETH")).isFalse();
    assertThat(SubscriptionFilter.of(List.of(), true, true).matchesInstrument("x:A-B", "A"))
        .isTrue();
  }
}
