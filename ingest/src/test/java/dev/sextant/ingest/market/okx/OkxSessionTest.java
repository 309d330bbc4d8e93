package dev.sextant.ingest.market.okx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.GapKind;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Trade;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An OKX session against the simulator: books rebuilt, gaps and bad checksums resynced. */
class OkxSessionTest {

  private static final long START = 1_764_000_000_000L;
  private static final List<Instrument> INSTRUMENTS =
      List.of(
          Instrument.parse("okx:BTC-USDT"),
          Instrument.parse("okx:ETH-USDT"),
          Instrument.parse("okx:BTC-USDT-PERP"));

  private final RecordingOutput out = new RecordingOutput();
  private final OkxSimulator venue =
      new OkxSimulator(7, START, List.of("BTC-USDT", "ETH-USDT", "BTC-USDT-SWAP"));
  private final OkxSession session =
      new OkxSession(
          new SessionContext(
              new ConnectionPlan("", OkxProtocol.ENDPOINT, INSTRUMENTS),
              Optional.empty(),
              Registry.loadDefault(),
              out,
              out));

  private void deliver(String frame) {
    session.onFrame(frame, venue.nowMillis() * 1_000_000L);
  }

  private void connect() {
    for (String subscribe : session.onOpen(venue.nowMillis() * 1_000_000L)) {
      venue.afterSubscribe(subscribe).forEach(this::deliver);
    }
  }

  /** Plays the venue's frames, answering the session's requests as the venue would. */
  private void play(int frames) {
    for (int i = 0; i < frames; i++) {
      deliver(venue.nextFrame());
      while (!out.sent.isEmpty()) {
        venue.afterSubscribe(out.sent.removeFirst()).forEach(this::deliver);
      }
    }
  }

  private void assertBooksMatchPublished() {
    Map<String, OrderBook> rebuilt = out.rebuiltBooks();
    assertThat(rebuilt).containsOnlyKeys("okx:BTC-USDT", "okx:ETH-USDT", "okx:BTC-USDT-PERP");
    for (var entry : rebuilt.entrySet()) {
      assertThat(entry.getValue().sameLevels(session.book(entry.getKey()).orElseThrow()))
          .as(entry.getKey())
          .isTrue();
    }
  }

  @Test
  void shouldSubscribeTradesBooksAndBboOfEveryInstrument() {
    List<String> frames = session.onOpen(0);

    assertThat(frames)
        .containsExactly(
            "{\"op\":\"subscribe\",\"args\":["
                + "{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},"
                + "{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},"
                + "{\"channel\":\"bbo-tbt\",\"instId\":\"BTC-USDT\"},"
                + "{\"channel\":\"trades\",\"instId\":\"ETH-USDT\"},"
                + "{\"channel\":\"books\",\"instId\":\"ETH-USDT\"},"
                + "{\"channel\":\"bbo-tbt\",\"instId\":\"ETH-USDT\"},"
                + "{\"channel\":\"trades\",\"instId\":\"BTC-USDT-SWAP\"},"
                + "{\"channel\":\"books\",\"instId\":\"BTC-USDT-SWAP\"},"
                + "{\"channel\":\"bbo-tbt\",\"instId\":\"BTC-USDT-SWAP\"}]}");
    assertThat(session.pingFrame()).contains("ping");
  }

  @Test
  void shouldRebuildBooksFromSnapshotAndUpdates() {
    connect();
    play(3000);

    assertThat(out.deadLetters).isEmpty();
    assertThat(out.gaps).isEmpty();
    assertThat(out.books.stream().filter(b -> b.getKind() == BookUpdate.Kind.KIND_SNAPSHOT))
        .hasSize(3);
    assertThat(out.trades).isNotEmpty();
    assertThat(out.quotes).isNotEmpty();
    assertBooksMatchPublished();
  }

  @Test
  void shouldResyncBookAfterSequenceGap() {
    connect();
    play(200);
    venue.skipSequence();
    String update;
    do {
      update = venue.nextFrame();
      deliver(update);
    } while (out.gaps.isEmpty());

    var gap = out.gaps.getFirst();
    assertThat(gap.kind()).isEqualTo(GapKind.SEQUENCE);
    assertThat(update).contains("\"action\":\"update\"");
    String instId = OkxInstruments.instId(Instrument.parse(gap.instrument()));
    assertThat(update).contains("\"instId\":\"" + instId + "\"");
    assertThat(out.sent)
        .containsExactly(
            "{\"op\":\"unsubscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\""
                + instId
                + "\"}]}",
            "{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\""
                + instId
                + "\"}]}");
    int published = out.books.size();

    play(1);

    assertThat(out.resynced).containsExactly(gap.instrument());
    BookUpdate snapshot =
        out.books.subList(published, out.books.size()).stream()
            .filter(b -> b.getInstrument().equals(gap.instrument()))
            .findFirst()
            .orElseThrow();
    assertThat(snapshot.getKind()).isEqualTo(BookUpdate.Kind.KIND_SNAPSHOT);
    play(500);
    assertThat(out.gaps).hasSize(1);
    assertThat(out.deadLetters).isEmpty();
    assertBooksMatchPublished();
  }

