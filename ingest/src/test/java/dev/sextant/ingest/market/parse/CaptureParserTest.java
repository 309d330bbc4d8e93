package dev.sextant.ingest.market.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.market.LostFrame;
import dev.sextant.ingest.market.OpenFrame;
import dev.sextant.ingest.market.coinbase.CoinbaseAdvancedProtocol;
import dev.sextant.ingest.market.coinbase.CoinbaseExchangeProtocol;
import dev.sextant.ingest.market.testkit.TickProtocol;
import dev.sextant.schemas.registry.Registry;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing a capture into JSON lines, against golden output. */
class CaptureParserTest {

  @TempDir Path dir;

  private static Path capture() throws URISyntaxException {
    return Path.of(CaptureParserTest.class.getResource("/captures/tick.capture").toURI());
  }

  @Test
  void shouldWriteOneJsonLinePerRecordWithItsTypeFirst() throws Exception {
    StringWriter out = new StringWriter();

    new CaptureParser(new TickProtocol(), Registry.loadDefault()).parse(capture(), out);

    assertThat(out.toString())
        .isEqualTo(
            """
            {"type":"trade","instrument":"kraken:BTC-USD","venue":"kraken","tradeId":"1","price":{"value":"100.50"},"size":{"value":"0.25"},"side":"SIDE_BUY","eventTime":"2023-11-14T22:13:20Z","ingestTime":"2023-11-14T22:13:20.001Z"}
            {"type":"quote","instrument":"kraken:ETH-USD","venue":"kraken","bidPrice":{"value":"10"},"bidSize":{"value":"1"},"askPrice":{"value":"11"},"askSize":{"value":"2"},"eventTime":"2023-11-14T22:13:20.001Z","ingestTime":"2023-11-14T22:13:20.002Z"}
            {"type":"trade","instrument":"kraken:ETH-USD","venue":"kraken","tradeId":"2","price":{"value":"11"},"size":{"value":"3"},"side":"SIDE_SELL","eventTime":"2023-11-14T22:13:20.002Z","ingestTime":"1970-01-01T00:00:00Z"}
            {"type":"book","instrument":"kraken:BTC-USD","venue":"kraken","kind":"KIND_SNAPSHOT","bids":[{"price":{"value":"99"},"size":{"value":"1"}}],"asks":[{"price":{"value":"101"},"size":{"value":"2"}}],"firstSequence":"9","lastSequence":"9","eventTime":"2023-11-14T22:13:20.004Z","ingestTime":"2023-11-14T22:13:20.005Z"}
            """);
  }

  @Test
  void shouldSummarizeRecordsDeadLettersGapsAndResyncs() throws Exception {
    ParseSummary summary =
        new CaptureParser(new TickProtocol(), Registry.loadDefault())
            .parse(capture(), new StringWriter());

    assertThat(summary.frames()).isEqualTo(10);
    assertThat(summary.trades()).isEqualTo(2);
    assertThat(summary.quotes()).isEqualTo(1);
    assertThat(summary.books()).isEqualTo(1);
    assertThat(summary.deadLetters())
        .isEqualTo(Map.of("bad_number", 1L, "malformed_frame", 1L, "adapter_error", 1L));
    assertThat(summary.gapCount()).isEqualTo(1);
    assertThat(summary.resyncs()).isEqualTo(1);
    assertThat(summary.ignored()).isEqualTo(Map.of("ack", 1L));
    assertThat(summary.format())
        .contains("frames: 10")
        .contains("records: 4 (trades 2, quotes 1, books 1)")
        .contains("dead letters: 3");
  }

