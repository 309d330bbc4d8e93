package dev.sextant.streams.kstreams.price;

import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.Price;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Feeds the global rates store from prices.v1, keeping only the USD prices of stablecoins: every
 * task needs them, whatever partition the stablecoin's own price is computed on.
 */
final class StablecoinRateProcessor implements Processor<String, Price, Void, Void> {

  private final String storeName;
  private final Registry registry;
  private KeyValueStore<String, Price> store;

  StablecoinRateProcessor(String storeName, Registry registry) {
    this.storeName = storeName;
    this.registry = registry;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, Price> record) {
    String key = record.key();
    if (key == null || !registry.isStablecoin(key)) {
      return;
    }
    Price price = record.value();
    if (price == null) {
      store.delete(key);
      return;
    }
    if (!"USD".equals(price.getQuote()) || !parses(price)) {
      return;
    }
    store.put(key, price);
  }

  private static boolean parses(Price price) {
    try {
      return Decimals.toBigDecimal(price.getPrice()).signum() > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
