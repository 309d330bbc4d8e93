package dev.sextant.deploy.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sextant.deploy.demo.DemoNews;
import dev.sextant.ingest.news.NewsItems;
import dev.sextant.ingest.news.fetch.FeedFetcher;
import dev.sextant.ingest.news.fetch.FetchLimits;
import dev.sextant.ingest.news.fetch.FetchResult;
import dev.sextant.ingest.news.fetch.PollSchedule;
import dev.sextant.ingest.news.fetch.Validators;
import dev.sextant.ingest.news.poll.NewsSourceConfig;
import dev.sextant.ingest.news.poll.NewsStatus;
import dev.sextant.ingest.news.poll.NewsStatus.Phase;
import dev.sextant.ingest.news.poll.PublishedNews;
import dev.sextant.ingest.sink.Batch;
import dev.sextant.ingest.sink.BatchSink;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.schemas.v1.NewsItem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the node runs its news poller, reports it to /health and stops it. */
class NewsPartTest {

  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static final NewsSourceConfig SOURCE =
      new NewsSourceConfig(
          NewsSourceConfig.DEFAULT_SOURCE_ID,
          List.of(
              new PollSchedule.Feed(
                  "coindesk",
                  URI.create("https://www.coindesk.com/arc/outboundfeeds/rss/"),
                  Duration.ofMinutes(5)),
              new PollSchedule.Feed(
                  "decrypt", URI.create("https://decrypt.co/feed"), Duration.ofMinutes(5))),
          Duration.ofSeconds(2),
          FetchLimits.DEFAULT);

  /** What every FAILED problem line ends with: what to do about it. */
  private static final String RESTART =
      "; nothing is published until the node restarts: fix the cause and restart it (if another"
          + " node polls news as source 'news' on this Kafka, it took the source over: stop one of"
          + " the two first)";

  private final List<String> events = new CopyOnWriteArrayList<>();
  private final FakeIngestor ingestor = new FakeIngestor();
  private NewsPart part;
  private DemoNews demo; // real feeds for the production wiring's fetcher, when a test needs them

  @AfterEach
  void tearDown() {
    if (part != null) {
      part.close();
    }
    if (demo != null) {
      demo.close();
    }
  }

  /** A poller that runs until stopped, or does what the test says. */
  private final class FakeIngestor implements NewsPart.Ingestor {
    final CountDownLatch stopped = new CountDownLatch(1);
    volatile Consumer<FakeIngestor> body = FakeIngestor::awaitStop;
    volatile NewsStatus status =
        statusOf(Phase.POLLING, Optional.empty(), healthyCoindesk(), healthyDecrypt());
    volatile String thread;

