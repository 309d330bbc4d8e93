package dev.sextant.ingest.news.poll;

import static dev.sextant.ingest.news.testing.Story.ALPHA_ONLY;
import static dev.sextant.ingest.news.testing.Story.ALPHA_UPDATED;
import static dev.sextant.ingest.news.testing.Story.BETA_ONLY;
import static dev.sextant.ingest.news.testing.Story.SHARED_IN_ALPHA;
import static dev.sextant.ingest.news.testing.Story.SHARED_IN_BETA;
import static dev.sextant.ingest.news.testing.Story.rss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sextant.ingest.news.NewsItems;
import dev.sextant.ingest.news.fetch.FeedFetcher;
import dev.sextant.ingest.news.fetch.FetchLimits;
import dev.sextant.ingest.news.fetch.FetchResult;
import dev.sextant.ingest.news.fetch.PollSchedule;
import dev.sextant.ingest.news.poll.NewsStatus.Phase;
import dev.sextant.ingest.news.testing.FeedServer;
import dev.sextant.ingest.news.testing.Story;
import dev.sextant.ingest.retry.RetryBackoff;
import dev.sextant.ingest.sink.Batch;
import dev.sextant.ingest.sink.BatchSink;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.ingest.sink.testing.RecordingSink;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.DeadLetter;
import dev.sextant.schemas.v1.NewsItem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The running news source against a real HTTP server, with an in-memory sink and history: what it
 * publishes across feeds, restarts and failures, and how it stops.
 */
class NewsIngestorTest {

  private static final NewsItems ITEMS = NewsItems.loadDefault();
  private static final Duration INTERVAL = Duration.ofMillis(200);
  private static final Duration AWAIT = Duration.ofSeconds(20);

  private final FeedServer server = new FeedServer();
  private final RecordingSink sink = new RecordingSink();
  private final SinkHistory history = new SinkHistory(sink);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final FeedFetcher fetcher =
      new FeedFetcher(
          new FetchLimits(64 * 1024, Duration.ofSeconds(2), Duration.ofSeconds(5), 3, "test"),
          Clock.systemUTC());
  private Running running;

  /** The stories the sink committed, latest per key, as a compacted topic would keep them. */
  private static final class SinkHistory implements PublishedNews {
    final RecordingSink sink;
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger failing = new AtomicInteger();

    SinkHistory(RecordingSink sink) {
      this.sink = sink;
    }

    @Override
    public List<NewsItem> items() {
      reads.incrementAndGet();
      if (failing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new Unavailable("news.items.v1 not readable now", null);
      }
      Map<String, NewsItem> latest = new LinkedHashMap<>();
      for (NewsItem item : newsItems(sink)) {
        latest.put(item.getId(), item);
      }
      return List.copyOf(latest.values());
    }
  }

  /** An ingestor on its own thread. */
  private final class Running {
    final NewsIngestor ingestor;
    final Thread thread;
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    Running(PollSchedule.Feed... feeds) {
      this(fetcher::fetch, feeds);
    }

    Running(NewsIngestor.Fetch fetch, PollSchedule.Feed... feeds) {
      this(sink, fetch, feeds);
    }

    Running(BatchSink sink, NewsIngestor.Fetch fetch, PollSchedule.Feed... feeds) {
      ingestor =
          new NewsIngestor(
              new NewsSourceConfig("news", List.of(feeds), Duration.ZERO, limits()),
              fetch,
              sink,
              history,
              ITEMS,
              meters,
              Clock.systemUTC(),
              new Random(7),
              new RetryBackoff(Duration.ofMillis(5), Duration.ofMillis(50), new Random(7)));
      thread =
          Thread.ofPlatform()
              .name("news-test")
              .start(
                  () -> {
                    try {
                      ingestor.run();
                    } catch (Throwable e) {
                      failure.set(e);
                    }
                  });
    }

    NewsStatus status() {
      return ingestor.status();
    }

    NewsStatus.Feed feed(String name) {
      return status().feeds().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    /** Stops it and waits for run() to return. */
    void stop() throws InterruptedException {
      ingestor.close();
      joined();
    }

    void joined() throws InterruptedException {
      thread.join(AWAIT);
      assertThat(thread.isAlive()).as("run() returned").isFalse();
      assertThat(failure.get()).as("run() threw").isNull();
    }
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    if (running != null) {
      running.ingestor.close();
      running.thread.join(AWAIT);
    }
    fetcher.close();
    server.close();
  }

