package dev.sextant.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ProtoSerdeTest {

  private final ProtoSerde<Trade> serde = ProtoSerde.of(Trade.parser());

  @Test
  void shouldRoundTripMessage() {
    Trade trade =
        Trade.newBuilder()
            .setInstrument("binance:BTC-USDT")
            .setVenue("binance")
            .setTradeId("123")
            .setPrice(Decimals.of("65000.10"))
            .setSize(Decimals.of("0.0001"))
            .setSide(Side.SIDE_SELL)
            .setSequence(7)
            .build();

    byte[] bytes = serde.serializer().serialize("market.trades.v1", trade);

    assertThat(serde.deserializer().deserialize("market.trades.v1", bytes)).isEqualTo(trade);
  }

  @Test
  void shouldPassTombstonesThroughAsNull() {
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void shouldRejectInvalidBytesNamingTheTopic() {
    byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

    assertThatThrownBy(() -> serde.deserializer().deserialize("market.trades.v1", garbage))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("market.trades.v1")
        .hasMessageContaining("3 bytes");
  }
}
