package dev.sextant.ingest.market.bybit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.market.FeedControl;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.MarketSessions;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.ingest.market.testkit.DemoCaptureFile;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.ingest.replay.CaptureReader;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Trade;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Bybit demo capture is the simulator's output for a spot and a linear connection: regenerated
 * here and compared byte for byte, so it cannot rot ({@code -Dsextant.demo.write=true} rewrites
 * it), and decoded cleanly.
 */
class BybitDemoCaptureTest {

  static final String RESOURCE = "/dev/sextant/ingest/market/demo/bybit.capture.gz";
  private static final long START_MILLIS = 1_786_276_800_000L; // 2026-08-09T12:00:00Z
  private static final long DURATION_MILLIS = 120_000;
  private static final long PING_MILLIS = 20_000;

  /** One connection of the capture: its simulator, label and the frame it pushes next. */
  private static final class Connection {
    final String label;
    final BybitSimulator venue;
    final List<String> pending = new ArrayList<>();
    long nextPing = START_MILLIS + PING_MILLIS;

    Connection(String label, BybitSimulator venue, List<String> instruments) {
      this.label = label;
      this.venue = venue;
      BybitProtocol protocol = new BybitProtocol();
      var plan =
          protocol
              .plan(BybitProtocol.ENDPOINT, instruments.stream().map(Instrument::parse).toList())
              .getFirst();
      assertThat(plan.label()).isEqualTo(label);
      var subscriber =
          protocol.newSession(
              new SessionContext(
                  plan,
                  Optional.empty(),
                  Registry.loadDefault(),
                  MarketOutput.DISCARD,
                  FeedControl.NONE));
      for (String subscribe : subscriber.onOpen(START_MILLIS * 1_000_000L)) {
        pending.addAll(venue.afterSubscribe(subscribe));
      }
    }

    /** Refills the pending frames with the next push, and a pong when a ping fell due. */
    void advance() {
      String frame = venue.nextFrame();
      if (venue.nowMillis() >= nextPing) {
        pending.addAll(
            venue.afterSubscribe("{\"op\":\"ping\",\"req_id\":\"ping-" + nextPing + "\"}"));
        nextPing += PING_MILLIS;
      }
      pending.add(frame);
    }
  }

  /** The capture's lines, {@code <epoch_nanos>@<label>\t<frame>}, in time order. */
  static String generate() {
    Connection spot =
        new Connection(
            "spot",
            new BybitSimulator(20260809, "spot", START_MILLIS, List.of("BTCUSDT", "ETHUSDT")),
            List.of("bybit:BTC-USDT", "bybit:ETH-USDT"));
    Connection linear =
        new Connection(
            "linear",
            new BybitSimulator(20260810, "linear", START_MILLIS, List.of("BTCUSDT")),
            List.of("bybit:BTC-USDT-PERP"));
    StringBuilder capture = new StringBuilder();
    while (spot.venue.nowMillis() < START_MILLIS + DURATION_MILLIS
        || linear.venue.nowMillis() < START_MILLIS + DURATION_MILLIS) {
      Connection next = spot.venue.nowMillis() <= linear.venue.nowMillis() ? spot : linear;
      for (String frame : next.pending) {
        capture
            .append(next.venue.nowMillis() * 1_000_000L + 2_500_000L)
            .append('@')
            .append(next.label)
            .append('\t')
            .append(frame)
            .append('\n');
      }
      next.pending.clear();
      next.advance();
    }
    return capture.toString();
  }

  @Test
  void shouldMatchTheSimulatorByteForByte() throws IOException {
    DemoCaptureFile.assertCommitted("bybit.capture.gz", generate());
  }

  @Test
  void shouldDecodeCleanly() throws Exception {
    RecordingOutput out = new RecordingOutput();
    MarketSessions sessions =
        MarketSessions.forReplay(new BybitProtocol(), Registry.loadDefault(), out);
    int lines = 0;
    try (CaptureReader reader =
        CaptureReader.open(Path.of(BybitDemoCaptureTest.class.getResource(RESOURCE).toURI()))) {
      for (var frame = reader.next(); frame.isPresent(); frame = reader.next()) {
        assertThat(frame.get().isMalformed()).isFalse();
        assertThat(frame.get().connection()).isIn("spot", "linear");
        sessions
            .session(frame.get().connection())
            .onFrame(frame.get().text(), frame.get().recordedEpochNanos().orElseThrow());
        lines++;
      }
    }

    assertThat(lines).isBetween(2000, 6000);
    assertThat(out.deadLetters).isEmpty();
    assertThat(out.gaps).isEmpty();
    assertThat(out.ignored).containsEntry("pong", 10).containsEntry("subscribe", 2);
    assertThat(out.books.stream().filter(b -> b.getKind() == BookUpdate.Kind.KIND_SNAPSHOT))
        .extracting(BookUpdate::getInstrument)
        .containsExactlyInAnyOrder("bybit:BTC-USDT", "bybit:ETH-USDT", "bybit:BTC-USDT-PERP");
    assertThat(out.trades)
        .extracting(Trade::getInstrument)
        .contains("bybit:BTC-USDT", "bybit:ETH-USDT", "bybit:BTC-USDT-PERP");
    assertThat(out.quotes)
        .extracting(Quote::getInstrument)
        .contains("bybit:BTC-USDT", "bybit:ETH-USDT", "bybit:BTC-USDT-PERP");
    assertThat(lines).isEqualTo(4865);
    assertThat(out.books).hasSize(3145);
    assertThat(out.trades).hasSize(1979);
    assertThat(out.quotes).hasSize(244);
  }
}
