package dev.sextant.ingest.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.binance.BinanceProtocol;
import dev.sextant.ingest.market.coinbase.CoinbaseExchangeProtocol;
import dev.sextant.ingest.market.okx.OkxProtocol;
import dev.sextant.ingest.market.testkit.RecordingControl;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.schemas.registry.Registry;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sessions that accept every instrument their frames name keep state for at most {@link
 * InstrumentLimit#MAX_INSTRUMENTS} of them: past that, a new name is dead-lettered.
 */
class InstrumentLimitTest {

  private static final Registry REGISTRY = Registry.loadDefault();

  /** A made-up asset code per number: letters only, as venues write them. */
  private static String asset(int n) {
    StringBuilder code = new StringBuilder("Q");
    for (int i = 0; i < 4; i++) {
      code.append((char) ('A' + n % 26));
      n /= 26;
    }
    return code.toString();
  }

  static Stream<Arguments> venues() {
    IntFunction<String> okx =
        n -> {
          String instId = asset(n) + "-USDT";
          return "{\"arg\":{\"channel\":\"trades\",\"instId\":\""
              + instId
              + "\"},\"data\":[{\"instId\":\""
              + instId
              + "\",\"tradeId\":\"1\",\"px\":\"1.5\",\"sz\":\"2\",\"side\":\"buy\","
              + "\"ts\":\"1764000001500\"}]}";
        };
    IntFunction<String> coinbase =
        n ->
            "{\"type\":\"match\",\"trade_id\":1,\"sequence\":1,\"product_id\":\""
                + asset(n)
                + "-USD\",\"size\":\"2\",\"price\":\"1.5\",\"side\":\"sell\","
                + "\"time\":\"2026-08-09T12:00:00.000000Z\"}";
    IntFunction<String> binance =
        n -> {
          String symbol = asset(n) + "USDT";
          return "{\"stream\":\""
              + symbol.toLowerCase(java.util.Locale.ROOT)
              + "@trade\",\"data\":{\"e\":\"trade\",\"E\":1772460000001,\"s\":\""
              + symbol
              + "\",\"t\":1,\"p\":\"1.5\",\"q\":\"2\",\"T\":1772460000000,\"m\":false,\"M\":true}}";
        };
    return Stream.of(
        Arguments.of(new OkxProtocol(), okx),
        Arguments.of(new CoinbaseExchangeProtocol(), coinbase),
        Arguments.of(BinanceProtocol.spot(), binance));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("venues")
  void shouldDeadLetterInstrumentsPastTheLimitWhenAcceptingAll(
      MarketProtocol protocol, IntFunction<String> tradeOf) {
    RecordingOutput out = new RecordingOutput();
    ProtocolSession session =
        protocol.newSession(
            new SessionContext(
                new ConnectionPlan("", protocol.defaultEndpoint(), List.of()),
                protocol.defaultRestEndpoint(),
                REGISTRY,
                out,
                new RecordingControl()));
    session.onOpen(0);
    int limit = InstrumentLimit.MAX_INSTRUMENTS;
    for (int n = 0; n <= limit; n++) {
      session.onFrame(tradeOf.apply(n), 1);
    }
    // One already known still decodes.
    session.onFrame(tradeOf.apply(0).replace("\"1\"", "\"2\"").replace(":1,", ":2,"), 2);

    assertThat(out.trades).hasSize(limit + 1);
    assertThat(out.deadLetters)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(ErrorKind.UNKNOWN_INSTRUMENT);
              assertThat(d.error())
                  .containsIgnoringCase(asset(limit))
                  .contains("10000 instruments");
            });
  }
}
