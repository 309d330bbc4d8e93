package dev.sextant.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.Heartbeat;
import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.OpenFrame;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.ingest.market.coinbase.CoinbaseAdvancedProtocol;
import dev.sextant.ingest.market.coinbase.CoinbaseExchangeProtocol;
import dev.sextant.ingest.market.testkit.InMemorySink;
import dev.sextant.ingest.market.testkit.TickProtocol;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.DeadLetter;
import dev.sextant.schemas.v1.Trade;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The replay loop against an in-memory sink: order, dead letters, batching, resume, pacing. */
class ReplayIngestorTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-03-05T15:00:00Z"), ZoneOffset.UTC);
  private static final long SECOND = 1_000_000_000L;
  private static final Registry REGISTRY = Registry.loadDefault();

  @TempDir Path dir;
  private final MeterRegistry meters = new SimpleMeterRegistry();

  private static String match(long tradeId, String productId) {
    return "{\"type\":\"match\",\"trade_id\":"
        + tradeId
        + ",\"maker_order_id\":\"m\",\"taker_order_id\":\"t\",\"side\":\"sell\",\"size\":\"0.5\","
        + "\"price\":\"100.25\",\"product_id\":\""
        + productId
        + "\",\"sequence\":"
        + (1000 + tradeId)
        + ",\"time\":\"2024-03-05T14:07:21.123456Z\"}";
  }

  private Path capture(String... lines) throws IOException {
    return Files.writeString(dir.resolve("capture.txt"), String.join("\n", lines) + "\n");
  }

  private ReplaySummary replay(ReplayConfig config, InMemorySink sink) throws Exception {
    return replay(config, sink, new CoinbaseExchangeProtocol());
  }

  private ReplaySummary replay(ReplayConfig config, InMemorySink sink, MarketProtocol protocol)
      throws Exception {
    try (ReplayIngestor ingestor =
        new ReplayIngestor(config, protocol, sink, REGISTRY, meters, CLOCK)) {
      ingestor.start();
      return ingestor.completion().get(10, TimeUnit.SECONDS);
    }
  }

  private static List<String> tradeIds(List<Outgoing<?>> records) {
    return records.stream()
        .filter(r -> r.value() instanceof Trade)
        .map(r -> ((Trade) r.value()).getTradeId())
        .toList();
  }

  private double count(String name, String... tags) {
    return meters.get(name).tags(tags).counter().count();
  }

  @Test
  void shouldPublishTradesAndDeadLettersInFileOrderWithoutStopping() throws Exception {
    Path file =
        capture(
            "1\t{\"type\":\"subscriptions\",\"channels\":[]}",
            "2\t" + match(1, "BTC-USD"),
            "3\t{\"type\":\"match\",\"trade_id\":",
            "",
            "1618677817.06\t" + match(2, "BTC-USD"),
            "5\t{\"type\":\"heartbeat\",\"last_trade_id\":1,\"product_id\":\"BTC-USD\","
                + "\"sequence\":1001,\"time\":\"2024-03-05T14:07:21.123456Z\"}",
            "6\t{\"type\":\"subscriptions\",\"channels\":[]}",
            "7\t" + match(3, "ETH-USD"));
    InMemorySink sink = new InMemorySink();

    ReplaySummary summary =
        replay(ReplayConfig.of(file).withBatching(2, Duration.ofSeconds(5)), sink);

    List<Outgoing<?>> records = sink.records();
    assertThat(records)
        .extracting(r -> r.topic().name())
        .containsExactly(
            "market.trades.v1", "ingest.deadletter.v1", "ingest.deadletter.v1", "market.trades.v1");
    assertThat(records)
        .extracting(Outgoing::key)
        .containsExactly(
            "coinbase:BTC-USD",
            "coinbase-exchange-replay",
            "coinbase-exchange-replay",
            "coinbase:ETH-USD");
    DeadLetter badJson = (DeadLetter) records.get(1).value();
    assertThat(badJson.getErrorKind()).isEqualTo("malformed_json");
    assertThat(badJson.getLocation()).isEqualTo("line 3");
    assertThat(badJson.getRaw().toStringUtf8()).isEqualTo("{\"type\":\"match\",\"trade_id\":");
    DeadLetter badPrefix = (DeadLetter) records.get(2).value();
    assertThat(badPrefix.getErrorKind()).isEqualTo("malformed_frame");
    assertThat(badPrefix.getLocation()).isEqualTo("line 5");
    assertThat(((Trade) records.get(0).value()).getIngestTime().getSeconds())
        .isEqualTo(CLOCK.instant().getEpochSecond());
    assertThat(sink.position()).hasValue("8");
    assertThat(sink.batches()).extracting(b -> b.records().size()).containsExactly(2, 2);
    assertThat(sink.closes()).isPositive();
    assertThat(summary)
        .extracting(
            ReplaySummary::framesRead,
            ReplaySummary::tradesPublished,
            ReplaySummary::deadLetters,
            ReplaySummary::ignored,
            ReplaySummary::transactions,
            ReplaySummary::endOfFile)
        .containsExactly(7L, 2L, 2L, 3L, 2L, true);
    assertThat(count("sextant.ingest.frames", "source", "coinbase-exchange-replay")).isEqualTo(7);
    assertThat(count("sextant.market.records", "type", "trade", "protocol", "coinbase-exchange"))
        .isEqualTo(2);
    assertThat(count("sextant.market.deadletters", "kind", "malformed_json")).isEqualTo(1);
    assertThat(count("sextant.market.deadletters", "kind", "malformed_frame")).isEqualTo(1);
    assertThat(count("sextant.market.ignored", "type", "heartbeat")).isEqualTo(1);
    assertThat(count("sextant.market.ignored", "type", "subscriptions")).isEqualTo(2);
    assertThat(count("sextant.market.transactions", "source", "coinbase-exchange-replay"))
        .isEqualTo(2);
  }

  @Test
  void shouldPublishNothingOnSecondRunOfSameFile() throws Exception {
    Path file = capture(match(1, "BTC-USD"), match(2, "BTC-USD"), match(3, "BTC-USD"));
    InMemorySink sink = new InMemorySink();
    ReplayConfig config = ReplayConfig.of(file).withBatching(2, Duration.ofSeconds(5));
    replay(config, sink);
    int batchesAfterFirstRun = sink.batches().size();

    ReplaySummary second = replay(config, sink);

    assertThat(sink.batches()).hasSize(batchesAfterFirstRun);
    assertThat(tradeIds(sink.records())).containsExactly("1", "2", "3");
    assertThat(second.resumedAfterLine()).isEqualTo(3);
    assertThat(second.framesSkipped()).isEqualTo(3);
    assertThat(second.framesRead()).isZero();
    assertThat(second.transactions()).isZero();
  }

  @Test
  void shouldResumeAfterFailedBatchWithoutGapOrDuplicate() throws Exception {
    String[] lines =
        IntStream.rangeClosed(1, 10).mapToObj(i -> match(i, "BTC-USD")).toArray(String[]::new);
    Path file = capture(lines);
    ReplayConfig config = ReplayConfig.of(file).withBatching(3, Duration.ofSeconds(5));
    InMemorySink sink = new InMemorySink().failOnWrite(2);

    try (ReplayIngestor failing =
        new ReplayIngestor(config, new CoinbaseExchangeProtocol(), sink, REGISTRY, meters, CLOCK)) {
      failing.start();
      assertThatThrownBy(() -> failing.completion().join())
          .isInstanceOf(CompletionException.class)
          .hasMessageContaining("injected failure on write 2");
    }
    assertThat(sink.position()).hasValue("3");

    ReplaySummary resumed = replay(config, sink.failOnWrite(0));

    assertThat(resumed.resumedAfterLine()).isEqualTo(3);
    assertThat(tradeIds(sink.records()))
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, 10).mapToObj(Integer::toString).collect(Collectors.toList()));
  }

  @Test
  void shouldCommitDuringLongPacingWaitAndStopPromptlyOnClose() throws Exception {
    Path file =
        capture(
            "1000\t" + match(1, "BTC-USD"), (1000 + 3600 * SECOND) + "\t" + match(2, "BTC-USD"));
    InMemorySink sink = new InMemorySink();
    ReplayConfig config =
        ReplayConfig.of(file).withSpeed(1).withBatching(100, Duration.ofMillis(50));
    ReplayIngestor ingestor =
        new ReplayIngestor(config, new CoinbaseExchangeProtocol(), sink, REGISTRY, meters, CLOCK);
    ingestor.start();

    // The second frame is an hour away, yet the first is committed once the linger has passed.
    await().atMost(Duration.ofSeconds(5)).until(() -> sink.position().isPresent());
    long closeStart = System.nanoTime();
    ingestor.close();
    ReplaySummary summary = ingestor.completion().get(1, TimeUnit.SECONDS);

    assertThat(Duration.ofNanos(System.nanoTime() - closeStart)).isLessThan(Duration.ofSeconds(2));
    assertThat(summary.endOfFile()).isFalse();
    assertThat(tradeIds(sink.records())).containsExactly("1");
    assertThat(sink.position()).hasValue("1");
  }

  @Test
  void shouldKeepRecordedPaceScaledBySpeed() throws Exception {
    long ms = 1_000_000L;
    Path file =
        capture(
            "0\t" + match(1, "BTC-USD"),
            (200 * ms) + "\t" + match(2, "BTC-USD"),
            (400 * ms) + "\t" + match(3, "BTC-USD"));

    ReplaySummary recordedPace = replay(ReplayConfig.of(file).withSpeed(1), new InMemorySink());
    ReplaySummary tenTimes =
        replay(ReplayConfig.of(file).withSpeed(10).withSourceId("fast"), new InMemorySink());

    assertThat(recordedPace.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    assertThat(tenTimes.elapsed()).isLessThan(Duration.ofMillis(300));
    assertThat(recordedPace.tradesPublished()).isEqualTo(3);
  }

  @Test
  void shouldCancelCompletionWhenClosedBeforeStart() throws Exception {
    InMemorySink sink = new InMemorySink();
    ReplayIngestor ingestor =
        new ReplayIngestor(
            ReplayConfig.of(capture(match(1, "BTC-USD"))),
            new CoinbaseExchangeProtocol(),
            sink,
            REGISTRY,
            meters,
            CLOCK);

    ingestor.close();

    assertThat(ingestor.completion()).isCancelled();
    assertThat(sink.closes()).isEqualTo(1);
    assertThatThrownBy(ingestor::start).isInstanceOf(IllegalStateException.class);
  }

  private static List<DeadLetter> deadLetters(List<Outgoing<?>> records) {
    return records.stream()
        .filter(r -> r.value() instanceof DeadLetter)
        .map(r -> (DeadLetter) r.value())
        .toList();
  }

  @Test
  void shouldDeadLetterAnAbsurdExponentAndGoOn() throws Exception {
    Path file =
        capture(
            match(1, "BTC-USD"),
            match(2, "BTC-USD").replace("\"100.25\"", "\"1e2147483647\""),
            match(3, "BTC-USD"));
    InMemorySink sink = new InMemorySink();

    ReplaySummary summary = replay(ReplayConfig.of(file), sink);

    assertThat(tradeIds(sink.records())).containsExactly("1", "3");
    assertThat(deadLetters(sink.records()))
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.getErrorKind()).isEqualTo("bad_number");
              assertThat(letter.getLocation()).isEqualTo("line 2");
            });
    assertThat(summary.endOfFile()).isTrue();
    assertThat(sink.position()).hasValue("3");
  }

  @Test
  void shouldDeadLetterAnAdapterBugAndGoOn() throws Exception {
    Path file = capture(match(1, "BTC-USD"), match(2, "BUG-USD"), match(3, "ETH-USD"));
    InMemorySink sink = new InMemorySink();

    ReplaySummary summary = replay(ReplayConfig.of(file), sink, failingOn("BUG-USD"));

    assertThat(tradeIds(sink.records())).containsExactly("1", "3");
    DeadLetter letter = deadLetters(sink.records()).getFirst();
    assertThat(letter.getErrorKind()).isEqualTo("adapter_error");
    assertThat(letter.getError())
        .isEqualTo("adapter failed: java.lang.IllegalStateException: a bug in the mapping");
    assertThat(letter.getLocation()).isEqualTo("line 2");
    assertThat(letter.getRaw().toStringUtf8()).isEqualTo(match(2, "BUG-USD"));
    assertThat(summary.endOfFile()).isTrue();
    assertThat(count("sextant.market.deadletters", "kind", "adapter_error")).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterOverlongLineTruncatedAndGoOn() throws Exception {
    String huge = "{\"type\":\"match\",\"junk\":\"" + "x".repeat(200_000);
    Path file = capture(match(1, "BTC-USD"), huge, match(3, "BTC-USD"));
    InMemorySink sink = new InMemorySink();

    ReplaySummary summary = replay(ReplayConfig.of(file).withMaxLineBytes(100_000), sink);

    assertThat(tradeIds(sink.records())).containsExactly("1", "3");
    DeadLetter letter = deadLetters(sink.records()).getFirst();
    assertThat(letter.getErrorKind()).isEqualTo("malformed_frame");
    assertThat(letter.getError())
        .isEqualTo("line longer than 100000 bytes (" + huge.length() + " bytes)");
    assertThat(letter.getRaw().toStringUtf8()).isEqualTo(huge.substring(0, 64 * 1024));
    assertThat(summary.endOfFile()).isTrue();
  }

  @Test
  void shouldDeadLetterTruncatedJsonFrameWithinKafkaRecordSize() throws Exception {
    String truncated = match(1, "BTC-USD").replace("\"m\"", "\"" + "m".repeat(3_000_000));
    Path file = capture(truncated, match(2, "BTC-USD"));
    InMemorySink sink = new InMemorySink();

    replay(ReplayConfig.of(file), sink);

    DeadLetter letter = deadLetters(sink.records()).getFirst();
    assertThat(letter.getErrorKind()).isEqualTo("malformed_json");
    assertThat(letter.getError()).endsWith("(truncated from " + truncated.length() + " bytes)");
    assertThat(letter.getSerializedSize()).isLessThan(100 * 1024);
    assertThat(tradeIds(sink.records())).containsExactly("2");
  }

  @Test
  void shouldFinishTruncatedGzipCaptureAndCommitWhatWasRead() throws Exception {
    Path whole = dir.resolve("whole.txt.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(whole))) {
      for (int i = 1; i <= 2_000; i++) {
        out.write((match(i, "BTC-USD") + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] gzip = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("cut.txt.gz"), Arrays.copyOf(gzip, gzip.length - 100));
    InMemorySink sink = new InMemorySink();

    ReplaySummary summary = replay(ReplayConfig.of(cut), sink);

    assertThat(summary.endOfFile()).isTrue();
    assertThat(summary.tradesPublished()).isBetween(100L, 1_999L);
    assertThat(tradeIds(sink.records()))
        .startsWith("1", "2", "3")
        .hasSize((int) summary.tradesPublished());
    assertThat(sink.position()).hasValue(Long.toString(summary.framesRead()));
  }

  @Test
  void shouldReplayALabelledCaptureOfAnotherProtocolThroughItsSessions() throws Exception {
    String trade =
        "{\"t\":\"trade\",\"i\":\"kraken:BTC-USD\",\"id\":\"ID\",\"p\":\"1\",\"s\":\"2\","
            + "\"side\":\"buy\",\"ts\":1}";
    String quote =
        "{\"t\":\"quote\",\"i\":\"kraken:ETH-USD\",\"bp\":\"1\",\"bs\":\"1\",\"ap\":\"2\","
            + "\"as\":\"1\",\"ts\":1}";
    Path file =
        capture(
            "1@spot\t" + trade.replace("ID", "1"),
            "2@linear\t" + quote,
            "3@boom\t{\"t\":\"ack\"}",
            "4@spot\t" + trade.replace("ID", "2"));
    InMemorySink sink = new InMemorySink();
    ReplayConfig config = ReplayConfig.of(file).withProtocol("tick").withSourceId("tick-replay");

    ReplaySummary summary;
    try (ReplayIngestor ingestor =
        new ReplayIngestor(config, new TickProtocol(), sink, REGISTRY, meters, CLOCK)) {
      ingestor.start();
      summary = ingestor.completion().get(10, TimeUnit.SECONDS);
    }

    assertThat(sink.records())
        .extracting(r -> r.topic().name())
        .containsExactly(
            "market.trades.v1", "market.quotes.v1", "ingest.deadletter.v1", "market.trades.v1");
    assertThat(tradeIds(sink.records())).containsExactly("1", "2");
    assertThat(((Trade) sink.records().getFirst().value()).getIngestTime().getSeconds())
        .isEqualTo(CLOCK.instant().getEpochSecond());
    DeadLetter bug = deadLetters(sink.records()).getFirst();
    assertThat(bug.getErrorKind()).isEqualTo("adapter_error");
    assertThat(bug.getLocation()).isEqualTo("line 3");
    assertThat(summary.protocol()).isEqualTo("tick");
    assertThat(summary.quotesPublished()).isEqualTo(1);
    assertThat(sink.position()).hasValue("4");
    assertThat(count("sextant.market.records", "protocol", "tick", "type", "quote")).isEqualTo(1);
  }

  @Test
  void shouldRefuseAProtocolOtherThanTheCapturesName() {
    assertThatThrownBy(
            () ->
                new ReplayIngestor(
                    ReplayConfig.of(dir.resolve("x")),
                    new TickProtocol(),
                    new InMemorySink(),
                    REGISTRY,
                    meters,
                    CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("coinbase-exchange");
  }

  private static String advancedBook(String type, long sequence) {
    return "{\"channel\":\"l2_data\",\"timestamp\":\"2026-03-05T14:07:21.48Z\",\"sequence_num\":"
        + sequence
        + ",\"events\":[{\"type\":\""
        + type
        + "\",\"product_id\":\"BTC-USD\",\"updates\":[{\"side\":\"offer\","
        + "\"event_time\":\"2026-03-05T14:07:21.17Z\",\"price_level\":\"100\","
        + "\"new_quantity\":\"1\"}]}]}";
  }

  private double gaps(String kind) {
    var counter = meters.find("sextant.market.gaps").tag("kind", kind).counter();
    return counter == null ? 0 : counter.count();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void shouldReopenTheSessionWhereTheCaptureMarksAReconnect(boolean marked) throws Exception {
    List<String> lines = new java.util.ArrayList<>();
    lines.add("1\t" + advancedBook("snapshot", 0));
    lines.add("2\t" + advancedBook("update", 1));
    if (marked) {
      lines.add("3\t" + OpenFrame.FRAME); // the live feed reconnected here
    }
    lines.add("4\t" + advancedBook("snapshot", 0));
    lines.add("5\t" + advancedBook("update", 1));
    Path file = capture(lines.toArray(String[]::new));
    InMemorySink sink = new InMemorySink();
    ReplayConfig config = ReplayConfig.of(file).withProtocol("coinbase-advanced");

    try (ReplayIngestor ingestor =
        new ReplayIngestor(config, new CoinbaseAdvancedProtocol(), sink, REGISTRY, meters, CLOCK)) {
      ingestor.start();
      ingestor.completion().get(10, TimeUnit.SECONDS);
    }

    // The marker is not a frame for the session: no dead letter, no record of its own.
    assertThat(deadLetters(sink.records())).isEmpty();
    assertThat(sink.records()).filteredOn(r -> r.value() instanceof BookUpdate).hasSize(4);
    assertThat(gaps("sequence")).isEqualTo(marked ? 0 : 1);
    assertThat(gaps("reconnect")).isEqualTo(marked ? 1 : 0);
  }

  /**
   * Coinbase Exchange whose sessions throw on a frame that names {@code marker}, as a decoder bug
   * would.
   */
  private static MarketProtocol failingOn(String marker) {
    MarketProtocol coinbase = new CoinbaseExchangeProtocol();
    return new MarketProtocol() {
      @Override
      public String name() {
        return coinbase.name();
      }

      @Override
      public String venue() {
        return coinbase.venue();
      }

      @Override
      public java.net.URI defaultEndpoint() {
        return coinbase.defaultEndpoint();
      }

      @Override
      public Heartbeat heartbeat() {
        return coinbase.heartbeat();
      }

      @Override
      public List<ConnectionPlan> plan(java.net.URI endpoint, List<Instrument> instruments) {
        return coinbase.plan(endpoint, instruments);
      }

      @Override
      public ProtocolSession newSession(SessionContext context) {
        ProtocolSession session = coinbase.newSession(context);
        return new ProtocolSession() {
          @Override
          public List<String> onOpen(long receivedEpochNanos) {
            return session.onOpen(receivedEpochNanos);
          }

          @Override
          public void onFrame(String frame, long receivedEpochNanos) {
            if (frame.contains(marker)) {
              throw new IllegalStateException("a bug in the mapping");
            }
            session.onFrame(frame, receivedEpochNanos);
          }
        };
      }
    };
  }
}
