package dev.sextant.ingest.market.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.market.FeedConfig;
import dev.sextant.ingest.market.FrameListener;
import dev.sextant.ingest.market.MarketSessions;
import dev.sextant.ingest.market.feed.ConnectionStatus;
import dev.sextant.ingest.market.testkit.InMemorySink;
import dev.sextant.ingest.market.testkit.TickProtocol;
import dev.sextant.ingest.sink.SinkConfig;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.Trade;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.Test;

/** A live feed's wiring, with a connection layer driven by hand on the test thread. */
class MarketIngestorTest {

  private static final String TRADE =
      "{\"t\":\"trade\",\"i\":\"kraken:BTC-USD\",\"id\":\"ID\",\"p\":\"1\",\"s\":\"2\","
          + "\"side\":\"buy\",\"ts\":1}";

  /** A feed whose frames the test pushes, as the pump thread would. */
  private static final class HandFeed implements LiveFeed {
    FrameListener listener;
    MarketSessions sessions;
    boolean started;
    boolean closed;
    volatile boolean pumpBlocked; // close() returns with the pump still in the listener
    final List<String> reconnectRequests = new ArrayList<>();
    volatile Throwable failure;
    volatile List<ConnectionStatus> status = List.of();

    void push(String frame, long receivedNanos) {
      push(frame, receivedNanos, System.nanoTime());
    }

    /** Pushes a frame and ticks the listener as if at {@code tickNanos}. */
    void push(String frame, long receivedNanos, long tickNanos) {
      listener.frame("spot", frame, receivedNanos);
      sessions.session("spot").onFrame(frame, receivedNanos);
      listener.tick(tickNanos);
    }

    @Override
    public void start() {
      started = true;
    }

    @Override
    public boolean isRunning() {
      return started && !closed && failure == null;
    }

    @Override
    public boolean isStopped() {
      return !started || (closed && !pumpBlocked);
    }

    @Override
    public void reconnectAll(String reason) {
      reconnectRequests.add(reason);
    }

    @Override
    public Optional<Throwable> failure() {
      return Optional.ofNullable(failure);
    }