  @Test
  void shouldResyncBookAfterChecksumMismatch() {
    connect();
    play(200);
    venue.corruptChecksum();
    int published;
    do {
      published = out.books.size();
      deliver(venue.nextFrame());
    } while (out.gaps.isEmpty());

    var gap = out.gaps.getFirst();
    assertThat(gap.kind()).isEqualTo(GapKind.CHECKSUM);
    // The update that failed its checksum is not published.
    assertThat(out.books).hasSize(published);
    String instId = OkxInstruments.instId(Instrument.parse(gap.instrument()));
    assertThat(out.sent)
        .containsExactly(
            "{\"op\":\"unsubscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\""
                + instId
                + "\"}]}",
            "{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\""
                + instId
                + "\"}]}");

    play(500);

    assertThat(out.resynced).containsExactly(gap.instrument());
    assertThat(out.gaps).hasSize(1);
    assertBooksMatchPublished();
  }

  @Test
  void shouldPublishResentTradesOnceAndAwaitSnapshotsAfterReconnect() {
    connect();
    play(500);
    List<String> resent = venue.resendRecentTrades("BTC-USDT");
    assertThat(resent).isNotEmpty();
    String staleUpdate;
    do {
      staleUpdate = venue.nextFrame();
    } while (!staleUpdate.contains("\"action\":\"update\""));
    venue.disconnect();
    int trades = out.trades.size();

    List<String> subscribes = session.onOpen(venue.nowMillis() * 1_000_000L);

    assertThat(out.gaps)
        .extracting(RecordingOutput.Gap::kind)
        .containsExactly(GapKind.RECONNECT, GapKind.RECONNECT, GapKind.RECONNECT);
    deliver(staleUpdate);
    assertThat(out.ignored).containsEntry("book-awaiting-snapshot", 1);
    resent.forEach(this::deliver);
    assertThat(out.trades).hasSize(trades);

    subscribes.forEach(s -> venue.afterSubscribe(s).forEach(this::deliver));
    play(300);

    assertThat(out.resynced)
        .containsExactlyInAnyOrder("okx:BTC-USDT", "okx:ETH-USDT", "okx:BTC-USDT-PERP");
    assertThat(out.trades).extracting(Trade::getTradeId).doesNotHaveDuplicates();
    assertThat(out.deadLetters).isEmpty();
    assertBooksMatchPublished();
  }

  @Test
  void shouldDeadLetterBadFramesAndKeepDecoding() {
    connect();
    String good = OkxGoldenFramesTest.frame("trades.json").replace("BTC-USDT-SWAP", "BTC-USDT");

    deliver("{\"arg\":{\"channel\":\"trades\"");
    deliver("[1,2]");
    deliver("{\"arg\":{\"channel\":\"candle1D\"},\"data\":[]}".replace("candle1D", "mystery"));
    deliver("{\"event\":\"surprise\"}");
    deliver(good.replace("\"px\":\"65012.4\"", "\"px\":\"6501x.4\""));
    deliver(good.replace("\"px\":\"65012.4\"", "\"px\":\"0\"").replace("242720721", "1"));
    deliver(good.replace("\"px\":\"65012.4\"", "\"px\":\"-3\"").replace("242720721", "2"));
    deliver(good.replace("\"side\":\"sell\"", "\"side\":\"short\"").replace("242720721", "3"));
    deliver(good.replace("BTC-USDT", "DOGE-USDT"));

    assertThat(out.deadLetters)
        .extracting(RecordingOutput.DeadLetter::kind)
        .containsExactly(
            ErrorKind.MALFORMED_JSON,
            ErrorKind.MALFORMED_JSON,
            ErrorKind.UNKNOWN_MESSAGE,
            ErrorKind.UNKNOWN_MESSAGE,
            ErrorKind.BAD_NUMBER,
            ErrorKind.BAD_NUMBER,
            ErrorKind.BAD_NUMBER,
            ErrorKind.BAD_VALUE,
            ErrorKind.UNKNOWN_INSTRUMENT,
            ErrorKind.UNKNOWN_INSTRUMENT);
    assertThat(out.deadLetters.get(4).error()).contains("\"px\"").contains("6501x.4");
    assertThat(out.deadLetters.get(7).error()).contains("\"side\"");
    // The good trade beside each bad one is kept: ids 242720721, 1, 2 and 3.
    assertThat(out.trades)
        .extracting(Trade::getTradeId)
        .containsExactly("242720721", "1", "2", "3");

    deliver(good);

    assertThat(out.trades).extracting(Trade::getTradeId).contains("242720720");
  }

  @Test
  void shouldResyncBookWhoseUpdateHasABadLevel() {
    connect();
    String update;
    do {
      update = venue.nextFrame();
      if (!update.contains("\"action\":\"update\"")) {
        deliver(update);
      }
    } while (!update.contains("\"action\":\"update\""));

    deliver(update.replaceFirst("\\[\\[\"([0-9.]+)\"", "[[\"-$1\""));

    assertThat(out.deadLetters)
        .extracting(RecordingOutput.DeadLetter::kind)
        .containsExactly(ErrorKind.BAD_NUMBER);
    assertThat(out.gaps).extracting(RecordingOutput.Gap::kind).containsExactly(GapKind.SEQUENCE);
    assertThat(out.sent).hasSize(2);
  }
}
