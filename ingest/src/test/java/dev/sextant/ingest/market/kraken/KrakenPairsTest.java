package dev.sextant.ingest.market.kraken;

import static dev.sextant.ingest.market.kraken.KrakenFixtures.BTC_USD;
import static dev.sextant.ingest.market.kraken.KrakenFixtures.ETH_USD;
import static dev.sextant.ingest.market.kraken.KrakenFixtures.REGISTRY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FrameException;
import dev.sextant.schemas.registry.Instrument;
import java.util.List;
import org.junit.jupiter.api.Test;

class KrakenPairsTest {

  @Test
  void shouldWriteV1PairsWithKrakenCodesAndV2SymbolsWithCommonOnes() {
    assertThat(KrakenPairs.v1Pair(REGISTRY, BTC_USD)).isEqualTo("XBT/USD");
    assertThat(KrakenPairs.v1Pair(REGISTRY, ETH_USD)).isEqualTo("ETH/USD");
    assertThat(KrakenPairs.v1Pair(REGISTRY, Instrument.spot("kraken", "ETH", "BTC")))
        .isEqualTo("ETH/XBT");
    assertThat(KrakenPairs.v2Symbol(BTC_USD)).isEqualTo("BTC/USD");
  }

  @Test
  void shouldMapBothVersionsPairNamesToOneInstrument() {
    KrakenPairs pairs = new KrakenPairs(REGISTRY, List.of());
    assertThat(pairs.instrument("XBT/USD")).isEqualTo(BTC_USD);
    assertThat(pairs.instrument("BTC/USD")).isEqualTo(BTC_USD);
    assertThat(pairs.instrument("ADA/XBT").id()).isEqualTo("kraken:ADA-BTC");
  }

  @Test
  void shouldRejectUnmappableAndUnsubscribedPairs() {
    KrakenPairs pairs = new KrakenPairs(REGISTRY, List.of(BTC_USD));
    for (String bad : new String[] {"XBTUSD", "/USD", "XBT/", "A/B/C", "xb t/usd"}) {
      assertThatThrownBy(() -> pairs.instrument(bad))
          .as(bad)
          .isInstanceOf(FrameException.class)
          .satisfies(
              e -> assertThat(((FrameException) e).kind()).isEqualTo(ErrorKind.UNKNOWN_INSTRUMENT));
    }
    assertThatThrownBy(() -> pairs.instrument("ETH/USD"))
        .isInstanceOf(FrameException.class)
        .hasMessageContaining("not subscribed");
  }
}
