package dev.sextant.ingest.market.kraken;

import static dev.sextant.ingest.market.kraken.KrakenFixtures.BTC_USD;
import static dev.sextant.ingest.market.kraken.KrakenFixtures.ETH_USD;
import static dev.sextant.ingest.market.kraken.KrakenFixtures.START_NANOS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.market.FeedControl;
import dev.sextant.ingest.market.MarketSessions;
import dev.sextant.ingest.market.testkit.DemoCaptureFile;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.schemas.v1.BookUpdate;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committed kraken-v2 demo capture: regenerated from the simulator, and decoded clean. */
class KrakenV2DemoCaptureTest {

  private static final String NAME = "kraken-v2.capture.gz";

  static String generate() {
    KrakenV2Simulator sim = KrakenV2Simulator.btcEth(2026, START_NANOS);
    List<String> subscribe =
        new KrakenV2Session(
                KrakenFixtures.context(
                    "wss://ws.kraken.com/v2",
                    List.of(BTC_USD, ETH_USD),
                    new RecordingOutput(),
                    FeedControl.NONE),
                KrakenV2Protocol.BOOK_DEPTH)
            .onOpen(START_NANOS);
    return DemoCaptures.record(
        sim.connected(), subscribe, sim::afterSubscribe, sim::nextFrame, sim::now);
  }

  @Test
  void shouldMatchTheCommittedCapture() throws IOException {
    DemoCaptureFile.assertCommitted(NAME, generate());
  }

  @Test
  void shouldDecodeTheCaptureWithoutDeadLettersOrGaps() throws IOException {
    RecordingOutput out = new RecordingOutput();
    MarketSessions sessions =
        MarketSessions.forReplay(new KrakenV2Protocol(), KrakenFixtures.REGISTRY, out);
    int frames = DemoCaptures.replay(DemoCaptureFile.read(NAME), sessions.session(""));

    assertThat(frames).isEqualTo(4098);
    assertThat(out.deadLetters).isEmpty();
    assertThat(out.gaps).isEmpty();
    assertThat(out.trades).hasSize(659);
    assertThat(out.quotes).hasSize(713);
    assertThat(out.count(BookUpdate.Kind.KIND_SNAPSHOT)).isEqualTo(2);
    assertThat(out.count(BookUpdate.Kind.KIND_DELTA)).isEqualTo(2535);
    assertThat(out.trades)
        .extracting(t -> t.getInstrument())
        .contains("kraken:BTC-USD", "kraken:ETH-USD");
    assertThat(out.ignored)
        .containsEntry("heartbeat", 98)
        .containsEntry("subscribe", 7)
        .containsEntry("instrument", 1)
        .containsEntry("status", 1);
  }
}
