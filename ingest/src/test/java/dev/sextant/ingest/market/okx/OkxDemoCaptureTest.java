package dev.sextant.ingest.market.okx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.market.MarketSessions;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.testkit.DemoCaptureFile;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.ingest.replay.CaptureReader;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.BookUpdate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OKX demo capture is the simulator's output: regenerated here and compared byte for byte, so
 * it cannot rot ({@code -Dsextant.demo.write=true} rewrites it), and decoded cleanly.
 */
class OkxDemoCaptureTest {

  static final String RESOURCE = "/dev/sextant/ingest/market/demo/okx.capture.gz";
  private static final long START_MILLIS = 1_786_276_800_000L; // 2026-08-09T12:00:00Z
  private static final long DURATION_MILLIS = 120_000;
  private static final long PING_MILLIS = 20_000;

  /** The capture's lines, {@code <epoch_nanos>\t<frame>}, as the recorder writes them. */
  static String generate() {
    OkxSimulator venue =
        new OkxSimulator(20260809, START_MILLIS, List.of("BTC-USDT", "ETH-USDT", "BTC-USDT-SWAP"));
    // The session only builds the subscribe frames here, as the live feed would send them.
    OkxSession subscriber =
        (OkxSession)
            new OkxProtocol()
                .newSession(
                    new dev.sextant.ingest.market.SessionContext(
                        new OkxProtocol()
                            .plan(
                                OkxProtocol.ENDPOINT,
                                List.of(
                                    dev.sextant.schemas.registry.Instrument.parse("okx:BTC-USDT"),
                                    dev.sextant.schemas.registry.Instrument.parse("okx:ETH-USDT"),
                                    dev.sextant.schemas.registry.Instrument.parse(
                                        "okx:BTC-USDT-PERP")))
                            .getFirst(),
                        java.util.Optional.empty(),
                        Registry.loadDefault(),
                        dev.sextant.ingest.market.MarketOutput.DISCARD,
                        dev.sextant.ingest.market.FeedControl.NONE));
    StringBuilder capture = new StringBuilder();
    List<String> first = new ArrayList<>();
    for (String subscribe : subscriber.onOpen(START_MILLIS * 1_000_000L)) {
      first.addAll(venue.afterSubscribe(subscribe));
    }
    first.forEach(frame -> line(capture, venue.nowMillis(), frame));
    long nextPing = START_MILLIS + PING_MILLIS;
    while (venue.nowMillis() < START_MILLIS + DURATION_MILLIS) {
      String frame = venue.nextFrame();
      if (venue.nowMillis() >= nextPing) {
        venue.afterSubscribe("ping").forEach(pong -> line(capture, venue.nowMillis(), pong));
        nextPing += PING_MILLIS;
      }
      line(capture, venue.nowMillis(), frame);
    }
    return capture.toString();
  }

  /** Received 2.5 ms after the venue stamped it. */
  private static void line(StringBuilder capture, long venueMillis, String frame) {
    capture.append(venueMillis * 1_000_000L + 2_500_000L).append('\t').append(frame).append('\n');
  }

  @Test
  void shouldMatchTheSimulatorByteForByte() throws IOException {
    DemoCaptureFile.assertCommitted("okx.capture.gz", generate());
  }

  @Test
  void shouldDecodeCleanly() throws Exception {
    RecordingOutput out = new RecordingOutput();
    MarketSessions sessions =
        MarketSessions.forReplay(new OkxProtocol(), Registry.loadDefault(), out);
    ProtocolSession session = sessions.session("");
    int lines = 0;
    long first = 0;
    long last = 0;
    try (CaptureReader reader =
        CaptureReader.open(Path.of(OkxDemoCaptureTest.class.getResource(RESOURCE).toURI()))) {
      for (var frame = reader.next(); frame.isPresent(); frame = reader.next()) {
        assertThat(frame.get().isMalformed()).isFalse();
        assertThat(frame.get().connection()).isEmpty();
        last = frame.get().recordedEpochNanos().orElseThrow();
        first = lines == 0 ? last : first;
        session.onFrame(frame.get().text(), last);
        lines++;
      }
    }

    assertThat(lines).isBetween(2000, 6000);
    assertThat((last - first) / 1_000_000_000L).isBetween(110L, 130L);
    assertThat(out.deadLetters).isEmpty();
    assertThat(out.gaps).isEmpty();
    assertThat(out.ignored).containsEntry("subscribe", 9).containsEntry("pong", 6);
    assertThat(out.books.stream().filter(b -> b.getKind() == BookUpdate.Kind.KIND_SNAPSHOT))
        .hasSize(3);
    assertThat(out.books).hasSize(2316);
    assertThat(out.trades).hasSize(781);
    assertThat(out.quotes).hasSize(170);
  }
}
