package dev.sextant.ingest.market.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.market.testkit.TickProtocol;
import dev.sextant.schemas.registry.Registry;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing a capture into JSON lines, against golden output. */
class CaptureParserTest {

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
    assertThat(summary.gaps()).isEqualTo(1);
    assertThat(summary.resyncs()).isEqualTo(1);
    assertThat(summary.ignored()).isEqualTo(Map.of("ack", 1L));
    assertThat(summary.format())
        .contains("frames: 10")
        .contains("records: 4 (trades 2, quotes 1, books 1)")
        .contains("dead letters: 3");
  }
}
