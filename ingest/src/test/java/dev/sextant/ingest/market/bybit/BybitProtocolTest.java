package dev.sextant.ingest.market.bybit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.schemas.registry.Instrument;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BybitProtocolTest {

  private final BybitProtocol protocol = new BybitProtocol();

  @Test
  void shouldPlanSpotAndLinearConnections() {
    List<ConnectionPlan> plans =
        protocol.plan(
            protocol.defaultEndpoint(),
            List.of(
                Instrument.parse("bybit:BTC-USDT-PERP"),
                Instrument.parse("bybit:BTC-USDT"),
                Instrument.parse("bybit:ETH-USDT")));

    assertThat(plans)
        .containsExactly(
            new ConnectionPlan(
                "spot",
                URI.create("wss://stream.bybit.com/v5/public/spot"),
                List.of(Instrument.parse("bybit:BTC-USDT"), Instrument.parse("bybit:ETH-USDT"))),
            new ConnectionPlan(
                "linear",
                URI.create("wss://stream.bybit.com/v5/public/linear"),
                List.of(Instrument.parse("bybit:BTC-USDT-PERP"))));
  }

  @Test
  void shouldPlaceBothKindsBesideAConfiguredEndpoint() {
    List<ConnectionPlan> plans =
        protocol.plan(
            URI.create("ws://127.0.0.1:9001/v5/public/linear"),
            List.of(Instrument.parse("bybit:BTC-USDT"), Instrument.parse("bybit:BTC-USDT-PERP")));

    assertThat(plans)
        .extracting(ConnectionPlan::endpoint)
        .containsExactly(
            URI.create("ws://127.0.0.1:9001/v5/public/spot"),
            URI.create("ws://127.0.0.1:9001/v5/public/linear"));
  }

  @Test
  void shouldSplitManyInstrumentsOverNumberedConnections() {
    List<Instrument> many = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      many.add(Instrument.spot("bybit", "T" + i, "USDT"));
    }

    List<ConnectionPlan> plans = protocol.plan(protocol.defaultEndpoint(), many);

    assertThat(plans).extracting(ConnectionPlan::label).containsExactly("spot", "spot-2");
    assertThat(plans.get(1).instruments()).hasSize(50);
    assertThat(BybitCategory.of(plans.get(1))).isEqualTo(BybitCategory.SPOT);
  }

  @Test
  void shouldRejectInstrumentsBybitPublicStreamsDoNotCarry() {
    assertThatThrownBy(
            () ->
                protocol.plan(
                    protocol.defaultEndpoint(), List.of(Instrument.parse("okx:BTC-USDT"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("okx:BTC-USDT");
    assertThatThrownBy(
            () ->
                protocol.plan(
                    protocol.defaultEndpoint(), List.of(Instrument.parse("bybit:BTC-USD-261225"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bybit:BTC-USD-261225");
    assertThatThrownBy(
            () ->
                protocol.plan(
                    protocol.defaultEndpoint(), List.of(Instrument.parse("bybit:BTC-USD-PERP"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bybit:BTC-USD-PERP");
  }

  @Test
  void shouldTellTheCategoryFromLabelOrEndpoint() {
    assertThat(BybitCategory.of(new ConnectionPlan("linear", BybitProtocol.ENDPOINT, List.of())))
        .isEqualTo(BybitCategory.LINEAR);
    assertThat(
            BybitCategory.of(
                new ConnectionPlan(
                    "", URI.create("wss://stream.bybit.com/v5/public/linear"), List.of())))
        .isEqualTo(BybitCategory.LINEAR);
    assertThatThrownBy(
            () ->
                BybitCategory.of(
                    new ConnectionPlan("", URI.create("ws://127.0.0.1:9/"), List.of())))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
