package dev.sextant.ingest.market.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.ingest.market.MarketSessions;
import dev.sextant.ingest.market.testkit.InMemorySink;
import dev.sextant.ingest.market.testkit.TickProtocol;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.ingest.sink.SinkConfig;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.DeadLetter;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Trade;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pipeline between a protocol's sessions and the sink: topics, dead letters, commits. */
class MarketPipelineTest {

  private static final long T0 = 1_700_000_000_000_000_000L;
  private static final long MS = 1_000_000L;
  private static final String TRADE =
      "{\"t\":\"trade\",\"i\":\"kraken:BTC-USD\",\"id\":\"7\",\"p\":\"100.5\",\"s\":\"0.25\","
          + "\"side\":\"buy\",\"ts\":1699999999990}";
  private static final String QUOTE =
      "{\"t\":\"quote\",\"i\":\"kraken:ETH-USD\",\"bp\":\"10\",\"bs\":\"1\",\"ap\":\"11\","
          + "\"as\":\"2\",\"ts\":1700000000000}";
  private static final String BOOK =
      "{\"t\":\"book\",\"i\":\"kraken:BTC-USD\",\"kind\":\"snapshot\",\"seq\":5,"
          + "\"bids\":[[\"99\",\"1\"]],\"asks\":[[\"101\",\"2\"]],\"ts\":1700000000000}";

  private final MeterRegistry meters = new SimpleMeterRegistry();
  private final InMemorySink sink = new InMemorySink();
  private final SinkConfig config =
      new SinkConfig(
          "market-tick", 100, Duration.ofMillis(50), Duration.ZERO, Duration.ZERO, Map.of());
  private final MarketPipeline pipeline =
      new MarketPipeline(new TickProtocol(), config, sink, meters);
  private final MarketSessions sessions =
      MarketSessions.forReplay(new TickProtocol(), Registry.loadDefault(), pipeline);

  private void receive(String connection, String frame, long receivedNanos) {
    pipeline.frame(connection, frame, receivedNanos);
    sessions.session(connection).onFrame(frame, receivedNanos);
  }

  private double count(String name, String... tags) {
    return meters.get(name).tags(tags).counter().count();
  }

  @Test
  void shouldPublishRecordsOnTheirTopicsKeyedByInstrument() {
    receive("spot", TRADE, T0);
    receive("spot", QUOTE, T0 + MS);
    receive("spot", BOOK, T0 + 2 * MS);
    pipeline.flush();

    List<Outgoing<?>> records = sink.records();
    assertThat(records)
        .extracting(r -> r.topic().name(), Outgoing::key)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("market.trades.v1", "kraken:BTC-USD"),
            org.assertj.core.groups.Tuple.tuple("market.quotes.v1", "kraken:ETH-USD"),
            org.assertj.core.groups.Tuple.tuple("market.books.v1", "kraken:BTC-USD"));
    assertThat(((Trade) records.get(0).value()).getPrice().getValue()).isEqualTo("100.5");
    assertThat(((Quote) records.get(1).value()).getAskSize().getValue()).isEqualTo("2");
    assertThat(((BookUpdate) records.get(2).value()).getBidsList()).hasSize(1);
    assertThat(sink.position()).hasValue("tick/spot:" + (T0 + 2 * MS));
    assertThat(pipeline.tradesCommitted()).isEqualTo(1);
    assertThat(pipeline.quotesCommitted()).isEqualTo(1);
    assertThat(pipeline.booksCommitted()).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterWithTheRawFrameItsLocationAndReceiveTime() {
    receive("spot", TRADE, T0);
    String bad = TRADE.replace("\"100.5\"", "\"1x\"");
    receive("spot", bad, T0 + 5 * MS);
    receive("", "{not json", T0 + 6 * MS);
    pipeline.flush();

    List<DeadLetter> letters =
        sink.records().stream()
            .filter(r -> r.value() instanceof DeadLetter)
            .map(r -> (DeadLetter) r.value())
            .toList();
    assertThat(letters).hasSize(2);
    assertThat(letters.get(0).getRaw().toStringUtf8()).isEqualTo(bad);
    assertThat(letters.get(0).getErrorKind()).isEqualTo("bad_number");
    assertThat(letters.get(0).getLocation()).isEqualTo("tick/spot frame 2");
    assertThat(letters.get(0).getSource()).isEqualTo("market-tick");
    assertThat(letters.get(0).getIngestTime().getNanos()).isEqualTo(5_000_000);
    assertThat(letters.get(1).getLocation()).isEqualTo("tick frame 1");
    assertThat(letters.get(1).getErrorKind()).isEqualTo("malformed_json");
    assertThat(sink.records())
        .filteredOn(r -> r.value() instanceof DeadLetter)
        .extracting(Outgoing::key)
        .containsOnly("market-tick");
  }

