package dev.sextant.ingest.market.coinbase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the adapter over a real third-party recording from {@code ../shared/data}, read in place and
 * skipped when absent (a user's clone has no {@code ../shared}).
 */
class CoinbaseExchangeConformanceTest {

  private static final String CAPTURE = "cryptofeed_coinbase_exchange_ws_2021-04-17.txt";

  /** The shared data folder: {@code shared/data} in the working directory or an ancestor. */
  static Optional<Path> sharedData() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("data");
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The received frames of the recording; its lines are {@code <epoch seconds>: <frame>}. */
  private static List<String> receivedFrames() throws IOException {
    Optional<Path> file = sharedData().map(d -> d.resolve(CAPTURE)).filter(Files::isRegularFile);
    Assumptions.assumeTrue(
        file.isPresent(), "skipped: ../shared/data/" + CAPTURE + " is not present");
    List<String> frames = new ArrayList<>();
    for (String line : Files.readAllLines(file.get())) {
      // Lines starting "wss://" are the connection and the subscribe messages sent, not received.
      int colon = line.indexOf(": ");
      if (!line.startsWith("wss://") && colon > 0) {
        frames.add(line.substring(colon + 2));
      }
    }
    return frames;
  }

  private static ProductMapping products() {
    try {
      return ProductMapping.registry(Registry.loadDefault());
    } catch (UnsupportedOperationException e) {
      return ProductMapping.spot(); // the registry is not implemented yet
    }
  }

  @Test
  void shouldAdaptEveryRecordedMatchAndFailNothing() throws IOException {
    List<String> frames = receivedFrames();
    ProductMapping products = products();
    Instant ingest = Instant.parse("2021-04-17T16:43:40Z");
    List<Trade> matches = new ArrayList<>();
    List<Trade> lastMatches = new ArrayList<>();
    List<Adapted.Failed> failures = new ArrayList<>();
    TreeMap<String, Integer> ignored = new TreeMap<>();

    for (String frame : frames) {
      switch (CoinbaseExchangeAdapter.adapt(frame, ingest, products)) {
        case Adapted.Trade(var trade) ->
            (frame.contains("\"type\":\"last_match\"") ? lastMatches : matches).add(trade);
        case Adapted.Ignored(String type, boolean known) -> {
          assertThat(known).as("known type %s", type).isTrue();
          ignored.merge(type, 1, Integer::sum);
        }
        case Adapted.Failed failed -> failures.add(failed);
      }
    }

    assertThat(failures).isEmpty();
    assertThat(matches).hasSize(97);
    assertThat(lastMatches).hasSize(10);
    assertThat(ignored).containsEntry("ticker", 107).containsEntry("snapshot", 10);
    for (Trade trade : matches) {
      assertThat(trade.getInstrument()).matches("coinbase:[A-Z]+-[A-Z]+");
      assertThat(Decimals.toBigDecimal(trade.getPrice())).isPositive();
      assertThat(Decimals.toBigDecimal(trade.getSize())).isPositive();
      assertThat(trade.getSide()).isIn(Side.SIDE_BUY, Side.SIDE_SELL);
      assertThat(trade.getSequence()).isPositive();
      assertThat(trade.getEventTime().getSeconds()).isBetween(1618677000L, 1618679000L);
    }
  }
}
