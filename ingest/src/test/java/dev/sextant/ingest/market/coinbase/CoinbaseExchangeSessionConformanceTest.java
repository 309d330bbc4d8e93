package dev.sextant.ingest.market.coinbase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.ingest.market.FeedControl;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.book.BookSide;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.ingest.market.testkit.SharedData;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Side;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Runs the Exchange session over a real third-party recording of matches, ticker and level2 for ten
 * products, read in place from the shared data folder and skipped when absent.
 */
class CoinbaseExchangeSessionConformanceTest {

  private static final String CAPTURE = "cryptofeed_coinbase_exchange_ws_2021-04-17.txt";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The received lines of the recording: {@code <epoch seconds>: <frame>}. */
  private static List<String> lines() throws IOException {
    Path file = SharedData.require(CAPTURE);
    return Files.readAllLines(file).stream()
        .filter(l -> !l.startsWith("wss://") && l.indexOf(": ") > 0)
        .toList();
  }

  @Test
  void shouldRebuildEveryRecordedBookAndPublishEveryTrade() throws IOException {
    RecordingOutput out = new RecordingOutput();
    ProtocolSession session =
        Sessions.of(new CoinbaseExchangeProtocol(), List.of(), out, FeedControl.NONE);
    session.onOpen(0);
    Map<String, OrderBook> reference = new TreeMap<>();
    for (String line : lines()) {
      int colon = line.indexOf(": ");
      long nanos = new BigDecimal(line.substring(0, colon)).movePointRight(9).longValueExact();
      String frame = line.substring(colon + 2);
      session.onFrame(frame, nanos);
      applyReference(reference, JSON.readTree(frame));
    }

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.gaps).isEmpty();
    // 97 matches and 10 last_match frames, all with distinct ids.
    assertThat(out.trades).hasSize(107);
    assertThat(out.trades).allMatch(t -> t.getSide() != Side.SIDE_UNSPECIFIED);
    assertThat(out.count(BookUpdate.Kind.KIND_SNAPSHOT)).isEqualTo(10);
    assertThat(out.count(BookUpdate.Kind.KIND_DELTA)).isEqualTo(9719);
    assertThat(out.ignored).containsEntry("subscriptions", 3);
    assertThat(out.quotes.size() + out.ignored.getOrDefault("ticker_unchanged", 0)).isEqualTo(107);
    assertThat(reference).hasSize(10);
    assertThat(out.rebuilt).hasSize(10);
    for (var entry : reference.entrySet()) {
      OrderBook published = out.rebuilt.get("coinbase:" + entry.getKey());
      assertThat(published.sameLevels(entry.getValue())).as(entry.getKey()).isTrue();
      assertThat(published.depth(BookSide.BID)).isPositive();
      assertThat(published.depth(BookSide.ASK)).isPositive();
    }
  }

  /** The book straight from the frames, with no session code: the reference. */
  private static void applyReference(Map<String, OrderBook> books, JsonNode frame) {
    String type = frame.path("type").asText();
    String product = frame.path("product_id").asText();
    if (type.equals("snapshot")) {
      OrderBook book = new OrderBook();
      frame.get("bids").forEach(l -> book.set(BookSide.BID, l.get(0).asText(), l.get(1).asText()));
      frame.get("asks").forEach(l -> book.set(BookSide.ASK, l.get(0).asText(), l.get(1).asText()));
      books.put(product, book);
    } else if (type.equals("l2update")) {
      OrderBook book = books.get(product);
      frame
          .get("changes")
          .forEach(
              c ->
                  book.set(
                      c.get(0).asText().equals("buy") ? BookSide.BID : BookSide.ASK,
                      c.get(1).asText(),
                      c.get(2).asText()));
    }
  }
}