  @Test
  void shouldDeadLetterAnOversizedFrameWithItsHead() {
    pipeline.oversized("spot", "{\"t\":\"book\",\"bids\":[[", 9_000_000, T0);
    pipeline.flush();

    DeadLetter letter = (DeadLetter) sink.records().getFirst().value();
    assertThat(letter.getErrorKind()).isEqualTo("oversized_frame");
    assertThat(letter.getRaw().toStringUtf8()).isEqualTo("{\"t\":\"book\",\"bids\":[[");
    assertThat(letter.getError()).contains("9000000 bytes");
    assertThat(letter.getLocation()).isEqualTo("tick/spot frame 1");
    assertThat(count("sextant.market.deadletters", "kind", "oversized_frame")).isEqualTo(1);
    assertThat(count("sextant.market.frames")).isZero(); // dropped, never decoded
  }

  @Test
  void shouldCountFramesRecordsGapsResyncsIgnoredLagAndTransactions() {
    receive("spot", TRADE, T0);
    receive("spot", QUOTE, T0);
    receive("spot", BOOK, T0);
    receive("spot", "{\"t\":\"gap\",\"i\":\"kraken:BTC-USD\"}", T0);
    receive("spot", "{\"t\":\"resync\",\"i\":\"kraken:BTC-USD\"}", T0);
    receive("spot", "{\"t\":\"ack\"}", T0);
    receive("spot", "{\"t\":\"mystery\"}", T0);
    pipeline.flush();

    assertThat(count("sextant.market.frames", "protocol", "tick", "venue", "kraken")).isEqualTo(7);
    assertThat(count("sextant.market.records", "type", "trade")).isEqualTo(1);
    assertThat(count("sextant.market.records", "type", "quote")).isEqualTo(1);
    assertThat(count("sextant.market.records", "type", "book")).isEqualTo(1);
    assertThat(count("sextant.market.gaps", "kind", "sequence")).isEqualTo(1);
    assertThat(count("sextant.market.resyncs")).isEqualTo(1);
    assertThat(count("sextant.market.ignored", "type", "ack")).isEqualTo(1);
    assertThat(count("sextant.market.deadletters", "kind", "unknown_message")).isEqualTo(1);
    assertThat(count("sextant.market.transactions")).isEqualTo(1);
    assertThat(count("sextant.market.transaction.records")).isEqualTo(4);
    var lag = meters.get("sextant.market.lag").timer();
    assertThat(lag.count()).isEqualTo(3);
    // The trade happened 10 ms before it was received; the others at the receive time.
    assertThat(lag.max(TimeUnit.MILLISECONDS)).isEqualTo(10.0);
  }

  @Test
  void shouldCommitOnlyWhenDueInTick() {
    long now = System.nanoTime();
    receive("spot", TRADE, T0);

    pipeline.tick(now);
    assertThat(sink.batches()).isEmpty();

    pipeline.tick(now + TimeUnit.SECONDS.toNanos(1));
    assertThat(sink.batches()).hasSize(1);
  }

  @Test
  void shouldCommitAFailedBatchAgainBeforeNewerRecords() {
    sink.failOnWrite(1);
    receive("spot", TRADE, T0);
    assertThatThrownBy(pipeline::flush).hasMessageContaining("injected failure");
    receive("spot", TRADE.replace("\"7\"", "\"8\""), T0 + MS);

    pipeline.tick(System.nanoTime());
    pipeline.flush();

    assertThat(sink.records())
        .extracting(r -> ((Trade) r.value()).getTradeId())
        .containsExactly("7", "8");
    assertThat(sink.batches()).hasSize(2);
    assertThat(pipeline.uncommitted()).isZero();
  }

  @Test
  void shouldDropAndCountUncommittedRecords() {
    sink.failOnWrite(1);
    receive("spot", TRADE, T0);
    assertThatThrownBy(pipeline::flush).hasMessageContaining("injected failure");
    receive("spot", QUOTE, T0 + MS);

    assertThat(pipeline.dropUncommitted()).isEqualTo(2);

    pipeline.flush();
    assertThat(sink.records()).isEmpty();
    assertThat(pipeline.uncommitted()).isZero();
    assertThat(count("sextant.market.dropped")).isEqualTo(2);
  }
}
