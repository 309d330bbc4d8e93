package dev.sextant.ingest.market.coinbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ProductMappingTest {

  private static Registry registry() {
    try {
      return Registry.loadDefault();
    } catch (UnsupportedOperationException e) {
      Assumptions.abort("Registry is not implemented yet: " + e.getMessage());
      throw e;
    }
  }

  @Test
  void shouldBuildEachRegistryInstrumentOnceAndReuseIt() {
    ProductMapping products = ProductMapping.registry(registry());

    Instrument first = products.instrument("BTC-USD");

    assertThat(first.id()).isEqualTo("coinbase:BTC-USD");
    assertThat(products.instrument("BTC-USD")).isSameAs(first);
  }

  @Test
  void shouldNotCacheUnknownProduct() {
    ProductMapping products = ProductMapping.registry(registry());

    assertThatThrownBy(() -> products.instrument("BTCUSD"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> products.instrument("BTCUSD"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldComputeWithoutCachingBeyondTheBound() {
    AtomicInteger calls = new AtomicInteger();
    ProductMapping counting =
        productId -> {
          calls.incrementAndGet();
          return ProductMapping.spot().instrument(productId);
        };
    ProductMapping products = new CachedProductMapping(counting, 2);

    for (int round = 0; round < 3; round++) {
      for (String id : new String[] {"BTC-USD", "ETH-USD", "SOL-USD"}) {
        assertThat(products.instrument(id).id()).isEqualTo("coinbase:" + id);
      }
    }

    // BTC and ETH fill the cache; SOL is computed on each of the three rounds.
    assertThat(calls).hasValue(2 + 3);
  }
}
