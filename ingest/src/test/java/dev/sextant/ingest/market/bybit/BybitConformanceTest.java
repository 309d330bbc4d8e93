package dev.sextant.ingest.market.bybit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.ingest.market.MarketSessions;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.ingest.market.testkit.SharedData;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Trade;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Runs spot and linear sessions over a real third-party Bybit recording from {@code
 * ../shared/data}, read in place and skipped when absent.
 */
class BybitConformanceTest {

  private static final String CAPTURE = "cryptofeed_bybit_v5_ws_2026-08-09.jsonl.gz";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A received frame with the label of its connection's kind. */
  private record Received(String label, String frame, long epochNanos) {}

  /** The received frames, labelled by the endpoint their connection's "connect" line names. */
  private static List<Received> received() throws IOException {
    Path file = SharedData.require(CAPTURE);
    Map<String, String> labels = new HashMap<>();
    List<Received> frames = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode entry = JSON.readTree(line);
        String conn = entry.path("conn").asText();
        switch (entry.path("t").asText()) {
          case "connect" -> {
            String addr = entry.get("addr").asText();
            labels.put(conn, addr.substring(addr.lastIndexOf('/') + 1));
          }
          case "recv" ->
              frames.add(
                  new Received(
                      labels.get(conn),
                      entry.get("data").asText(),
                      (long) (entry.get("ts").asDouble() * 1e9)));
          default -> {} // "http" lines are REST instrument lists; Bybit books need none.
        }
      }
    }
    assertThat(labels).containsOnlyKeys("BYBIT.ws.2", "BYBIT.ws.3");
    assertThat(labels).containsEntry("BYBIT.ws.2", "linear").containsEntry("BYBIT.ws.3", "spot");
    return frames;
  }

  @Test
  void shouldDecodeBothConnectionsWithEveryDeltaLinked() throws IOException {
    List<Received> frames = received();
    RecordingOutput out = new RecordingOutput();
    MarketSessions sessions =
        MarketSessions.forReplay(new BybitProtocol(), Registry.loadDefault(), out);
    for (Received frame : frames) {
      sessions.session(frame.label()).onFrame(frame.frame(), frame.epochNanos());
    }

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.gaps).isEmpty();
    assertThat(out.resynced).isEmpty();
    assertThat(out.books.stream().filter(b -> b.getKind() == BookUpdate.Kind.KIND_SNAPSHOT))
        .extracting(BookUpdate::getInstrument)
        .containsExactlyInAnyOrder(
            "bybit:BTC-USDT-PERP",
            "bybit:ETH-USDT-PERP",
            "bybit:SOL-USDT-PERP",
            "bybit:DOGE-USDT-PERP",
            "bybit:BTC-USDT",
            "bybit:ETH-USDT");
    assertThat(out.books.stream().filter(b -> b.getKind() == BookUpdate.Kind.KIND_DELTA))
        .hasSize(1594 + 548);
    // Every delta's u follows the previous record's of its instrument.
    Map<String, Long> last = new HashMap<>();
    for (BookUpdate update : out.books) {
      Long previous = last.put(update.getInstrument(), update.getLastSequence());
      if (update.getKind() == BookUpdate.Kind.KIND_DELTA) {
        assertThat(update.getFirstSequence()).isEqualTo(previous + 1);
      }
    }
    // 327 linear and 20 spot trade elements, every id distinct.
    assertThat(out.trades).hasSize(347);
    assertThat(out.trades.stream().filter(t -> t.getInstrument().endsWith("-PERP"))).hasSize(327);
    assertThat(out.trades).extracting(Trade::getSequence).allMatch(s -> s > 0);
    assertThat(out.ignored)
        .containsEntry("subscribe", 17 + 7)
        .containsEntry("unpublished-topic", 71 + 25)
        .containsEntry("ticker-without-quote", 81);
    // Linear: 638 merged tickers change a best bid or ask; spot: the book's top changes 259 times.
    assertThat(out.quotes.stream().filter(q -> q.getInstrument().endsWith("-PERP"))).hasSize(638);
    assertThat(out.quotes).hasSize(638 + 259);
    for (var entry : out.rebuiltBooks().entrySet()) {
      String label = entry.getKey().endsWith("-PERP") ? "linear" : "spot";
      OrderBook live = ((BybitSession) sessions.session(label)).book(entry.getKey()).orElseThrow();
      assertThat(entry.getValue().sameLevels(live)).as(entry.getKey()).isTrue();
      assertThat(live.depth(dev.sextant.ingest.market.book.BookSide.BID)).isEqualTo(200);
    }
  }
}
