package dev.sextant.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Trade;
import org.junit.jupiter.api.Test;

class OutgoingTest {

  @Test
  void shouldSerializeValueAsTheCatalogSerdeReadsIt() {
    Trade trade = Trade.newBuilder().setInstrument("coinbase:BTC-USD").setTradeId("1").build();

    byte[] bytes =
        new Outgoing<>(Topics.MARKET_TRADES, "coinbase:BTC-USD", trade).serializedValue();

    assertThat(bytes).isEqualTo(trade.toByteArray());
    assertThat(Topics.MARKET_TRADES.serde().deserializer().deserialize("t", bytes))
        .isEqualTo(trade);
  }
}
