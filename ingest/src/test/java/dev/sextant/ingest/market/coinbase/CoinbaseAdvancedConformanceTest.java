package dev.sextant.ingest.market.coinbase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.book.BookSide;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.ingest.market.testkit.RecordingControl;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.ingest.market.testkit.SharedData;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Side;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Runs the Advanced Trade session over a real third-party recording (BTC-USD and ETH-USD,
 * sequence_num 0 to 1029), read in place from the shared data folder and skipped when absent.
 */
class CoinbaseAdvancedConformanceTest {

  private static final String CAPTURE = "cryptofeed_coinbase_advanced_trade_ws_2026-08-09.jsonl.gz";
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Received(String frame, long nanos) {}

  private static List<Received> received() throws IOException {
    Path file = SharedData.require(CAPTURE);
    List<Received> frames = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode entry = JSON.readTree(line);
        if (entry.path("t").asText().equals("recv")) {
          long nanos = new BigDecimal(entry.get("ts").asText()).movePointRight(9).longValue();
          frames.add(new Received(entry.get("data").asText(), nanos));
        }
      }
    }
    return frames;
  }

  @Test
  void shouldDecodeTheRecordingWithoutLossAndRebuildBothBooks() throws IOException {
    RecordingOutput out = new RecordingOutput();
    RecordingControl control = new RecordingControl();
    ProtocolSession session =
        Sessions.of(
            new CoinbaseAdvancedProtocol(),
            Sessions.instruments("coinbase:BTC-USD", "coinbase:ETH-USD"),
            out,
            control);
    session.onOpen(0);
    Map<String, OrderBook> reference = new TreeMap<>();
    for (Received r : received()) {
      session.onFrame(r.frame(), r.nanos());
      applyReference(reference, JSON.readTree(r.frame()));
    }

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.gaps).isEmpty();
    assertThat(control.reconnects).isEmpty();
    // 279 distinct trades: the two snapshots' and 57 updates'.
    assertThat(out.trades).hasSize(279);
    assertThat(out.trades).allMatch(t -> t.getSide() != Side.SIDE_UNSPECIFIED);
    assertThat(out.quotes.size() + out.ignored.getOrDefault("ticker_unchanged", 0)).isEqualTo(160);
    assertThat(out.count(BookUpdate.Kind.KIND_SNAPSHOT)).isEqualTo(2);
    assertThat(out.count(BookUpdate.Kind.KIND_DELTA)).isEqualTo(773);
    assertThat(out.ignored)
        .containsEntry("heartbeats", 25)
        .containsEntry("subscriptions", 5)
        .containsEntry("candles", 6);
    assertThat(out.rebuilt.keySet()).containsExactly("coinbase:BTC-USD", "coinbase:ETH-USD");
    for (var entry : reference.entrySet()) {
      assertThat(out.rebuilt.get("coinbase:" + entry.getKey()).sameLevels(entry.getValue()))
          .as(entry.getKey())
          .isTrue();
    }
  }

  @Test
  void shouldPublishTheMakersOppositeAsTheAggressor() throws IOException {
    // In the recording a maker SELL prints at the best ask: a buyer lifted it.
    RecordingOutput out = new RecordingOutput();
    ProtocolSession session =
        Sessions.of(new CoinbaseAdvancedProtocol(), List.of(), out, new RecordingControl());
    session.onOpen(0);
    int checked = 0;
    for (Received r : received()) {
      int before = out.trades.size();
      session.onFrame(r.frame(), r.nanos());
      JsonNode frame = JSON.readTree(r.frame());
      if (!frame.path("channel").asText().equals("market_trades")
          || !frame.path("events").get(0).path("type").asText().equals("update")) {
        continue;
      }
      for (int i = before; i < out.trades.size(); i++, checked++) {
        String maker =
            frame.path("events").get(0).path("trades").get(i - before).path("side").asText();
        assertThat(out.trades.get(i).getSide())
            .isEqualTo(maker.equals("SELL") ? Side.SIDE_BUY : Side.SIDE_SELL);
      }
    }
    assertThat(checked).isPositive();
  }

  private static void applyReference(Map<String, OrderBook> books, JsonNode frame) {
    if (!frame.path("channel").asText().equals("l2_data")) {
      return;
    }
    for (JsonNode event : frame.get("events")) {
      String product = event.get("product_id").asText();
      if (event.get("type").asText().equals("snapshot")) {
        books.put(product, new OrderBook());
      }
      OrderBook book = books.get(product);
      for (JsonNode u : event.get("updates")) {
        book.set(
            u.get("side").asText().equals("bid") ? BookSide.BID : BookSide.ASK,
            u.get("price_level").asText(),
            u.get("new_quantity").asText());
      }
    }
  }
}
