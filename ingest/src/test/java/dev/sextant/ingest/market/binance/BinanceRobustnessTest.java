package dev.sextant.ingest.market.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.RestFrame;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.ingest.market.testkit.RecordingControl;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.schemas.registry.Registry;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Mangled Binance frames never escape a session as exceptions, and good frames still decode. */
class BinanceRobustnessTest {

  private static final String[] JUNK = {
    "", "null", "[]", "{}", "\"x\"", "-1", "0", "1e999999", "99999999999999999999999", "true"
  };

  @Test
  void shouldSurviveMangledFramesAndKeepDecoding() {
    for (BinanceProtocol protocol : List.of(BinanceProtocol.spot(), BinanceProtocol.futures())) {
      List<String> seeds = new ArrayList<>();
      BinanceSimulator simulator =
          protocol.usdMargined()
              ? BinanceSimulator.futures(9, 1_772_460_000_000L, "BTCUSDT", "ETHUSDT")
              : BinanceSimulator.spot(9, 1_772_460_000_000L, "BTCUSDT", "ETHUSDT");
      simulator.afterSubscribe(
          "{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\",\"btcusdt@aggTrade\","
              + "\"btcusdt@bookTicker\",\"btcusdt@depth@100ms\"],\"id\":1}");
      for (int i = 0; i < 200; i++) {
        seeds.add(simulator.nextFrame());
      }
      URI uri =
          URI.create(protocol.restBase() + protocol.depthPath() + "?symbol=BTCUSDT&limit=1000");
      seeds.add(simulator.restAnswer(uri).encode());

      RecordingOutput output = new RecordingOutput();
      ProtocolSession session =
          protocol.newSession(
              new SessionContext(
                  new ConnectionPlan("", protocol.defaultEndpoint(), List.of()),
                  protocol.defaultRestEndpoint(),
                  Registry.loadDefault(),
                  output,
                  new RecordingControl()));
      session.onOpen(0);
      Random random = new Random(42);
      for (int i = 0; i < 20_000; i++) {
        String frame = mangle(seeds.get(random.nextInt(seeds.size())), random);
        assertThatCode(() -> session.onFrame(frame, 1))
            .as("frame %s", frame)
            .doesNotThrowAnyException();
      }
      assertThat(output.deadLetters).isNotEmpty();
      int trades = output.trades.size();
      String good =
          protocol.usdMargined()
              ? "{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1,\"a\":-7,"
                  + "\"s\":\"BTCUSDT\",\"p\":\"1.5\",\"q\":\"2\",\"T\":1772460000000,\"m\":true}}"
              : BinanceSessionTest.trade(-7, "1.5", "2", "true");
      session.onFrame(good.replace("-7", "999999999999"), 2);
      assertThat(output.trades).hasSize(trades + 1);
    }
  }

  private static String mangle(String frame, Random random) {
    if (RestFrame.isRest(frame) && random.nextBoolean()) {
      RestFrame rest = RestFrame.decode(frame).orElseThrow();
      return new RestFrame(
              rest.url(), random.nextInt(3) == 0 ? 500 : 200, mangle(rest.body(), random))
          .encode();
    }
    return switch (random.nextInt(5)) {
      case 0 -> frame.substring(0, random.nextInt(frame.length() + 1));
      case 1 -> {
        int at = random.nextInt(frame.length());
        yield frame.substring(0, at) + (char) (32 + random.nextInt(95)) + frame.substring(at + 1);
      }
      case 2 -> {
        // Replace one value with junk of another type.
        int colon = frame.indexOf(':', random.nextInt(frame.length()));
        if (colon < 0) {
          yield frame;
        }
        int end = colon + 1;
        while (end < frame.length() && ",}]".indexOf(frame.charAt(end)) < 0) {
          end++;
        }
        yield frame.substring(0, colon + 1)
            + JUNK[random.nextInt(JUNK.length)]
            + frame.substring(end);
      }
      case 3 -> frame.replaceFirst("\"[a-zA-Z]+\":[^,{}\\[\\]]+,", "");
      default -> frame;
    };
  }
}
