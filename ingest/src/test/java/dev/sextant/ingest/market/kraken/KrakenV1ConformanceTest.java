package dev.sextant.ingest.market.kraken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.FeedControl;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.ingest.market.testkit.SharedData;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Runs the v1 session over a real third-party recording (three connections: trade, ticker and
 * book-1000 for ten pairs), read in place and skipped when absent.
 */
class KrakenV1ConformanceTest {

  private static final String CAPTURE = "cryptofeed_kraken_v1_ws_2021-04-17.jsonl.gz";

  @Test
  void shouldDecodeTheRecordingAndVerifyEveryChecksum() throws IOException {
    List<SharedData.Line> lines = SharedData.lines(CAPTURE);
    Registry registry = Registry.loadDefault();
    RecordingOutput out = new RecordingOutput();
    Map<String, KrakenV1Session> sessions = new LinkedHashMap<>();
    long checksummedFrames = 0;
    for (SharedData.Line line : lines) {
      if (!line.type().equals("recv")) {
        continue;
      }
      KrakenV1Session session =
          sessions.computeIfAbsent(
              line.conn(),
              c ->
                  new KrakenV1Session(
                      new SessionContext(
                          new ConnectionPlan("", URI.create("wss://ws.kraken.com"), List.of()),
                          Optional.empty(),
                          registry,
                          out,
                          FeedControl.NONE),
                      KrakenV1Protocol.BOOK_DEPTH));
      if (line.data().contains("\"c\":\"")) {
        checksummedFrames++;
      }
      session.onFrame(line.data(), (long) (line.ts() * 1e9));
    }

    assertThat(sessions).hasSize(3);
    assertThat(out.deadLetters).isEmpty();
    assertThat(out.gaps).isEmpty();
    assertThat(out.resynced).isEmpty();
    assertThat(checksummedFrames).isEqualTo(4269);
    List<BookUpdate> deltas =
        out.books.stream().filter(b -> b.getKind() == BookUpdate.Kind.KIND_DELTA).toList();
    assertThat(deltas).hasSize(4269);
    assertThat(deltas).allSatisfy(d -> assertThat(d.getChecksum()).isPositive());
    assertThat(out.count(BookUpdate.Kind.KIND_SNAPSHOT)).isEqualTo(10);
    KrakenV1Session books = sessions.values().stream().toList().get(2);
    assertThat(out.rebuilt).hasSize(10);
    out.rebuilt.forEach(
        (instrument, rebuilt) -> {
          OrderBook held = books.book(instrument);
          assertThat(held).as(instrument).isNotNull();
          assertThat(held.sameLevels(rebuilt)).as(instrument).isTrue();
          assertThat(held.depth(dev.sextant.ingest.market.book.BookSide.BID))
              .isLessThanOrEqualTo(1000);
        });
    assertThat(out.rebuilt.keySet())
        .contains("kraken:BTC-CHF", "kraken:KSM-BTC", "kraken:XMR-USD", "kraken:SC-EUR");

    assertThat(out.trades).hasSize(10);
    assertThat(out.trades.stream().map(Trade::getInstrument).distinct())
        .containsExactlyInAnyOrder("kraken:XMR-USD", "kraken:SC-EUR");
    assertThat(out.trades.stream().filter(t -> t.getSide() == Side.SIDE_BUY)).hasSize(5);
    assertThat(out.trades)
        .allSatisfy(
            t -> assertThat(t.getEventTime().getSeconds()).isBetween(1618678100L, 1618678300L));
    assertThat(out.quotes).hasSize(18);
    assertThat(out.ignored)
        .containsEntry("heartbeat", 92)
        .containsEntry("subscriptionStatus", 30)
        .containsEntry("systemStatus", 3)
        .hasSize(3);
  }
}
