package dev.sextant.streams.kstreams.price;

import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.v1.Price;
import java.math.BigDecimal;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Stablecoin rates read from the global store that mirrors their prices on prices.v1. */
final class StoreStablecoinRates implements StablecoinRates {

  private final ReadOnlyKeyValueStore<String, Price> store;

  StoreStablecoinRates(ReadOnlyKeyValueStore<String, Price> store) {
    this.store = store;
  }

  @Override
  public Optional<Rate> rate(String stablecoin) {
    Price price = store.get(stablecoin);
    if (price == null) {
      return Optional.empty();
    }
    BigDecimal usd = Decimals.toBigDecimal(price.getPrice());
    if (usd.signum() <= 0) {
      return Optional.empty();
    }
    return Optional.of(new Rate(usd, Times.toMillis(price.getEventTime())));
  }
}