  /** A Coinbase Advanced {@code l2_data} frame of BTC-USD with its connection's sequence number. */
  private static String book(String type, long sequence, String price) {
    return "{\"channel\":\"l2_data\",\"timestamp\":\"2026-03-05T14:07:21.48Z\",\"sequence_num\":"
        + sequence
        + ",\"events\":[{\"type\":\""
        + type
        + "\",\"product_id\":\"BTC-USD\",\"updates\":[{\"side\":\"bid\","
        + "\"event_time\":\"2026-03-05T14:07:21.17Z\",\"price_level\":\""
        + price
        + "\",\"new_quantity\":\"1\"}]}]}";
  }

  /** Two connections, one after the other, each numbering its frames from 0. */
  private Path twoConnections(boolean marked) throws Exception {
    StringBuilder capture = new StringBuilder();
    if (marked) {
      capture.append("1\t").append(OpenFrame.FRAME).append('\n');
    }
    capture.append("2\t").append(book("snapshot", 0, "100")).append('\n');
    capture.append("3\t").append(book("update", 1, "101")).append('\n');
    if (marked) {
      capture.append("4\t").append(OpenFrame.FRAME).append('\n');
    }
    capture.append("5\t").append(book("snapshot", 0, "102")).append('\n');
    capture.append("6\t").append(book("update", 1, "103")).append('\n');
    return Files.writeString(dir.resolve("advanced.capture"), capture);
  }

  @Test
  void shouldReopenTheSessionAtAnOpenMarkerSoARestartedSequenceIsNoGap() throws Exception {
    ParseSummary summary =
        new CaptureParser(new CoinbaseAdvancedProtocol(), Registry.loadDefault())
            .parse(twoConnections(true), new StringWriter());

    // The reconnect the live feed saw, and no sequence gap.
    assertThat(summary.gaps()).isEqualTo(Map.of("reconnect", 1L));
    assertThat(summary.books()).isEqualTo(4);
    assertThat(summary.frames()).isEqualTo(6);
    assertThat(summary.deadLetters()).isEmpty();
    assertThat(summary.format()).contains("gaps: 1 {reconnect=1}");
  }

  @Test
  void shouldReportASequenceGapWhereAnUnmarkedCaptureRestartsItsSequence() throws Exception {
    ParseSummary summary =
        new CaptureParser(new CoinbaseAdvancedProtocol(), Registry.loadDefault())
            .parse(twoConnections(false), new StringWriter());

    assertThat(summary.gaps()).isEqualTo(Map.of("sequence", 1L));
  }

  @Test
  void shouldDeadLetterALostFrameAndResyncTheBooksWhereTheFeedLostIt(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("lost.capture");
    Files.writeString(
        file,
        String.join(
            "\n",
            "1\t{\"type\":\"snapshot\",\"product_id\":\"BTC-USD\",\"bids\":[[\"100\",\"1\"]],"
                + "\"asks\":[[\"101\",\"1\"]]}",
            "2\t" + LostFrame.frame(12_000_000),
            "3\t{\"type\":\"l2update\",\"product_id\":\"BTC-USD\",\"changes\":"
                + "[[\"buy\",\"100\",\"2\"]],\"time\":\"2026-03-05T14:07:21.173456Z\"}",
            "4\t{\"type\":\"snapshot\",\"product_id\":\"BTC-USD\",\"bids\":[[\"100\",\"3\"]],"
                + "\"asks\":[[\"101\",\"1\"]]}",
            ""));

    StringWriter out = new StringWriter();
    ParseSummary summary =
        new CaptureParser(new CoinbaseExchangeProtocol(), Registry.loadDefault()).parse(file, out);

    // As live: the loss is a dead letter, the open book a gap; the update after it is not
    // applied to a book that may have missed one, and the venue's next snapshot resyncs it.
    assertThat(summary.deadLetters()).isEqualTo(Map.of("oversized_frame", 1L));
    assertThat(summary.gaps()).isEqualTo(Map.of("sequence", 1L));
    assertThat(summary.resyncs()).isEqualTo(1);
    assertThat(summary.books()).isEqualTo(2);
    assertThat(out.toString()).doesNotContain("KIND_DELTA");
  }
}
