package dev.sextant.ingest.market.okx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.schemas.registry.Instrument;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OkxProtocolTest {

  private final OkxProtocol protocol = new OkxProtocol();

  @Test
  void shouldPlanOneConnectionForSpotSwapsAndFutures() {
    List<Instrument> instruments =
        List.of(
            Instrument.parse("okx:BTC-USDT"),
            Instrument.parse("okx:BTC-USDT-PERP"),
            Instrument.parse("okx:BTC-USD-220527"));

    assertThat(protocol.plan(protocol.defaultEndpoint(), instruments))
        .containsExactly(new ConnectionPlan("", OkxProtocol.ENDPOINT, instruments));
    assertThat(instruments)
        .extracting(OkxInstruments::instId)
        .containsExactly("BTC-USDT", "BTC-USDT-SWAP", "BTC-USD-220527");
  }

  @Test
  void shouldRejectAnInstrumentOfAnotherVenue() {
    assertThatThrownBy(
            () ->
                protocol.plan(
                    OkxProtocol.ENDPOINT,
                    List.of(Instrument.parse("okx:BTC-USDT"), Instrument.parse("bybit:BTC-USDT"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bybit:BTC-USDT");
  }

  @Test
  void shouldKeepOkxDefaults() {
    assertThat(protocol.name()).isEqualTo("okx");
    assertThat(protocol.venue()).isEqualTo("okx");
    assertThat(protocol.defaultEndpoint())
        .isEqualTo(URI.create("wss://ws.okx.com:8443/ws/v5/public"));
    // Pings well inside the 30 s after which OKX drops a quiet connection.
    assertThat(protocol.heartbeat().pingInterval()).isLessThan(Duration.ofSeconds(30));
    assertThat(protocol.subscribeFramesPerSecond()).isEqualTo(3);
  }
}
