package dev.sextant.ingest.market.okx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.ingest.market.testkit.SharedData;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.BookUpdate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Runs the session over a real third-party OKX recording from {@code ../shared/data}, read in place
 * and skipped when absent.
 */
class OkxConformanceTest {

  private static final String CAPTURE = "cryptofeed_okx_v5_ws_2022-05-13.jsonl.gz";
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Received(String frame, long epochNanos) {}

  private static List<Received> received() throws IOException {
    Path file = SharedData.require(CAPTURE);
    List<Received> frames = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode entry = JSON.readTree(line);
        // "http" lines are REST instrument lists; OKX books need no REST snapshot.
        if (entry.path("t").asText().equals("recv")) {
          long nanos = (long) (entry.get("ts").asDouble() * 1e9);
          frames.add(new Received(entry.get("data").asText(), nanos));
        }
      }
    }
    return frames;
  }

  @Test
  void shouldDecodeTheRecordingWithEveryChecksumVerified() throws IOException {
    List<Received> frames = received();
    RecordingOutput out = new RecordingOutput();
    OkxSession session =
        new OkxSession(
            new SessionContext(
                new ConnectionPlan("", OkxProtocol.ENDPOINT, List.of()),
                Optional.empty(),
                Registry.loadDefault(),
                out,
                out));
    session.onOpen(frames.getFirst().epochNanos());
    for (Received frame : frames) {
      session.onFrame(frame.frame(), frame.epochNanos());
    }

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.gaps).isEmpty();
    assertThat(out.sent).isEmpty();
    // 3 snapshots and 287 updates, every one carrying a checksum that matched.
    assertThat(session.checksumsVerified()).isEqualTo(290);
    assertThat(out.books).hasSize(290);
    assertThat(out.books.stream().filter(b -> b.getKind() == BookUpdate.Kind.KIND_SNAPSHOT))
        .extracting(BookUpdate::getInstrument)
        .containsExactlyInAnyOrder("okx:BTC-USD-220527", "okx:UNI-USD-PERP", "okx:BTC-USDT");
    assertThat(out.trades).hasSize(74);
    assertThat(out.trades).extracting(t -> t.getTradeId()).doesNotHaveDuplicates();
    assertThat(out.ignored).containsEntry("subscribe", 18);
    for (var entry : out.rebuiltBooks().entrySet()) {
      OrderBook live = session.book(entry.getKey()).orElseThrow();
      assertThat(entry.getValue().sameLevels(live)).as(entry.getKey()).isTrue();
      assertThat(OkxChecksum.of(entry.getValue())).isEqualTo(OkxChecksum.of(live));
    }
    // 28 tickers pushes, of which 7 change an instrument's best bid or ask.
    assertThat(out.quotes).hasSize(7);
    assertThat(out.ignored)
        .containsExactlyInAnyOrderEntriesOf(Map.of("subscribe", 18, "unchanged-quote", 21));
  }
}