    @Override
    public List<ConnectionStatus> status() {
      return status;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private final InMemorySink sink = new InMemorySink();
  private final HandFeed feed = new HandFeed();
  private final SinkConfig sinkConfig =
      new SinkConfig(
          MarketIngestor.sourceId("tick"),
          2,
          Duration.ofHours(1),
          Duration.ZERO,
          Duration.ZERO,
          Map.of());

  private MarketIngestor ingestor() {
    return new MarketIngestor(
        FeedConfig.of("tick", List.of()),
        sinkConfig,
        new TickProtocol(),
        sink,
        Registry.loadDefault(),
        new SimpleMeterRegistry(),
        (protocol, config, registry, output, listener, meters) -> {
          feed.listener = listener;
          feed.sessions = MarketSessions.forReplay(protocol, registry, output);
          return feed;
        });
  }

  private List<String> tradeIds() {
    return sink.records().stream().map(r -> ((Trade) r.value()).getTradeId()).toList();
  }

  @Test
  void shouldCommitFullBatchesFromTheFeedAndTheRestOnClose() {
    MarketIngestor ingestor = ingestor();
    ingestor.start();
    assertThat(feed.started).isTrue();

    feed.push(TRADE.replace("ID", "1"), 10);
    feed.push(TRADE.replace("ID", "2"), 20);
    feed.push(TRADE.replace("ID", "3"), 30);
    assertThat(tradeIds()).containsExactly("1", "2");
    assertThat(sink.position()).hasValue("tick/spot:20");

    ingestor.close();

    assertThat(feed.closed).isTrue();
    assertThat(tradeIds()).containsExactly("1", "2", "3");
    assertThat(sink.closes()).isEqualTo(1);
  }

  @Test
  void shouldKeepTheFeedRunningAndRetryWhenACommitFails() throws Exception {
    sink.failOnWrite(1);
    MarketIngestor ingestor = ingestor();
    ingestor.start();

    feed.push(TRADE.replace("ID", "1"), 10);
    feed.push(TRADE.replace("ID", "2"), 20); // full: the commit fails
    feed.push(TRADE.replace("ID", "3"), 30); // within the retry delay: nothing tried
    assertThat(sink.records()).isEmpty();
    TimeUnit.MILLISECONDS.sleep(1_100);
    feed.push(TRADE.replace("ID", "4"), 40);

    assertThat(tradeIds()).containsExactly("1", "2", "3", "4");
    ingestor.close();
  }

  @Test
  void shouldReportAFeedThatStoppedAsUnhealthyWithItsFailure() {
    MarketIngestor ingestor = ingestor();
    ingestor.start();
    assertThat(ingestor.health().healthy()).isTrue();

    feed.failure = new IllegalStateException("session bug");

    FeedHealth health = ingestor.health();
    assertThat(health.healthy()).isFalse();
    assertThat(health.feed()).isEqualTo("market-tick");
    assertThat(health.reason()).contains("stopped").contains("session bug");
    ingestor.close();
  }

  @Test
  void shouldReportAConnectionDownForLongAsUnhealthyAndABriefDropAsHealthy() {
    MarketIngestor ingestor = ingestor();
    ingestor.start();
    Duration longAgo = MarketIngestor.DOWN_TOO_LONG.plusSeconds(1);

    feed.status =
        List.of(
            new ConnectionStatus("spot", true, 0, Optional.of(Duration.ofMillis(5))),
            new ConnectionStatus("linear", false, 3, Optional.of(Duration.ofSeconds(2))));
    assertThat(ingestor.health().healthy()).isTrue();

    feed.status =
        List.of(
            new ConnectionStatus("spot", true, 0, Optional.of(Duration.ofMillis(5))),
            new ConnectionStatus("linear", false, 7, Optional.of(longAgo)));
    FeedHealth health = ingestor.health();
    assertThat(health.healthy()).isFalse();
    assertThat(health.reason())
        .isEqualTo(
            "disconnected: connection linear down for "
                + longAgo.toSeconds()
                + " s (7 reconnects)");
    ingestor.close();
  }

  @Test
  void shouldReconnectEveryConnectionAfterDroppingRecordsItCouldNotCommit() {
    sink.failEveryWrite(new IllegalStateException("broker away"));
    MarketIngestor ingestor = ingestor();
    ingestor.start();

    for (int n = 1; n <= MarketIngestor.MAX_UNCOMMITTED; n++) {
      feed.push(TRADE.replace("ID", Integer.toString(n)), n);
    }
    assertThat(feed.reconnectRequests).isEmpty(); // held, not dropped yet
    feed.push(TRADE.replace("ID", "last"), MarketIngestor.MAX_UNCOMMITTED + 1);

    assertThat(feed.reconnectRequests)
        .containsExactly(
            "dropped " + (MarketIngestor.MAX_UNCOMMITTED + 1) + " uncommitted records");
    assertThat(sink.records()).isEmpty();

    sink.failEveryWrite(null);
    long later = System.nanoTime() + TimeUnit.SECONDS.toNanos(2); // past the retry delay
    feed.push(TRADE.replace("ID", "after-1"), 1, later);
    feed.push(TRADE.replace("ID", "after-2"), 2, later);
    assertThat(tradeIds()).containsExactly("after-1", "after-2");
    assertThat(feed.reconnectRequests).hasSize(1);
    ingestor.close();
  }

  @Test
  void shouldReportAFencedFeedAsUnhealthy() {
    sink.failEveryWrite(new ProducerFencedException("epoch bumped"));
    MarketIngestor ingestor = ingestor();
    ingestor.start();

    feed.push(TRADE.replace("ID", "1"), 10);
    feed.push(TRADE.replace("ID", "2"), 20); // full: the commit is fenced

    FeedHealth health = ingestor.health();
    assertThat(health.healthy()).isFalse();
    assertThat(health.reason()).startsWith("fenced: another instance took over the source");
    assertThat(feed.reconnectRequests).isEmpty(); // nothing to resync for: nothing is published
    ingestor.close();
  }

  @Test
  void shouldReportCommitsFailingForLongAsUnhealthyUntilTheyResume() {
    sink.failEveryWrite(new IllegalStateException("broker away"));
    MarketIngestor ingestor = ingestor();
    ingestor.start();
    long longAgo =
        System.nanoTime() - MarketIngestor.COMMITS_FAILING_TOO_LONG.plusSeconds(10).toNanos();

    feed.push(TRADE.replace("ID", "1"), 10, longAgo);
    feed.push(TRADE.replace("ID", "2"), 20, longAgo); // full: the first failed commit

    FeedHealth health = ingestor.health();
    assertThat(health.healthy()).isFalse();
    assertThat(health.reason()).matches("commits failing for 4\\d s: .*broker away");

    sink.failEveryWrite(null);
    feed.push(TRADE.replace("ID", "3"), 30); // the retry is long due: it commits

    assertThat(tradeIds()).containsExactly("1", "2");
    assertThat(ingestor.health()).isEqualTo(new FeedHealth("market-tick", true, "running"));
    ingestor.close();
  }

  @Test
  void shouldStayHealthyWhileCommitsFailBriefly() {
    sink.failEveryWrite(new IllegalStateException("broker away"));
    MarketIngestor ingestor = ingestor();
    ingestor.start();

    feed.push(TRADE.replace("ID", "1"), 10);
    feed.push(TRADE.replace("ID", "2"), 20); // full: the commit fails

    assertThat(sink.records()).isEmpty();
    assertThat(ingestor.health().healthy()).isTrue();
    ingestor.close();
  }

  @Test
  void shouldNotFlushOnCloseWhileThePumpIsStillRunning() {
    MarketIngestor ingestor = ingestor();
    ingestor.start();
    feed.push(TRADE.replace("ID", "1"), 10); // open batch, not yet due

    feed.pumpBlocked = true;
    ingestor.close();

    assertThat(feed.closed).isTrue();
    assertThat(sink.records()).isEmpty();
    assertThat(sink.closes()).isEqualTo(1);
  }
}