  private static FetchLimits limits() {
    return new FetchLimits(64 * 1024, Duration.ofSeconds(2), Duration.ofSeconds(5), 3, "test");
  }

  private PollSchedule.Feed feed(String name, Duration interval) {
    return new PollSchedule.Feed(name, server.uri("/" + name), interval);
  }

  private static List<NewsItem> newsItems(RecordingSink sink) {
    return sink.records().stream()
        .filter(r -> r.topic().equals(Topics.NEWS_ITEMS))
        .map(r -> (NewsItem) r.value())
        .toList();
  }

  private List<DeadLetter> deadLetters() {
    return sink.records().stream()
        .map(Outgoing::value)
        .filter(DeadLetter.class::isInstance)
        .map(DeadLetter.class::cast)
        .toList();
  }

  private static String id(String canonicalUrl) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256")
                .digest(canonicalUrl.getBytes(StandardCharsets.UTF_8)));
  }

  private double count(String name, String... tags) {
    var counter = meters.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  private void awaitFetches(String path, int count, Predicate<FeedServer.Request> which) {
    await()
        .atMost(AWAIT)
        .until(() -> server.requests(path).stream().filter(which).count() >= count);
  }

  private void serveTwoFeedsSharingAStory() {
    server.feed("/alpha", rss(SHARED_IN_ALPHA, ALPHA_ONLY));
    server.feed("/beta", rss(SHARED_IN_BETA, BETA_ONLY));
  }

  /** Both feeds polled until each answered a 304: every outcome before has been handled. */
  private void awaitBothNotModified(Running run) {
    await()
        .atMost(AWAIT)
        .until(
            () ->
                run.feed("alpha").lastSuccess().isPresent()
                    && run.feed("beta").lastSuccess().isPresent()
                    && count(NewsPollMetrics.NOT_MODIFIED, "feed", "alpha") >= 1
                    && count(NewsPollMetrics.NOT_MODIFIED, "feed", "beta") >= 1);
  }

  @Test
  void shouldPublishAStoryCarriedByTwoFeedsOnceWithCanonicalUrlsAndIds() throws Exception {
    serveTwoFeedsSharingAStory();
    running = new Running(feed("alpha", INTERVAL), feed("beta", INTERVAL));

    awaitBothNotModified(running);
    running.stop();

    List<NewsItem> items = newsItems(sink);
    assertThat(items)
        .extracting(NewsItem::getUrl)
        .containsExactlyInAnyOrder(
            "https://news.test/eth-etf",
            "https://news.test/btc-record",
            "https://news.test/sol-outage");
    for (NewsItem item : items) {
      assertThat(item.getId()).isEqualTo(id(item.getUrl()));
      assertThat(item.getRevision()).isZero();
    }
    NewsItem shared =
        items.stream().filter(i -> i.getUrl().endsWith("/eth-etf")).findFirst().orElseThrow();
    // Alpha is first in the configuration, so fetched first: the story is alpha's.
    assertThat(shared.getSource()).isEqualTo("alpha");
    assertThat(shared.getSummary()).isEqualTo(SHARED_IN_ALPHA.summary());
    assertThat(shared.getAssetsList()).contains("ETH");
    assertThat(running.status().phase()).isEqualTo(Phase.STOPPED);
    assertThat(running.feed("alpha").published()).isEqualTo(2);
    assertThat(running.feed("beta").published()).isEqualTo(1);
    assertThat(count(NewsSourceMetrics.PUBLISHED, "feed", "alpha")).isEqualTo(2);
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void shouldPublishNothingAgainAfterARestartAndSendTheCommittedValidators() throws Exception {
    serveTwoFeedsSharingAStory();
    running = new Running(feed("alpha", INTERVAL), feed("beta", INTERVAL));
    awaitBothNotModified(running);
    running.stop();
    List<NewsItem> before = newsItems(sink);
    String alphaTag = server.requests("/alpha").getLast().ifNoneMatch().orElseThrow();
    int alphaRequests = server.requests("/alpha").size();
    int betaRequests = server.requests("/beta").size();
    // While it was down, beta changed its page without a new story: fetched in full, all repeats.
    server.feed("/beta", rss(BETA_ONLY, SHARED_IN_BETA));

    sink.restarted();
    running = new Running(feed("alpha", INTERVAL), feed("beta", INTERVAL));
    await()
        .atMost(AWAIT)
        .until(
            () ->
                running.feed("alpha").lastSuccess().isPresent()
                    && running.feed("beta").lastSuccess().isPresent());
    assertThat(meters.find(NewsSourceMetrics.SEEDED).gauge().value()).isEqualTo(3);
    running.stop();

    assertThat(newsItems(sink)).isEqualTo(before);
    FeedServer.Request alphaAfter = server.requests("/alpha").get(alphaRequests);
    assertThat(alphaAfter.ifNoneMatch()).contains(alphaTag);
    assertThat(server.requests("/beta").get(betaRequests).conditional()).isTrue();
    assertThat(count(NewsPollMetrics.ITEMS, "feed", "beta", "outcome", "repeated"))
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void shouldPublishAnUpdatedEntryAsItsNextRevision() throws Exception {
    server.feed("/alpha", rss(ALPHA_ONLY));
    running = new Running(feed("alpha", INTERVAL));
    await().atMost(AWAIT).until(() -> newsItems(sink).size() == 1);

    server.feed("/alpha", rss(ALPHA_UPDATED));
    await().atMost(AWAIT).until(() -> newsItems(sink).size() == 2);
    running.stop();

    List<NewsItem> items = newsItems(sink);
    assertThat(items).extracting(NewsItem::getId).containsOnly(items.getFirst().getId());
    assertThat(items).extracting(NewsItem::getRevision).containsExactly(0, 1);
    assertThat(items.getLast().getTitle()).isEqualTo(ALPHA_UPDATED.title());
  }

  @Test
  void shouldLoseAndDuplicateNothingWhenAWriteFails() throws Exception {
    serveTwoFeedsSharingAStory();
    sink.failWrites(1, () -> new KafkaException("broker away"));
    running = new Running(feed("alpha", INTERVAL), feed("beta", INTERVAL));

    awaitBothNotModified(running);
    await().atMost(AWAIT).until(() -> running.status().phase() == Phase.POLLING);
    running.stop();

    assertThat(newsItems(sink))
        .extracting(NewsItem::getUrl)
        .containsExactlyInAnyOrder(
            "https://news.test/eth-etf",
            "https://news.test/btc-record",
            "https://news.test/sol-outage");
    assertThat(count(NewsSourceMetrics.SOURCE_FAILURES, "step", "write")).isEqualTo(1);
    assertThat(count(NewsSourceMetrics.REBUILDS)).isEqualTo(1);
    // Read back at the start and again after the failed write.
    assertThat(history.reads).hasValue(2);
    assertThat(running.status().retryingSince()).isEmpty();
    assertThat(running.status().lastError()).isEmpty();
  }

  @Test
  void shouldRetryAStartAndAReadBackThatFailThenPoll() throws Exception {
    serveTwoFeedsSharingAStory();
    sink.failStarts(Integer.MAX_VALUE, () -> new KafkaException("coordinator not available"));
    history.failing.set(2);
    running = new Running(feed("alpha", INTERVAL), feed("beta", INTERVAL));

    await().atMost(AWAIT).until(() -> sink.starts() >= 3);
    NewsStatus retrying = running.status();
    sink.failStarts(0, () -> new KafkaException("unused"));
    awaitBothNotModified(running);
    running.stop();

    assertThat(retrying.phase()).isEqualTo(Phase.RETRYING);
    assertThat(retrying.retryingSince()).isPresent();
    assertThat(retrying.lastError()).contains("start: coordinator not available");
    assertThat(server.requests()).hasSizeGreaterThanOrEqualTo(4);
    assertThat(history.reads).hasValue(3);
    assertThat(newsItems(sink)).hasSize(3);
    assertThat(count(NewsSourceMetrics.SOURCE_FAILURES, "step", "start"))
        .isEqualTo(sink.starts() - 1);
    assertThat(count(NewsSourceMetrics.SOURCE_FAILURES, "step", "read_back")).isEqualTo(2);
    assertThat(running.status().retryingSince()).isEmpty();
  }

  @Test
  void shouldFailAndReturnWhenTheSinkIsFenced() throws Exception {
    serveTwoFeedsSharingAStory();
    sink.failWrites(1, () -> new ProducerFencedException("another instance took over"));
    running = new Running(feed("alpha", INTERVAL), feed("beta", INTERVAL));

    running.joined();

    NewsStatus status = running.status();
    assertThat(status.phase()).isEqualTo(Phase.FAILED);
    assertThat(status.lastError()).hasValueSatisfying(e -> assertThat(e).contains("took over"));
    assertThat(newsItems(sink)).isEmpty();
  }

  @Test
  void shouldFailAndReturnWhenTheSinkIsFencedAtStart() throws Exception {
    sink.failStarts(1, () -> new ProducerFencedException("another instance took over"));
    running = new Running(feed("alpha", INTERVAL));

    running.joined();

    assertThat(running.status().phase()).isEqualTo(Phase.FAILED);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void shouldWakeASleepingLoopWhenClosed() throws Exception {
    server.feed("/alpha", rss(ALPHA_ONLY));
    running = new Running(feed("alpha", Duration.ofHours(1)));
    await().atMost(AWAIT).until(() -> running.feed("alpha").lastSuccess().isPresent());
    assertThat(running.feed("alpha").nextFetch()).isPresent();

    running.stop();

    assertThat(running.status().phase()).isEqualTo(Phase.STOPPED);
    assertThat(server.requests("/alpha")).hasSize(1);
  }

  @Test
  void shouldHonourRetryAfterForTheFeedThatAskedAndNoOther() throws Exception {
    server.feed("/alpha", rss(ALPHA_ONLY));
    // Far longer than the test runs, however slow the machine: limited is asked exactly once.
    server.status("/limited", 429, Map.of("Retry-After", "600"));
    running = new Running(feed("limited", INTERVAL), feed("alpha", INTERVAL));

    awaitFetches("/limited", 1, r -> true);
    Instant limitedAt = server.requests("/limited").getFirst().at();
    // Alpha goes on at its own interval meanwhile.
    awaitFetches("/alpha", 4, r -> r.at().isAfter(limitedAt));
    NewsStatus.Feed limited = running.feed("limited");
    running.stop();

    assertThat(server.requests("/limited")).hasSize(1);
    assertThat(limited.failuresInRow()).isEqualTo(1);
    assertThat(limited.lastFailure())
        .hasValueSatisfying(f -> assertThat(f).startsWith("rate_limited"));
    assertThat(limited.nextFetch())
        .hasValueSatisfying(t -> assertThat(t).isAfterOrEqualTo(limitedAt.plusSeconds(600)));
    assertThat(deadLetters())
        .filteredOn(d -> d.getSource().equals("news-limited"))
        .extracting(DeadLetter::getErrorKind)
        .first()
        .isEqualTo("rate_limited");
    assertThat(running.feed("alpha").failuresInRow()).isZero();
  }

  // ---- a feed that makes the source throw

  @Test
  void shouldDeadLetterAFeedWhoseFetchThrowsAndGoOnPollingTheOthers() throws Exception {
    server.feed("/alpha", rss(ALPHA_ONLY));
    AtomicInteger hostileFetches = new AtomicInteger();
    NewsIngestor.Fetch fetch =
        (url, validators) -> {
          if (url.getPath().equals("/hostile")) {
            hostileFetches.incrementAndGet();
            // What the JDK's client throws for a redirect it cannot follow.
            throw new IllegalArgumentException("invalid URI scheme gopher");
          }
          return fetcher.fetch(url, validators);
        };
    running = new Running(fetch, feed("hostile", INTERVAL), feed("alpha", INTERVAL));

    await()
        .atMost(AWAIT)
        .until(
            () ->
                running.feed("hostile").failuresInRow() >= 2
                    && running.feed("alpha").lastSuccess().isPresent());
    NewsStatus status = running.status();
    running.stop();

    assertThat(status.phase()).isEqualTo(Phase.POLLING);
    assertThat(status.retryingSince()).isEmpty();
    NewsStatus.Feed hostile = running.feed("hostile");
    assertThat(hostile.lastFailure())
        .hasValueSatisfying(
            f ->
                assertThat(f)
                    .isEqualTo(
                        "internal: java.lang.IllegalArgumentException: invalid URI scheme gopher"));
    assertThat(deadLetters())
        .filteredOn(d -> d.getSource().equals("news-hostile"))
        .hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(
            d -> {
              assertThat(d.getErrorKind()).isEqualTo(NewsPoller.INTERNAL);
              assertThat(d.getError()).contains("invalid URI scheme gopher");
              assertThat(d.getLocation()).isEqualTo(server.uri("/hostile").toString());
            });
    assertThat(count(NewsSourceMetrics.FEED_ERRORS, "feed", "hostile"))
        .isEqualTo(hostileFetches.get());
    // Fetching throws before the poller takes anything in: nothing to build again.
    assertThat(count(NewsSourceMetrics.REBUILDS)).isZero();
    assertThat(newsItems(sink)).extracting(NewsItem::getUrl).containsExactly(canonical(ALPHA_ONLY));
  }

  @Test
  void shouldDeadLetterAFetchWhoseProcessingThrowsAndPublishItsStoriesLater() throws Exception {
    server.feed("/alpha", rss(SHARED_IN_ALPHA, ALPHA_ONLY));
    AtomicInteger fetches = new AtomicInteger();
    NewsIngestor.Fetch fetch =
        (url, validators) -> {
          FetchResult result = fetcher.fetch(url, validators);
          if (fetches.incrementAndGet() == 1 && result instanceof FetchResult.Fetched fetched) {
            // Validators no feed can send: the poller throws once it has decided on the stories.
            return new FetchResult.Fetched(
                fetched.url(), fetched.body(), fetched.contentType(), null);
          }
          return result;
        };
    running = new Running(fetch, feed("alpha", INTERVAL));

    await().atMost(AWAIT).until(() -> count(NewsPollMetrics.NOT_MODIFIED, "feed", "alpha") >= 1);
    running.stop();

    assertThat(deadLetters())
        .singleElement()
        .satisfies(d -> assertThat(d.getErrorKind()).isEqualTo(NewsPoller.INTERNAL));
    assertThat(count(NewsSourceMetrics.FEED_ERRORS, "feed", "alpha")).isEqualTo(1);
    // The poller that took the stories in without publishing them was replaced: published once.
    assertThat(count(NewsSourceMetrics.REBUILDS)).isEqualTo(1);
    assertThat(newsItems(sink))
        .extracting(NewsItem::getUrl)
        .containsExactlyInAnyOrder(canonical(SHARED_IN_ALPHA), canonical(ALPHA_ONLY));
  }

  // ---- the sink failing

  @Test
  void shouldPublishNothingTwiceWhenACommitInDoubtWentIn() throws Exception {
    serveTwoFeedsSharingAStory();
    sink.commitOutcomeUnknown(true);
    running = new Running(feed("alpha", INTERVAL), feed("beta", INTERVAL));

    awaitBothNotModified(running);
    await().atMost(AWAIT).until(() -> running.status().phase() == Phase.POLLING);
    running.stop();

    assertThat(newsItems(sink))
        .extracting(NewsItem::getUrl)
        .containsExactlyInAnyOrder(
            "https://news.test/eth-etf",
            "https://news.test/btc-record",
            "https://news.test/sol-outage");
    assertThat(sink.settles()).isEqualTo(1);
    // The batch went in: the poller holds what was committed, nothing to read back again.
    assertThat(count(NewsSourceMetrics.REBUILDS)).isZero();
    assertThat(history.reads).hasValue(1);
    assertThat(running.feed("alpha").published()).isEqualTo(2);
    assertThat(running.status().retryingSince()).isEmpty();
  }

  @Test
  void shouldPublishOnceWhenACommitInDoubtDidNotGoIn() throws Exception {
    serveTwoFeedsSharingAStory();
    sink.commitOutcomeUnknown(false);
    running = new Running(feed("alpha", INTERVAL), feed("beta", INTERVAL));

    awaitBothNotModified(running);
    running.stop();

    assertThat(newsItems(sink))
        .extracting(NewsItem::getUrl)
        .containsExactlyInAnyOrder(
            "https://news.test/eth-etf",
            "https://news.test/btc-record",
            "https://news.test/sol-outage");
    assertThat(sink.settles()).isEqualTo(1);
    assertThat(count(NewsSourceMetrics.REBUILDS)).isEqualTo(1);
  }

  @Test
  void shouldFetchNothingWhileTheSinkIsDownThenResume() throws Exception {
    serveTwoFeedsSharingAStory();
    sink.failWrites(Integer.MAX_VALUE, () -> new KafkaException("broker away"));
    running = new Running(feed("alpha", INTERVAL), feed("beta", INTERVAL));

    // The first fetch's write fails, then probe after probe.
    await().atMost(AWAIT).until(() -> sink.writes() >= 5);
    NewsStatus down = running.status();
    List<FeedServer.Request> whileDown = server.requests();
    sink.failWrites(0, () -> new KafkaException("unused"));
    awaitBothNotModified(running);
    running.stop();

    assertThat(whileDown).extracting(FeedServer.Request::path).containsExactly("/alpha");
    assertThat(down.phase()).isEqualTo(Phase.RETRYING);
    assertThat(down.lastError()).hasValueSatisfying(e -> assertThat(e).contains("broker away"));
    assertThat(count(NewsSourceMetrics.SOURCE_FAILURES, "step", "write")).isEqualTo(1);
    assertThat(count(NewsSourceMetrics.SOURCE_FAILURES, "step", "probe")).isGreaterThanOrEqualTo(4);
    // The probe that went through carries no record, at the committed position (none yet).
    assertThat(sink.batches().getFirst().records()).isEmpty();
    assertThat(sink.batches().getFirst().position()).isEmpty();
    assertThat(newsItems(sink)).hasSize(3);
    // Not the feed's failure: no backoff, no failure in its status.
    assertThat(running.feed("alpha").failuresInRow()).isZero();
    assertThat(running.status().retryingSince()).isEmpty();
  }

  @Test
  void shouldPollAgainRightAfterAWriteFailsOnceWithoutWaitingForAFeedToFallDue() throws Exception {
    server.feed("/alpha", rss(ALPHA_ONLY));
    sink.failWrites(1, () -> new KafkaException("broker away"));
    running = new Running(feed("alpha", Duration.ofHours(1)));

    await()
        .atMost(AWAIT)
        .until(
            () ->
                count(NewsSourceMetrics.SOURCE_FAILURES, "step", "write") == 1
                    && running.status().phase() == Phase.POLLING
                    && running.status().retryingSince().isEmpty()
                    && running.feed("alpha").lastSuccess().isPresent());
    running.stop();

    assertThat(running.status().lastError()).isEmpty();
    // The feed was fetched again as soon as the sink worked, and counts no failure.
    assertThat(server.requests("/alpha")).hasSize(2);
    assertThat(running.feed("alpha").failuresInRow()).isZero();
    assertThat(running.feed("alpha").nextFetch())
        .hasValueSatisfying(
            t -> assertThat(t).isAfter(server.requests("/alpha").getLast().at().plusSeconds(3500)));
    assertThat(newsItems(sink)).hasSize(1);
  }

  @Test
  void shouldKeepThePublishersRetryAfterWhenTheWriteOfItsFailureFails() throws Exception {
    // Far longer than the test runs: the feed is not asked again while it does.
    server.status("/limited", 429, Map.of("Retry-After", "600"));
    sink.failWrites(1, () -> new KafkaException("broker away"));
    running = new Running(feed("limited", INTERVAL));

    await()
        .atMost(AWAIT)
        .until(
            () ->
                count(NewsSourceMetrics.SOURCE_FAILURES, "step", "write") == 1
                    && running.status().phase() == Phase.POLLING
                    && running.feed("limited").nextFetch().isPresent());
    NewsStatus.Feed limited = running.feed("limited");
    running.stop();

    Instant askedAt = server.requests("/limited").getFirst().at();
    assertThat(server.requests("/limited")).hasSize(1);
    // Fetched again after the publisher's wait, not at once though the write failed.
    assertThat(limited.nextFetch())
        .hasValueSatisfying(t -> assertThat(t).isAfterOrEqualTo(askedAt.plusSeconds(600)));
    // The 429 was not committed and is not counted.
    assertThat(limited.failuresInRow()).isZero();
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void shouldRetryASettleThatFailsThenPublishEverythingOnce() throws Exception {
    serveTwoFeedsSharingAStory();
    sink.failWrites(1, () -> new KafkaException("broker away"));
    sink.failSettles(2, () -> new KafkaException("coordinator not available"));
    running = new Running(feed("alpha", INTERVAL), feed("beta", INTERVAL));

    awaitBothNotModified(running);
    await().atMost(AWAIT).until(() -> running.status().phase() == Phase.POLLING);
    running.stop();

    assertThat(sink.settles()).isEqualTo(3);
    assertThat(count(NewsSourceMetrics.SOURCE_FAILURES, "step", "settle")).isEqualTo(2);
    assertThat(newsItems(sink))
        .extracting(NewsItem::getUrl)
        .containsExactlyInAnyOrder(
            "https://news.test/eth-etf",
            "https://news.test/btc-record",
            "https://news.test/sol-outage");
    assertThat(running.feed("alpha").failuresInRow()).isZero();
  }

  @Test
  void shouldFailAndReturnWhenTheSinkIsFencedWhileSettling() throws Exception {
    serveTwoFeedsSharingAStory();
    sink.failWrites(1, () -> new KafkaException("broker away"));
    sink.failSettles(1, () -> new ProducerFencedException("another instance took over"));
    running = new Running(feed("alpha", INTERVAL), feed("beta", INTERVAL));

    running.joined();

    assertThat(running.status().phase()).isEqualTo(Phase.FAILED);
    assertThat(running.status().lastError())
        .hasValueSatisfying(e -> assertThat(e).contains("took over"));
    assertThat(newsItems(sink)).isEmpty();
  }

  @Test
  void shouldFailAndReturnWhenTheSinkIsFencedWhileProbing() throws Exception {
    serveTwoFeedsSharingAStory();
    AtomicInteger failures = new AtomicInteger();
    // The write fails, two probes fail, then another instance takes over.
    sink.failWrites(
        4,
        () ->
            failures.incrementAndGet() < 4
                ? new KafkaException("broker away")
                : new ProducerFencedException("another instance took over"));
    running = new Running(feed("alpha", INTERVAL), feed("beta", INTERVAL));

    running.joined();

    assertThat(running.status().phase()).isEqualTo(Phase.FAILED);
    assertThat(running.status().lastError())
        .hasValueSatisfying(e -> assertThat(e).contains("took over"));
    assertThat(count(NewsSourceMetrics.SOURCE_FAILURES, "step", "probe")).isEqualTo(2);
    assertThat(server.requests()).extracting(FeedServer.Request::path).containsExactly("/alpha");
    assertThat(sink.batches()).isEmpty();
  }

  @Test
  void shouldStopWhenClosedWhileProbingASinkThatIsDown() throws Exception {
    serveTwoFeedsSharingAStory();
    sink.failWrites(Integer.MAX_VALUE, () -> new KafkaException("broker away"));
    running = new Running(feed("alpha", INTERVAL), feed("beta", INTERVAL));
    await()
        .atMost(AWAIT)
        .until(() -> count(NewsSourceMetrics.SOURCE_FAILURES, "step", "probe") >= 2);

    running.stop();

    assertThat(running.status().phase()).isEqualTo(Phase.STOPPED);
    assertThat(sink.batches()).isEmpty();
  }

  @Test
  void shouldShowSinceWhenAWriteIsInProgress() throws Exception {
    server.feed("/alpha", rss(ALPHA_ONLY));
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    BatchSink blocking =
        new BatchSink() {
          @Override
          public Optional<String> start() {
            return sink.start();
          }

          @Override
          public void write(Batch batch) {
            entered.countDown();
            try {
              // A broker that is away: the write blocks until its timeouts.
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            sink.write(batch);
          }

          @Override
          public void close() {}
        };
    Instant before = Instant.now();
    running = new Running(blocking, fetcher::fetch, feed("alpha", Duration.ofHours(1)));

    entered.await();
    NewsStatus writing = running.status();
    release.countDown();
    await().atMost(AWAIT).until(() -> running.feed("alpha").lastSuccess().isPresent());
    NewsStatus written = running.status();
    running.stop();

    assertThat(writing.phase()).isEqualTo(Phase.POLLING);
    assertThat(writing.writingSince())
        .hasValueSatisfying(t -> assertThat(t).isAfterOrEqualTo(before));
    assertThat(written.writingSince()).isEmpty();
  }

  // ---- a batch Kafka refuses

  private static final Story HUGE = new Story("https://news.test/huge", "Huge", "Too big.");

  @Test
  void shouldChargeABatchWithARecordKafkaRefusesToItsFeedAndGoOnPollingTheOthers()
      throws Exception {
    server.feed("/alpha", rss(ALPHA_ONLY));
    server.feed("/huge", rss(HUGE));
    String hugeId = id(HUGE.link());
    sink.refuseKeys(
        hugeId::equals,
        () ->
            new KafkaException(
                "Cannot perform send because at least one previous transactional or idempotent"
                    + " request has failed with errors.",
                new RecordTooLargeException(
                    "The message is 1573120 bytes when serialized which is larger than 1048576,"
                        + " the value of max.request.size.")));
    running = new Running(feed("huge", Duration.ofHours(1)), feed("alpha", INTERVAL));

    await().atMost(AWAIT).until(() -> running.feed("huge").failuresInRow() >= 1);
    Instant refusedAt = Instant.now();
    awaitFetches("/alpha", 3, r -> r.at().isAfter(refusedAt));
    NewsStatus status = running.status();
    running.stop();

    assertRefused(status);
    // Refused for what it is: no retry of the write, no probe, no source failure.
    assertThat(sink.refused()).isEqualTo(1);
    assertThat(count(NewsSourceMetrics.SOURCE_FAILURES, "step", "write")).isZero();
    assertThat(deadLetters())
        .singleElement()
        .satisfies(d -> assertThat(d.getError()).contains("RecordTooLargeException"));
  }

  @Test
  void shouldChargeABatchThatFailsAgainRightAfterAProbeToItsFeed() throws Exception {
    server.feed("/alpha", rss(ALPHA_ONLY));
    server.feed("/huge", rss(HUGE));
    String hugeId = id(HUGE.link());
    // Nothing tells the failure is the batch's: the first is taken for the sink's.
    sink.refuseKeys(hugeId::equals, () -> new KafkaException("transaction aborted"));
    running = new Running(feed("huge", Duration.ofHours(1)), feed("alpha", INTERVAL));

    await().atMost(AWAIT).until(() -> running.feed("huge").failuresInRow() >= 1);
    Instant refusedAt = Instant.now();
    awaitFetches("/alpha", 3, r -> r.at().isAfter(refusedAt));
    NewsStatus status = running.status();
    running.stop();

    assertRefused(status);
    // Written, failed, probed, fetched again, failed again: charged to the feed.
    assertThat(sink.refused()).isEqualTo(2);
    assertThat(count(NewsSourceMetrics.SOURCE_FAILURES, "step", "write")).isEqualTo(1);
    assertThat(server.requests("/huge")).hasSize(2);
    assertThat(deadLetters())
        .singleElement()
        .satisfies(d -> assertThat(d.getError()).contains("transaction aborted"));
  }

  private void assertRefused(NewsStatus status) {
    assertThat(status.phase()).isEqualTo(Phase.POLLING);
    assertThat(status.retryingSince()).isEmpty();
    NewsStatus.Feed huge =
        status.feeds().stream().filter(f -> f.name().equals("huge")).findFirst().orElseThrow();
    assertThat(huge.failuresInRow()).isEqualTo(1);
    assertThat(huge.lastFailure())
        .hasValueSatisfying(f -> assertThat(f).startsWith(NewsPoller.KAFKA_REFUSED + ": "));
    // Backed off from its hour's interval, not fetched again at once.
    assertThat(huge.nextFetch())
        .hasValueSatisfying(
            t ->
                assertThat(t)
                    .isAfter(server.requests("/huge").getLast().at().plus(Duration.ofMinutes(29))));
    assertThat(server.requests("/huge")).hasSizeLessThanOrEqualTo(2);
    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getSource()).isEqualTo("news-huge");
              assertThat(d.getErrorKind()).isEqualTo(NewsPoller.KAFKA_REFUSED);
              assertThat(d.getRaw().isEmpty()).isTrue();
              assertThat(d.getLocation()).isEqualTo(server.uri("/huge").toString());
            });
    assertThat(newsItems(sink))
        .extracting(NewsItem::getUrl)
        .containsExactly(canonical(ALPHA_ONLY))
        .noneMatch(url -> url.equals(HUGE.link()));
    assertThat(running.feed("alpha").failuresInRow()).isZero();
    assertThat(count(NewsSourceMetrics.FEED_ERRORS, "feed", "huge")).isEqualTo(1);
    // The committed position holds the wait, so a restart does not fetch it at once.
    assertThat(PollPosition.parse(sink.batches().getLast().position()).notBefore())
        .containsKey("huge");
  }

  // ---- restarts

  @Test
  void shouldNotFetchAFeedBeforeItsRetryAfterAfterARestart() throws Exception {
    server.feed("/alpha", rss(ALPHA_ONLY));
    server.status("/limited", 429, Map.of("Retry-After", "3600"));
    running = new Running(feed("limited", INTERVAL), feed("alpha", INTERVAL));
    await().atMost(AWAIT).until(() -> running.feed("limited").lastFailure().isPresent());
    running.stop();
    Instant limitedAt = server.requests("/limited").getFirst().at();
    int alphaRequests = server.requests("/alpha").size();

    sink.restarted();
    running = new Running(feed("limited", INTERVAL), feed("alpha", INTERVAL));
    // Both were due at the start before: limited, first in order, would have been fetched first.
    awaitFetches("/alpha", alphaRequests + 1, r -> true);
    await().atMost(AWAIT).until(() -> running.feed("alpha").lastSuccess().isPresent());
    NewsStatus.Feed limited = running.feed("limited");
    running.stop();

    assertThat(server.requests("/limited")).hasSize(1);
    assertThat(limited.nextFetch())
        .hasValueSatisfying(t -> assertThat(t).isAfterOrEqualTo(limitedAt.plusSeconds(3600)));
  }

  private static String canonical(Story story) {
    String link = story.link();
    int cut = link.indexOf('?');
    if (cut < 0) {
      cut = link.indexOf('#');
    }
    return cut < 0 ? link : link.substring(0, cut);
  }
}