    void awaitStop() {
      try {
        stopped.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        events.add("interrupted");
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void run() {
      thread = Thread.currentThread().getName();
      try {
        body.accept(this);
      } finally {
        events.add("returned");
      }
    }

    @Override
    public NewsStatus status() {
      return status;
    }

    @Override
    public void stop() {
      events.add("stop");
      stopped.countDown();
    }

    @Override
    public void release() {
      events.add("released");
    }
  }

  private static NewsStatus statusOf(
      Phase phase, Optional<Instant> retryingSince, NewsStatus.Feed... feeds) {
    return new NewsStatus(
        phase,
        List.of(feeds),
        retryingSince.map(t -> "sink: broker unreachable at 127.0.0.1:9092"),
        retryingSince,
        Optional.empty());
  }

  private static NewsStatus writingSince(Instant since, NewsStatus.Feed... feeds) {
    return new NewsStatus(
        Phase.POLLING, List.of(feeds), Optional.empty(), Optional.empty(), Optional.of(since));
  }

  private static NewsStatus.Feed healthyCoindesk() {
    return new NewsStatus.Feed(
        "coindesk",
        "https://www.coindesk.com/arc/outboundfeeds/rss/",
        Optional.of(NOW.minusSeconds(60)),
        Optional.empty(),
        0,
        Optional.of(NOW.plusSeconds(240)),
        42);
  }

  private static NewsStatus.Feed healthyDecrypt() {
    return new NewsStatus.Feed(
        "decrypt",
        "https://decrypt.co/feed",
        Optional.of(NOW.minusSeconds(30)),
        Optional.empty(),
        0,
        Optional.of(NOW.plusSeconds(270)),
        7);
  }

  private static NewsStatus.Feed failing(String name, int inRow) {
    return new NewsStatus.Feed(
        name,
        "https://" + name + ".example/feed",
        Optional.empty(),
        Optional.of("connection: https://" + name + ".example/feed: java.net.ConnectException"),
        inRow,
        Optional.of(NOW.plusSeconds(600)),
        0);
  }

  private NewsPart started() {
    part = new NewsPart(SOURCE, news -> ingestor, CLOCK);
    part.start();
    await().until(() -> ingestor.thread != null);
    return part;
  }

  @Test
  void shouldPollOnItsOwnThreadAndReportTheSourceAndEachFeed() {
    NewsPart news = started();

    assertThat(ingestor.thread).isEqualTo("sextant-news");
    assertThat(news.problems()).isEmpty();
    assertThat(news.statusLines())
        .containsExactly(
            "news: POLLING, 2 feeds, 0 failing",
            "news feed 'coindesk' (https://www.coindesk.com/arc/outboundfeeds/rss/): last success"
                + " 2026-11-24T09:59:00Z, 0 failures in a row, next fetch 2026-11-24T10:04:00Z, 42"
                + " published",
            "news feed 'decrypt' (https://decrypt.co/feed): last success 2026-11-24T09:59:30Z, 0"
                + " failures in a row, next fetch 2026-11-24T10:04:30Z, 7 published");
  }

  @Test
  void shouldStopThePollerThenWaitForItThenCloseItsClients() {
    NewsPart news = started();

    news.close();

    assertThat(events).containsExactly("stop", "returned", "released");
    news.close();
    assertThat(events)
        .as("closing twice releases once")
        .containsExactly("stop", "returned", "released");
  }

  @Test
  void shouldInterruptAPollerStillBusyAfterTheStopTimeoutAndStillCloseItsClients() {
    ingestor.body =
        i -> {
          // Ignores stop(): blocked in a call until interrupted.
          try {
            new CountDownLatch(1).await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            events.add("interrupted");
          }
        };
    part = new NewsPart(SOURCE, news -> ingestor, CLOCK, Duration.ofMillis(100));
    part.start();
    await().until(() -> ingestor.thread != null);

    part.close();

    assertThat(events).containsExactly("stop", "interrupted", "returned", "released");
  }

  @Test
  void shouldShowOneFailingFeedAsAStatusLineNotAsANodeProblem() {
    NewsPart news = started();
    ingestor.status =
        statusOf(Phase.POLLING, Optional.empty(), healthyCoindesk(), failing("decrypt", 9));

    assertThat(news.problems()).isEmpty();
    assertThat(news.statusLines())
        .containsExactly(
            "news: POLLING, 2 feeds, 1 failing",
            "news feed 'coindesk' (https://www.coindesk.com/arc/outboundfeeds/rss/): last success"
                + " 2026-11-24T09:59:00Z, 0 failures in a row, next fetch 2026-11-24T10:04:00Z, 42"
                + " published",
            "news feed 'decrypt' (https://decrypt.example/feed): no success yet, 9 failures in a"
                + " row, last failure: connection: https://decrypt.example/feed:"
                + " java.net.ConnectException, next fetch 2026-11-24T10:10:00Z, 0 published");
  }

  @Test
  void shouldReportEveryFeedFailingThreeTimesInARowAsANodeProblem() {
    NewsPart news = started();

    ingestor.status =
        statusOf(Phase.POLLING, Optional.empty(), failing("coindesk", 5), failing("decrypt", 2));
    assertThat(news.problems()).as("one feed has failed only twice").isEmpty();

    ingestor.status =
        statusOf(Phase.POLLING, Optional.empty(), failing("coindesk", 5), failing("decrypt", 3));
    assertThat(news.problems())
        .containsExactly(
            "news: every feed is failing (3 or more fetches in a row each: is the network or a"
                + " proxy in the way?); 'coindesk': connection: https://coindesk.example/feed:"
                + " java.net.ConnectException");
  }

  @Test
  void shouldReportTheSourceRetryingForMoreThanAMinuteButNotABlip() {
    NewsPart news = started();

    ingestor.status =
        statusOf(
            Phase.RETRYING, Optional.of(NOW.minusSeconds(5)), healthyCoindesk(), healthyDecrypt());
    assertThat(news.problems()).isEmpty();
    assertThat(news.statusLines().getFirst())
        .isEqualTo(
            "news: RETRYING, 2 feeds, 0 failing, retrying since 2026-11-24T09:59:55Z, last error:"
                + " sink: broker unreachable at 127.0.0.1:9092");

    ingestor.status =
        statusOf(
            Phase.RETRYING, Optional.of(NOW.minusSeconds(61)), healthyCoindesk(), healthyDecrypt());
    assertThat(news.problems())
        .containsExactly(
            "news: retrying since 2026-11-24T09:58:59Z: sink: broker unreachable at"
                + " 127.0.0.1:9092; nothing is published meanwhile");
  }

  @Test
  void shouldReportAWriteInProgressForMoreThanAMinuteButNotABlip() {
    NewsPart news = started();

    ingestor.status = writingSince(NOW.minusSeconds(5), healthyCoindesk(), healthyDecrypt());
    assertThat(news.problems()).isEmpty();
    assertThat(news.statusLines().getFirst())
        .isEqualTo("news: POLLING, 2 feeds, 0 failing, writing since 2026-11-24T09:59:55Z");

    ingestor.status = writingSince(NOW.minusSeconds(61), healthyCoindesk(), healthyDecrypt());
    assertThat(news.problems())
        .containsExactly(
            "news: a write to Kafka in progress since 2026-11-24T09:58:59Z (is the broker"
                + " away?); nothing is published meanwhile");
  }

  @Test
  void shouldReportAFailedSourceWithItsLastError() {
    NewsPart news = started();
    ingestor.status =
        new NewsStatus(
            Phase.FAILED,
            List.of(healthyCoindesk()),
            Optional.of("fenced: another instance took over source 'news'"),
            Optional.empty(),
            Optional.empty());

    assertThat(news.problems())
        .containsExactly(
            "news: FAILED: fenced: another instance took over source 'news'; nothing is published"
                + " until the node restarts: fix the cause and restart it (if another node polls"
                + " news as source 'news' on this Kafka, it took the source over: stop one of the"
                + " two first)");
    assertThat(news.statusLines().getFirst())
        .isEqualTo(
            "news: FAILED, 1 feed, 0 failing, last error: fenced: another instance took over"
                + " source 'news'");
  }

  @Test
  void shouldReportAPollerThatThrows() {
    ingestor.body =
        i -> {
          throw new IllegalStateException("the cursor of source 'news' is not a news position");
        };
    NewsPart news = started();

    await()
        .untilAsserted(
            () ->
                assertThat(news.problems())
                    .containsExactly(
                        "news: FAILED: java.lang.IllegalStateException: the cursor of source"
                            + " 'news' is not a news position"
                            + RESTART));
    assertThat(news.statusLines())
        .containsExactly(
            "news: FAILED: java.lang.IllegalStateException: the cursor of source 'news' is not a"
                + " news position");
    news.close();
    assertThat(events).endsWith("released");
  }

  @Test
  void shouldReportAPollerThatReturnedWithoutBeingStopped() {
    ingestor.body = i -> {};
    NewsPart news = started();

    await().until(() -> events.contains("returned"));
    await()
        .untilAsserted(
            () ->
                assertThat(news.problems())
                    .containsExactly("news: FAILED: the poller stopped (POLLING)" + RESTART));
  }

  @Test
  void shouldReportAPollerThatCannotBeBuiltAndCloseQuietly() {
    AtomicInteger built = new AtomicInteger();
    part =
        new NewsPart(
            SOURCE,
            news -> {
              built.incrementAndGet();
              throw new IllegalArgumentException("no such broker");
            },
            CLOCK);
    part.start();

    assertThat(built).hasValue(1);
    assertThat(part.problems())
        .containsExactly(
            "news: FAILED: java.lang.IllegalArgumentException: no such broker" + RESTART);
    assertThat(part.statusLines())
        .containsExactly("news: FAILED: java.lang.IllegalArgumentException: no such broker");
    part.close();
    assertThat(events).isEmpty();
  }

  @Test
  void shouldNotReportAStoppedPollerAsAProblem() {
    NewsPart news = started();
    ingestor.status =
        statusOf(Phase.STOPPED, Optional.empty(), healthyCoindesk(), healthyDecrypt());
    news.close();

    assertThat(news.problems()).isEmpty();
  }

  // ---- the production wiring: a recording sink, real fetchers, the project's NewsItems

  /** A sink that commits nothing: records the batches, and the source's state when closed. */
  private static final class RecordingSink implements BatchSink {
    final List<Batch> written = new CopyOnWriteArrayList<>();
    final AtomicInteger closes = new AtomicInteger();
    volatile Supplier<String> sourceLine = () -> "";
    volatile String sourceWhenClosed;

    @Override
    public Optional<String> start() {
      return Optional.empty();
    }

    @Override
    public void write(Batch batch) {
      written.add(batch);
    }

    @Override
    public void close() {
      if (closes.incrementAndGet() == 1) {
        sourceWhenClosed = sourceLine.get();
      }
    }
  }

  /** {@link NewsPart#wired}'s inputs, keeping every client it makes. */
  private static final class RecordingWiring implements NewsPart.Wiring {
    final RecordingSink sink = new RecordingSink();
    final List<String> sinkSources = new CopyOnWriteArrayList<>();
    final List<FeedFetcher> fetchers = new CopyOnWriteArrayList<>();
    volatile Supplier<NewsItems> items = NewsItems::loadDefault;
    volatile RuntimeException fetcherFailure;

    @Override
    public BatchSink sink(String sourceId) {
      sinkSources.add(sourceId);
      return sink;
    }

    @Override
    public FeedFetcher fetcher(FetchLimits limits) {
      if (fetcherFailure != null) {
        throw fetcherFailure;
      }
      FeedFetcher fetcher = new FeedFetcher(limits, Clock.systemUTC());
      fetchers.add(fetcher);
      return fetcher;
    }

    @Override
    public PublishedNews published() {
      return List::of;
    }

    @Override
    public NewsItems items() {
      return items.get();
    }
  }

  private NewsPart wiredPart(NewsSourceConfig source, RecordingWiring wiring) {
    part =
        new NewsPart(
            source,
            NewsPart.wired(wiring, new SimpleMeterRegistry(), Clock.systemUTC()),
            Clock.systemUTC());
    NewsPart news = part;
    wiring.sink.sourceLine = () -> news.statusLines().getFirst();
    return part;
  }

  /** A closed fetcher fetches nothing from a server that a fetcher of its own serves. */
  private void assertClosed(FeedFetcher fetcher) {
    URI url = demo.url(DemoNews.FEEDS.getFirst());
    try (FeedFetcher open = new FeedFetcher(FetchLimits.DEFAULT, Clock.systemUTC())) {
      assertThat(open.fetch(url, Validators.NONE)).isInstanceOf(FetchResult.Fetched.class);
    }
    assertThat(fetcher.fetch(url, Validators.NONE))
        .isInstanceOfSatisfying(
            FetchResult.Failed.class,
            failed -> assertThat(failed.message()).endsWith("java.io.IOException: closed"));
  }

  @Test
  void shouldCloseTheSinkAndTheFetcherOfAPollerThatCannotBeBuilt() throws Exception {
    demo = DemoNews.start();
    RecordingWiring wiring = new RecordingWiring();
    // What can fail once the clients exist: the bundled tagging rules or lexicon unreadable.
    wiring.items =
        () -> {
          throw new IllegalStateException("the tagging rules are unreadable");
        };
    NewsPart news = wiredPart(SOURCE, wiring);

    news.start();

    assertThat(wiring.sinkSources).containsExactly("news");
    assertThat(news.problems())
        .containsExactly(
            "news: FAILED: java.lang.IllegalStateException: the tagging rules are unreadable"
                + RESTART);
    assertThat(wiring.sink.closes).hasValue(1);
    assertThat(wiring.sink.written).isEmpty();
    assertThat(wiring.fetchers).hasSize(1);
    assertClosed(wiring.fetchers.getFirst());
    news.close();
    assertThat(wiring.sink.closes).as("released once").hasValue(1);
  }

  @Test
  void shouldCloseTheSinkWhenTheFetcherCannotBeMade() {
    RecordingWiring wiring = new RecordingWiring();
    wiring.fetcherFailure = new IllegalStateException("no TLS provider");
    NewsPart news = wiredPart(SOURCE, wiring);

    news.start();

    assertThat(news.problems())
        .containsExactly(
            "news: FAILED: java.lang.IllegalStateException: no TLS provider" + RESTART);
    assertThat(wiring.sink.closes).hasValue(1);
    assertThat(wiring.fetchers).isEmpty();
  }

  @Test
  void shouldRunTheWiredPollerThenCloseItsClientsOnlyOnceItHasReturned() throws Exception {
    demo = DemoNews.start();
    NewsSourceConfig source = demo.config();
    RecordingWiring wiring = new RecordingWiring();
    NewsPart news = wiredPart(source, wiring);

    news.start();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(news.statusLines())
                    .as("every feed fetched once")
                    .filteredOn(line -> line.startsWith("news feed "))
                    .hasSize(source.feeds().size())
                    .allMatch(line -> line.contains("last success ")));
    assertThat(wiring.sinkSources).containsExactly(source.sourceId());
    assertThat(wiring.sink.written)
        .flatExtracting(Batch::records)
        .extracting(Outgoing::value)
        .hasAtLeastOneElementOfType(NewsItem.class);
    assertThat(wiring.sink.closes).as("open while polling").hasValue(0);
    assertThat(news.problems()).isEmpty();

    news.close();

    assertThat(wiring.sink.closes).hasValue(1);
    assertThat(wiring.sink.sourceWhenClosed)
        .as("the source when its sink was closed: its run had returned")
        .startsWith("news: STOPPED, 3 feeds");
    assertThat(wiring.fetchers).hasSize(1);
    assertClosed(wiring.fetchers.getFirst());
  }
}
