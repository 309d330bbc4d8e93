package dev.sextant.ingest.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.binance.BinanceHarness;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.ingest.market.bybit.BybitHarness;
import dev.sextant.ingest.market.coinbase.CoinbaseAdvancedHarness;
import dev.sextant.ingest.market.coinbase.CoinbaseExchangeHarness;
import dev.sextant.ingest.market.feed.MarketFeed;
import dev.sextant.ingest.market.kraken.KrakenV1Harness;
import dev.sextant.ingest.market.kraken.KrakenV2Harness;
import dev.sextant.ingest.market.okx.OkxHarness;
import dev.sextant.ingest.market.testing.BookFault;
import dev.sextant.ingest.market.testing.CollectingOutput;
import dev.sextant.ingest.market.testing.ExpectedTrade;
import dev.sextant.ingest.market.testing.RecordingListener;
import dev.sextant.ingest.market.testing.ServerConnection;
import dev.sextant.ingest.market.testing.SimulatedVenue;
import dev.sextant.ingest.market.testing.VenueHarness;
import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Trade;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Every built-in protocol against its simulated venue on a local WebSocket server, through the live
 * feed: a clean stream, an abrupt drop and a clean close, sequence gaps and bad checksums,
 * malformed and unknown frames, and a 10 MB frame (lost unread, so its connection's books resync).
 * After each, the published trades must be exactly those the venue sent (once each, in order, field
 * for field) and the books rebuilt from the published records must equal the venue's own.
 */
class VenueFeedIT {

  private static final Registry REGISTRY = Registry.loadDefault();
  private static final Duration SETTLE = Duration.ofSeconds(15);
  private static final int FRAMES = 300;

  /** Frames the market runs on while no client is connected. */
  private static final int OUTAGE_FRAMES = 12;

  private static final int BIG_FRAME = 10 * 1024 * 1024;
  private static final List<Run> RUNS = new ArrayList<>();

  static Stream<VenueHarness> venues() {
    return Stream.of(
        new CoinbaseExchangeHarness(7),
        new CoinbaseAdvancedHarness(11),
        BinanceHarness.spot(3),
        BinanceHarness.futures(5),
        new KrakenV1Harness(13),
        new KrakenV2Harness(17),
        new OkxHarness(19),
        new BybitHarness(23));
  }

  @AfterAll
  static void closeAll() {
    RUNS.forEach(Run::close);
  }

  @TestFactory
  Stream<DynamicNode> shouldPublishExactlyWhatEachVenueSent() {
    return venues().map(harness -> dynamicContainer(harness.protocol(), scenarios(harness)));
  }

  private static Stream<DynamicNode> scenarios(VenueHarness harness) {
    Supplier<Run> run = memoize(() -> Run.start(harness));
    List<DynamicNode> tests = new ArrayList<>();
    tests.add(dynamicTest("a clean stream", () -> cleanStream(run.get())));
    tests.add(
        dynamicTest(
            "a connection dropped mid-stream",
            () -> cutAndResume(run.get(), harness.channels().getFirst(), true)));
    tests.add(
        dynamicTest(
            "a connection closed by the venue",
            () -> cutAndResume(run.get(), harness.channels().getLast(), false)));
    for (BookFault fault : harness.faults()) {
      tests.add(dynamicTest(fault.name(), () -> bookFault(run.get(), fault)));
    }
    tests.add(dynamicTest("malformed JSON and an unknown message", () -> badFrames(run.get())));
    tests.add(dynamicTest("a 10 MB frame", () -> bigFrame(run.get())));
    tests.add(dynamicTest("closing the feed and the venue", () -> run.get().close()));
    return tests.stream();
  }

  // ---- scenarios

  private static void cleanStream(Run run) {
    run.venue.awaitReady();
    run.venue.stream(FRAMES);
    run.settle();

    assertThat(run.output.deadLetters()).isEmpty();
    assertThat(run.output.gaps()).isEmpty();
    assertThat(run.server().connections()).isEqualTo(run.harness.channels().size());
    for (String instrument : run.instruments()) {
      assertThat(run.output.trades())
          .as(instrument)
          .anyMatch(t -> t.getInstrument().equals(instrument));
      assertThat(snapshots(run.output.books(), instrument)).as(instrument).isEqualTo(1);
      List<Quote> quotes =
          run.output.quotes().stream().filter(q -> q.getInstrument().equals(instrument)).toList();
      assertThat(quotes).as("quotes of " + instrument).isNotEmpty();
      assertThat(quotes)
          .as("quotes of " + instrument)
          .allMatch(
              q ->
                  Decimals.toBigDecimal(q.getBidPrice())
                          .compareTo(Decimals.toBigDecimal(q.getAskPrice()))
                      < 0);
    }
    run.note("clean");
  }

  private static void cutAndResume(Run run, String channel, boolean abrupt) {
    run.venue.stream(FRAMES / 2);
    Mark mark = run.mark();
    ServerConnection old = run.venue.cut(channel, abrupt, OUTAGE_FRAMES);
    List<String> onChannel = run.instrumentsOf(channel);
    run.venue.streamUntil(
        FRAMES / 2, () -> run.output.resynced().size() >= mark.resynced + onChannel.size());
    run.settle();

    ServerConnection now = run.venue.connection(channel).orElseThrow();
    assertThat(now).isNotSameAs(old);
    assertThat(run.server().connections()).isEqualTo(mark.connections + 1);
    Map<String, Integer> reasons = mark.reconnectsSince(run);
    if (abrupt) {
      // The cut is noticed at once, as a closed or failed socket: never left to the silence
      // timeout (which the JDK client needed now and then; see docs/market/connections.md).
      assertThat(reasons.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
      assertThat(reasons.keySet()).isSubsetOf("closed", "error");
    } else {
      assertThat(reasons).isEqualTo(Map.of("closed", 1));
    }
    // The new connection subscribes to exactly what the first did (request ids count on).
    int n = run.venue.subscribeFrames(channel);
    assertThat(withoutIds(now.received().subList(0, n)))
        .isEqualTo(withoutIds(old.received().subList(0, n)));
    assertThat(run.output.gaps().subList(mark.gaps, run.output.gaps().size()))
        .extracting(g -> g.instrument() + " " + g.kind())
        .containsExactlyInAnyOrderElementsOf(
            onChannel.stream().map(i -> i + " " + GapKind.RECONNECT).toList());
    assertThat(run.output.resynced().subList(mark.resynced, run.output.resynced().size()))
        .containsExactlyInAnyOrderElementsOf(onChannel);
    for (CollectingOutput.Gap gap :
        run.output.gaps().subList(mark.gaps, run.output.gaps().size())) {
      // The book's first record after the reconnect is its fresh snapshot.
      assertThat(run.output.firstBookAfter(gap))
          .as(gap.instrument())
          .hasValueSatisfying(
              b -> assertThat(b.getKind()).isEqualTo(BookUpdate.Kind.KIND_SNAPSHOT));
    }
    assertThat(run.output.deadLetters()).hasSize(mark.deadLetters);

    // Trades: every trade the venue sent arrived once (settle); what the market traded while no
    // client was connected is lost unless the venue sends it again.
    List<ExpectedTrade> outage = mark.since(run.venue.outageTrades());
    List<ExpectedTrade> unsent = mark.sinceUnsent(run.venue.unsentTrades());
    switch (run.harness.replay()) {
      case RECENT -> assertThat(unsent).as("trades of the outage not sent again").isEmpty();
      case NONE -> assertThat(unsent).as("trades lost in the outage").isEqualTo(outage);
      case LAST -> {
        // Only each product's last trade comes back (last_match).
        Map<String, ExpectedTrade> last = new LinkedHashMap<>();
        outage.forEach(t -> last.put(t.instrument(), t));
        assertThat(unsent)
            .as("trades lost in the outage")
            .isEqualTo(outage.stream().filter(t -> !last.containsValue(t)).toList());
      }
    }
    run.note(
        (abrupt ? "drop " : "close ")
            + reasons
            + " outage trades="
            + outage.size()
            + " lost="
            + unsent.size());
  }

  private static void bookFault(Run run, BookFault fault) {
    run.venue.stream(FRAMES / 3);
    Mark mark = run.mark();
    run.venue.act(h -> fault.arm().run());
    boolean resyncs = fault.recovery() != BookFault.Recovery.NONE;
    List<String> onChannel = run.instrumentsOf(fault.channel());
    int gaps = fault.recovery() == BookFault.Recovery.RECONNECT ? onChannel.size() : 1;
    run.venue.streamUntil(
        FRAMES / 3,
        () ->
            run.output.gaps().size() >= mark.gaps + gaps
                && (!resyncs || run.output.resynced().size() >= mark.resynced + gaps));
    run.venue.stream(FRAMES / 3);
    run.settle();

    List<CollectingOutput.Gap> reported =
        run.output.gaps().subList(mark.gaps, run.output.gaps().size());
    assertThat(reported).hasSize(gaps).allMatch(g -> g.kind() == fault.gap());
    assertThat(reported).allMatch(g -> onChannel.contains(g.instrument()));
    String instrument = reported.getFirst().instrument();
    Map<ErrorKind, Integer> deadLetters = mark.deadLettersSince(run.output);
    assertThat(deadLetters).isEqualTo(fault.deadLetter().map(k -> Map.of(k, 1)).orElse(Map.of()));
    ServerConnection connection = run.venue.connection(fault.channel()).orElseThrow();
    switch (fault.recovery()) {
      case NONE -> {
        assertThat(run.server().connections()).isEqualTo(mark.connections);
        assertThat(run.output.resynced()).hasSize(mark.resynced);
      }
      case RESUBSCRIBE -> {
        // What the client asked for since, application pings aside.
        List<String> asked =
            connection
                .received()
                .subList(mark.receivedOn(connection), connection.received().size())
                .stream()
                .filter(frame -> !frame.contains("ping"))
                .toList();
        assertThat(asked).hasSize(2);
        assertThat(asked.get(0)).contains("unsubscribe").contains(run.harness.symbol(instrument));
        assertThat(asked.get(1))
            .doesNotContain("unsubscribe")
            .contains("subscribe")
            .contains(run.harness.symbol(instrument));
        assertThat(run.server().connections()).isEqualTo(mark.connections);
      }
      case REST -> {
        List<String> fetched =
            run.server().restRequests().subList(mark.rest, run.server().restRequests().size());
        assertThat(fetched)
            .hasSize(fault.deadLetter().isPresent() ? 2 : 1)
            .allMatch(r -> r.toLowerCase().contains("symbol=" + run.harness.symbol(instrument)));
        assertThat(run.server().connections()).isEqualTo(mark.connections);
      }
      case RECONNECT -> {
        assertThat(run.server().connections()).isEqualTo(mark.connections + 1);
        assertThat(mark.reconnectsSince(run)).isEqualTo(Map.of("requested", 1));
        int n = run.venue.subscribeFrames(fault.channel());
        assertThat(withoutIds(connection.received().subList(0, n)))
            .isEqualTo(withoutIds(run.server().connection(0).received().subList(0, n)));
      }
    }
    if (resyncs) {
      assertThat(run.output.resynced().subList(mark.resynced, run.output.resynced().size()))
          .containsExactlyInAnyOrderElementsOf(
              reported.stream().map(CollectingOutput.Gap::instrument).toList());
      for (CollectingOutput.Gap gap : reported) {
        // Nothing of the book is published between the gap and its fresh snapshot.
        assertThat(run.output.firstBookAfter(gap))
            .as(gap.instrument())
            .hasValueSatisfying(
                b -> assertThat(b.getKind()).isEqualTo(BookUpdate.Kind.KIND_SNAPSHOT));
      }
    }
    run.note(fault.name());
  }

  private static void badFrames(Run run) {
    Mark mark = run.mark();
    String first = run.harness.channels().getFirst();
    String last = run.harness.channels().getLast();
    run.venue.stream(FRAMES / 3);
    run.venue.inject(first, run.harness.malformed());
    run.venue.stream(FRAMES / 3);
    run.venue.inject(last, run.harness.unknown());
    run.venue.stream(FRAMES / 3);
    run.settle();

    assertThat(mark.deadLettersSince(run.output))
        .isEqualTo(Map.of(ErrorKind.MALFORMED_JSON, 1, ErrorKind.UNKNOWN_MESSAGE, 1));
    assertThat(run.output.gaps()).hasSize(mark.gaps);
    assertThat(run.server().connections()).isEqualTo(mark.connections);
    assertThat(mark.reconnectsSince(run)).isEmpty();
    run.note("bad frames");
  }

  private static void bigFrame(Run run) {
    Mark mark = run.mark();
    String channel = run.harness.channels().getFirst();
    String big = "{\"pad\":\"" + "x".repeat(BIG_FRAME) + "\"}";
    List<String> onChannel = run.instrumentsOf(channel);
    BookFault.Recovery recovery = run.harness.lostFrameRecovery();
    run.venue.stream(FRAMES / 2);
    run.venue.inject(channel, big);
    run.venue.streamUntil(
        FRAMES / 2, () -> run.output.resynced().size() >= mark.resynced + onChannel.size());
    run.settle();

    List<RecordingListener.Big> oversized = run.listener.oversized();
    assertThat(oversized.subList(mark.oversized, oversized.size()))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.totalBytes()).isEqualTo(big.length());
              assertThat(o.connection()).isEqualTo(channel);
              assertThat(big).startsWith(o.head());
            });
    // Whose frame it was is unknown (it may have been a snapshot or an update without a
    // sequence): every book of the connection reports a gap and resyncs; settle() above found
    // them equal to the venue's again.
    List<CollectingOutput.Gap> reported =
        run.output.gaps().subList(mark.gaps, run.output.gaps().size());
    assertThat(reported)
        .extracting(g -> g.instrument() + " " + g.kind())
        .containsExactlyInAnyOrderElementsOf(
            onChannel.stream().map(i -> i + " " + GapKind.SEQUENCE).toList());
    assertThat(run.output.resynced().subList(mark.resynced, run.output.resynced().size()))
        .containsExactlyInAnyOrderElementsOf(onChannel);
    for (CollectingOutput.Gap gap : reported) {
      assertThat(run.output.firstBookAfter(gap))
          .as(gap.instrument())
          .hasValueSatisfying(
              b -> assertThat(b.getKind()).isEqualTo(BookUpdate.Kind.KIND_SNAPSHOT));
    }
    if (recovery == BookFault.Recovery.RECONNECT) {
      assertThat(run.server().connections()).isEqualTo(mark.connections + 1);
      assertThat(mark.reconnectsSince(run)).isEqualTo(Map.of("requested", 1));
    } else {
      assertThat(run.server().connections()).isEqualTo(mark.connections);
      assertThat(mark.reconnectsSince(run)).isEmpty();
    }
    if (recovery == BookFault.Recovery.REST) {
      assertThat(run.server().restRequests().subList(mark.rest, run.server().restRequests().size()))
          .hasSize(onChannel.size());
    }
    await().atMost(SETTLE).until(() -> run.feed.status().stream().allMatch(s -> s.connected()));
    assertThat(run.output.deadLetters()).hasSize(mark.deadLetters);
    run.note("10 MB frame");
  }

  // ---- helpers

  private static long snapshots(List<BookUpdate> books, String instrument) {
    return books.stream()
        .filter(b -> b.getInstrument().equals(instrument))
        .filter(b -> b.getKind() == BookUpdate.Kind.KIND_SNAPSHOT)
        .count();
  }

  /** Subscribe frames with their request ids blanked: each request has its own. */
  private static List<String> withoutIds(List<String> frames) {
    return frames.stream()
        .map(f -> f.replaceAll("\"(reqid|req_id|id)\":\\s*(\"[^\"]*\"|\\d+)", "\"$1\":_"))
        .toList();
  }

  private static <T> Supplier<T> memoize(Supplier<T> supplier) {
    Object[] value = new Object[1];
    return () -> {
      if (value[0] == null) {
        value[0] = supplier.get();
      }
      @SuppressWarnings("unchecked")
      T t = (T) value[0];
      return t;
    };
  }

  /** What had happened before a scenario, to tell what it added. */
  private record Mark(
      int gaps,
      int books,
      int resynced,
      int deadLetters,
      int connections,
      int rest,
      int oversized,
      Set<String> outage,
      Set<String> unsent,
      Map<ServerConnection, Integer> received,
      Map<ErrorKind, Integer> deadLettersByKind,
      Map<String, Integer> reconnects) {

    Map<String, Integer> reconnectsSince(Run run) {
      Map<String, Integer> added = new java.util.TreeMap<>();
      run.reconnects()
          .forEach(
              (reason, count) -> {
                int more = count - reconnects.getOrDefault(reason, 0);
                if (more != 0) {
                  added.put(reason, more);
                }
              });
      return added;
    }

    List<ExpectedTrade> since(List<ExpectedTrade> trades) {
      return trades.stream().filter(t -> !outage.contains(t.key())).toList();
    }

    List<ExpectedTrade> sinceUnsent(List<ExpectedTrade> trades) {
      return trades.stream().filter(t -> !unsent.contains(t.key())).toList();
    }

    int receivedOn(ServerConnection connection) {
      return received.getOrDefault(connection, 0);
    }

    Map<ErrorKind, Integer> deadLettersSince(CollectingOutput output) {
      Map<ErrorKind, Integer> added = new EnumMap<>(ErrorKind.class);
      output
          .deadLettersByKind()
          .forEach(
              (kind, count) -> {
                int more = count - deadLettersByKind.getOrDefault(kind, 0);
                if (more != 0) {
                  added.put(kind, more);
                }
              });
      return added;
    }
  }

  /** One protocol's venue, feed and output. */
  private static final class Run {
    final VenueHarness harness;
    final SimulatedVenue venue;
    final CollectingOutput output = new CollectingOutput();
    final RecordingListener listener = new RecordingListener();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final MarketFeed feed;
    final Map<String, List<String>> byChannel = new LinkedHashMap<>();
    final long started = System.nanoTime();
    final List<String> notes = new ArrayList<>();
    private final long[] noted = new long[3];
    private boolean closed;

    private Run(VenueHarness harness) {
      this.harness = harness;
      this.venue = SimulatedVenue.start(harness);
      MarketProtocol protocol = new CappedSilence(Protocols.builtIn().require(harness.protocol()));
      for (ConnectionPlan plan : protocol.plan(venue.server().uri(), harness.instruments())) {
        byChannel.put(plan.label(), plan.instruments().stream().map(Instrument::id).toList());
      }
      URI rest = URI.create(venue.server().http("/").toString().replaceAll("/$", ""));
      FeedConfig config =
          FeedConfig.of(harness.protocol(), harness.instruments())
              .withEndpoints(venue.server().uri(), rest)
              .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
      this.feed = new MarketFeed(protocol, config, REGISTRY, output, listener, meters);
      feed.start();
    }

    static Run start(VenueHarness harness) {
      Run run = new Run(harness);
      synchronized (RUNS) {
        RUNS.add(run);
      }
      return run;
    }

    dev.sextant.ingest.market.testing.VenueServer server() {
      return venue.server();
    }

    List<String> instruments() {
      return harness.instruments().stream().map(Instrument::id).toList();
    }

    /** Connections replaced so far, by reason: closed, error, silent or requested. */
    Map<String, Integer> reconnects() {
      Map<String, Integer> byReason = new java.util.TreeMap<>();
      for (Counter counter : meters.find("sextant.market.reconnects").counters()) {
        byReason.merge(counter.getId().getTag("reason"), (int) counter.count(), Integer::sum);
      }
      byReason.values().removeIf(n -> n == 0);
      return byReason;
    }

    List<String> instrumentsOf(String channel) {
      return byChannel.get(channel);
    }

    Mark mark() {
      Map<ServerConnection, Integer> received = new LinkedHashMap<>();
      for (ServerConnection c : server().connectionList()) {
        received.put(c, c.received().size());
      }
      return new Mark(
          output.gaps().size(),
          output.books().size(),
          output.resynced().size(),
          output.deadLetters().size(),
          server().connections(),
          server().restRequests().size(),
          listener.oversized().size(),
          keys(venue.outageTrades()),
          keys(venue.unsentTrades()),
          received,
          output.deadLettersByKind(),
          reconnects());
    }

    private static Set<String> keys(List<ExpectedTrade> trades) {
      return trades.stream().map(ExpectedTrade::key).collect(Collectors.toCollection(HashSet::new));
    }

    /**
     * Waits until the feed has published what the venue sent: its trades exactly, and books equal
     * to the venue's; the venue is between events and idle.
     */
    void settle() {
      await()
          .atMost(SETTLE)
          .pollInterval(Duration.ofMillis(20))
          // Neither heals with time: fail at once.
          .failFast("the feed stopped", () -> feed.failure().isPresent())
          .failFast(
              "a trade was published twice",
              () -> {
                List<Trade> trades = output.trades();
                return trades.stream()
                        .map(t -> t.getInstrument() + "/" + t.getTradeId())
                        .distinct()
                        .count()
                    != trades.size();
              })
          .untilAsserted(
              () -> {
                assertTradesExactly();
                assertBooksEqual();
              });
    }

    void assertTradesExactly() {
      Map<String, List<ExpectedTrade>> expected = byInstrument(venue.sentTrades());
      List<ExpectedTrade> published = output.trades().stream().map(ExpectedTrade::of).toList();
      assertThat(published.stream().map(ExpectedTrade::key))
          .as("no trade twice")
          .doesNotHaveDuplicates();
      assertThat(byInstrument(published)).as("trades by instrument").isEqualTo(expected);
    }

    void assertBooksEqual() {
      Map<String, OrderBook> venueBooks = venue.books();
      Map<String, OrderBook> rebuilt = output.rebuiltBooks();
      assertThat(rebuilt.keySet()).containsExactlyInAnyOrderElementsOf(venueBooks.keySet());
      for (Map.Entry<String, OrderBook> book : venueBooks.entrySet()) {
        OrderBook published = rebuilt.get(book.getKey());
        assertThat(published.sameLevels(book.getValue()))
            .as("%s: published %s, venue %s", book.getKey(), published, book.getValue())
            .isTrue();
      }
    }

    private static Map<String, List<ExpectedTrade>> byInstrument(List<ExpectedTrade> trades) {
      Map<String, List<ExpectedTrade>> grouped = new LinkedHashMap<>();
      trades.forEach(t -> grouped.computeIfAbsent(t.instrument(), k -> new ArrayList<>()).add(t));
      return grouped;
    }

    /** Notes what a scenario added: frames streamed, trades and book records published. */
    void note(String scenario) {
      int trades = output.trades().size();
      int books = output.books().size();
      long frames = venue.streamed();
      notes.add(
          String.format(
              "%s: %d frames, %d trades, %d book records",
              scenario, frames - noted[0], trades - noted[1], books - noted[2]));
      noted[0] = frames;
      noted[1] = trades;
      noted[2] = books;
    }

    void close() {
      if (closed) {
        return;
      }
      closed = true;
      feed.close();
      venue.close();
      System.out.printf(
          "%s: %d ms%n  %s%n",
          harness.protocol(),
          Duration.ofNanos(System.nanoTime() - started).toMillis(),
          String.join("\n  ", notes));
    }
  }

  /**
   * A built-in protocol with its silence timeout capped at {@link #SILENCE}, so that a dead socket
   * the client failed to notice would fail this test in seconds rather than the venue's minutes.
   * The venue pings every second while idle, so a live connection never trips it.
   */
  private record CappedSilence(MarketProtocol protocol) implements MarketProtocol {

    static final Duration SILENCE = Duration.ofSeconds(3);

    @Override
    public String name() {
      return protocol.name();
    }

    @Override
    public String venue() {
      return protocol.venue();
    }

    @Override
    public URI defaultEndpoint() {
      return protocol.defaultEndpoint();
    }

    @Override
    public Optional<URI> defaultRestEndpoint() {
      return protocol.defaultRestEndpoint();
    }

    @Override
    public Heartbeat heartbeat() {
      Heartbeat heartbeat = protocol.heartbeat();
      return new Heartbeat(
          heartbeat.pingInterval(),
          heartbeat.silenceTimeout().compareTo(SILENCE) < 0 ? heartbeat.silenceTimeout() : SILENCE);
    }

    @Override
    public int subscribeFramesPerSecond() {
      return protocol.subscribeFramesPerSecond();
    }

    @Override
    public List<ConnectionPlan> plan(URI endpoint, List<Instrument> instruments) {
      return protocol.plan(endpoint, instruments);
    }

    @Override
    public ProtocolSession newSession(SessionContext context) {
      return protocol.newSession(context);
    }
  }
}
