package dev.sextant.ingest.news.poll;

import dev.sextant.ingest.news.NewsItems;
import dev.sextant.ingest.news.fetch.FeedFetcher;
import dev.sextant.ingest.news.fetch.FetchResult;
import dev.sextant.ingest.news.fetch.PollSchedule;
import dev.sextant.ingest.news.parse.FeedParser;
import dev.sextant.ingest.news.poll.NewsStatus.Phase;
import dev.sextant.ingest.retry.RetryBackoff;
import dev.sextant.ingest.sink.Batch;
import dev.sextant.ingest.sink.BatchSink;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.ingest.sink.TransactionalSink;
import dev.sextant.schemas.v1.DeadLetter;
import dev.sextant.schemas.v1.NewsItem;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The news source: one thread polls every feed on its schedule and publishes each fetch's outcome
 * (new and updated NewsItems, or a dead letter) and every feed's validators in one transaction.
 * Owns none of the clients it is given: the caller closes the sink and the fetcher once {@link
 * #run()} has returned.
 *
 * <p>Start: the sink's committed position (every feed's validators) and the stories already on
 * {@code news.items.v1} make the poller's state, so a restart publishes no story twice and resumes
 * conditional GETs. Loop: take the feed that is due, fetch it, turn the result into one batch,
 * write it, tell the schedule; sleep until the next feed is due. A write that fails leaves the
 * poller ahead of Kafka: it is built again from the last committed position and a fresh read-back,
 * and the feed is fetched again later (its validators were not committed, so nothing is lost).
 *
 * <p>Only {@link #close()} and {@link #status()} are called from other threads.
 */
public final class NewsIngestor implements Runnable, AutoCloseable {

  /** The first wait after a failure of the source's own steps (sink, read-back). */
  static final Duration RETRY_INITIAL = Duration.ofMillis(500);

  /** The longest wait between two tries of a failed step. */
  static final Duration RETRY_MAX = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(NewsIngestor.class);

  /** Unwinds {@link #run()} when the source is closed or its thread interrupted. */
  private static final class Stop extends RuntimeException {
    Stop() {
      super("stopped", null, false, false);
    }
  }

  /** Unwinds {@link #run()} when the source can never publish again without a restart. */
  private static final class Unrecoverable extends RuntimeException {
    Unrecoverable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** One feed's state for the status page; owned by the run thread. */
  private static final class FeedState {
    final PollSchedule.Feed feed;
    Instant lastSuccess;
    String lastFailure;
    int failuresInRow;
    long published;

    FeedState(PollSchedule.Feed feed) {
      this.feed = feed;
    }
  }

  private final NewsSourceConfig config;
  private final FeedFetcher fetcher;
  private final BatchSink sink;
  private final PublishedNews published;
  private final NewsItems items;
  private final MeterRegistry meters;
  private final Clock clock;
  private final RandomGenerator random;
  private final RetryBackoff backoff;
  private final FeedParser parser;
  private final NewsSourceMetrics metrics;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicBoolean ran = new AtomicBoolean();
  private volatile boolean closed;
  private volatile NewsStatus status;

  // Owned by the run thread.
  private final Map<String, FeedState> feeds = new LinkedHashMap<>();
  private PollSchedule schedule;
  private NewsPoller poller;
  // The last committed position: writes are synchronous, so this is what Kafka holds.
  private String committed = "";
  // After a failed write the sink's health is unknown until a write commits: the next poll
  // writes its batch even when it carries nothing new.
  private boolean probeSink;
  private Phase phase = Phase.STARTING;
  private String lastError;
  private Instant retryingSince;

  public NewsIngestor(
      NewsSourceConfig config,
      FeedFetcher fetcher,
      BatchSink sink,
      PublishedNews published,
      NewsItems items,
      MeterRegistry meters,
      Clock clock) {
    this(
        config,
        fetcher,
        sink,
        published,
        items,
        meters,
        clock,
        RandomGenerator.getDefault(),
        new RetryBackoff(RETRY_INITIAL, RETRY_MAX, RandomGenerator.getDefault()));
  }

  /**
   * With the schedule's jitter drawn from {@code random} and the source's own failures retried
   * after the waits of {@code backoff}.
   */
  NewsIngestor(
      NewsSourceConfig config,
      FeedFetcher fetcher,
      BatchSink sink,
      PublishedNews published,
      NewsItems items,
      MeterRegistry meters,
      Clock clock,
      RandomGenerator random,
      RetryBackoff backoff) {
    this.config = config;
    this.fetcher = fetcher;
    this.sink = sink;
    this.published = published;
    this.items = items;
    this.meters = meters;
    this.clock = clock;
    this.random = random;
    this.backoff = backoff;
    this.parser = new FeedParser((int) Math.min(Integer.MAX_VALUE, config.limits().maxBytes()));
    this.metrics = new NewsSourceMetrics(meters, config.sourceId());
    for (PollSchedule.Feed feed : config.feeds()) {
      feeds.put(feed.name(), new FeedState(feed));
    }
    updateStatus();
  }

  /** Polls until {@link #close()}, or until the sink is fenced (phase FAILED). */
  @Override
  public void run() {
    if (!ran.compareAndSet(false, true)) {
      throw new IllegalStateException("news source '" + config.sourceId() + "' runs only once");
    }
    try {
      start();
      while (true) {
        checkOpen();
        Optional<PollSchedule.Feed> due = schedule.take(clock.instant());
        if (due.isPresent()) {
          poll(due.get());
        } else {
          sleepUntilDue();
        }
      }
    } catch (Stop e) {
      setPhase(Phase.STOPPED);
      log.info("news source '{}' stopped", config.sourceId());
    } catch (Unrecoverable e) {
      lastError = e.getMessage();
      setPhase(Phase.FAILED);
      log.error("news source '{}' stops: {}", config.sourceId(), e.getMessage());
    } catch (RuntimeException e) {
      lastError = message(e);
      setPhase(Phase.FAILED);
      log.error("news source '{}' failed: {}", config.sourceId(), lastError, e);
      throw e;
    } finally {
      metrics.close();
    }
  }

  /** Where the source stands; from any thread. */
  public NewsStatus status() {
    return status;
  }

  /** Makes {@link #run()} return after the fetch in progress; from any thread, idempotent. */
  @Override
  public void close() {
    closed = true;
    closing.countDown();
  }

  // ---- start

  private void start() {
    long began = System.nanoTime();
    Optional<String> position = startSink();
    committed = position.orElse("");
    int withValidators;
    try {
      withValidators = PollPosition.parse(committed).size();
    } catch (IllegalArgumentException e) {
      throw new Unrecoverable(
          "the committed position of '" + config.sourceId() + "' is unreadable: " + e.getMessage(),
          e);
    }
    int seeded = rebuild(false);
    schedule = new PollSchedule(config.feeds(), config.hostSpacing(), random, clock.instant());
    recovered();
    log.info(
        "news source '{}' started in {} ms: {} feeds, {}, {} stories seeded from what was"
            + " published",
        config.sourceId(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began),
        config.feeds().size(),
        position.isEmpty()
            ? "no committed position (first start)"
            : "committed position with the validators of " + withValidators + " feeds",
        seeded);
  }

  /** Takes the sink over, retrying until it answers; the committed position, if any. */
  private Optional<String> startSink() {
    while (true) {
      checkOpen();
      try {
        return sink.start();
      } catch (KafkaException | IllegalStateException e) {
        sinkFailed("start", e);
      }
    }
  }

  /**
   * Builds the poller at the committed position with the stories read back from the topic, retrying
   * the read until it succeeds.
   *
   * @return the stories seeded
   */
  private int rebuild(boolean again) {
    while (true) {
      checkOpen();
      long began = System.nanoTime();
      try {
        List<NewsItem> stories = published.items();
        SeenStories seen = new SeenStories();
        seen.seed(stories);
        poller = new NewsPoller(parser, items, seen, committed, meters);
        metrics.seeded(seen.size(), System.nanoTime() - began, again);
        return seen.size();
      } catch (PublishedNews.Unavailable e) {
        checkOpen();
        retry("read_back", e);
      }
    }
  }

  // ---- the loop

  private void poll(PollSchedule.Feed feed) {
    long began = System.nanoTime();
    FetchResult result = fetcher.fetch(feed.url(), poller.validators(feed.name()));
    long took = System.nanoTime() - began;
    if (Thread.currentThread().isInterrupted()) {
      // The fetch was cut short by the stop: not the feed's failure, nothing to publish.
      throw new Stop();
    }
    metrics.fetched(feed.name(), result, took);
    Instant now = clock.instant();
    PollOutcome outcome;
    try {
      outcome = poller.outcome(feed, result, now);
    } catch (RuntimeException e) {
      feedError(feed, e, now);
      return;
    }
    Batch batch = outcome.batch();
    boolean changes = !batch.records().isEmpty() || !batch.position().equals(committed);
    if ((changes || probeSink) && !write(feed, batch)) {
      // Not committed: fetched again later, with the committed validators, so nothing is lost.
      schedule.failed(feed.name(), now, Optional.empty());
      updateStatus();
      return;
    }
    outcome.report(schedule, feed.name(), now);
    FeedState state = feeds.get(feed.name());
    long newItems = NewsSourceMetrics.items(batch);
    state.published += newItems;
    if (outcome.succeeded()) {
      state.lastSuccess = now;
      state.lastFailure = null;
      state.failuresInRow = 0;
      log.debug(
          "news feed '{}': {} in {} ms, {} items published",
          feed.name(),
          result instanceof FetchResult.NotModified ? "not modified" : "fetched",
          TimeUnit.NANOSECONDS.toMillis(took),
          newItems);
    } else {
      state.lastFailure = reason(batch);
      state.failuresInRow++;
      log.warn(
          "news feed '{}' ({}) failed: {}; {} in a row, next fetch at {}",
          feed.name(),
          feed.url(),
          state.lastFailure,
          state.failuresInRow,
          schedule.readyAt(feed.name()).map(Instant::toString).orElse("-"));
    }
    updateStatus();
  }

  /**
   * Writes {@code batch}; true once committed. A write that fails is waited out with backoff, and
   * the poller, which took in what was not committed, is built again from what was.
   */
  private boolean write(PollSchedule.Feed feed, Batch batch) {
    try {
      sink.write(batch);
    } catch (KafkaException | IllegalStateException e) {
      sinkFailed("write", e);
      probeSink = true;
      rebuild(true);
      log.info(
          "news source '{}': poller rebuilt at the committed position; '{}' is fetched again",
          config.sourceId(),
          feed.name());
      return false;
    }
    committed = batch.position();
    probeSink = false;
    metrics.committed(feed.name(), batch);
    if (phase != Phase.POLLING) {
      recovered();
    }
    return true;
  }

  /**
   * Processing a fetch failed where no input should make it fail: a bug met on this feed's content.
   * The feed backs off and the others go on; the poller may have taken part of the feed in, so it
   * is built again.
   */
  private void feedError(PollSchedule.Feed feed, RuntimeException e, Instant now) {
    metrics.feedError(feed.name());
    log.error("news feed '{}': processing its fetch failed; the feed backs off", feed.name(), e);
    FeedState state = feeds.get(feed.name());
    state.lastFailure = "internal: " + message(e);
    state.failuresInRow++;
    schedule.failed(feed.name(), now, Optional.empty());
    rebuild(true);
    updateStatus();
  }

  /** Sleeps until the next feed is due, or until {@link #close()}. */
  private void sleepUntilDue() {
    updateStatus();
    Optional<Instant> next = schedule.nextReady();
    try {
      if (next.isEmpty()) {
        closing.await();
        throw new Stop();
      }
      long wait = Duration.between(clock.instant(), next.get()).toNanos();
      if (wait > 0 && closing.await(wait, TimeUnit.NANOSECONDS)) {
        throw new Stop();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Stop();
    }
  }

  // ---- failures and status

  /** A step of the sink failed: fatal ends the source, anything else is retried with backoff. */
  private void sinkFailed(String step, RuntimeException e) {
    if (TransactionalSink.isFatal(e)) {
      throw new Unrecoverable(
          "the sink can write no more (another instance took '"
              + config.sourceId()
              + "' over, or Kafka refused it): "
              + message(e),
          e);
    }
    checkOpen(); // Kafka's InterruptException sets the thread's flag
    retry(step, e);
  }

  /** Counts a failure of the source's own step and waits with backoff before it is tried again. */
  private void retry(String step, RuntimeException e) {
    metrics.failure(step);
    lastError = step + ": " + message(e);
    if (retryingSince == null) {
      retryingSince = clock.instant();
    }
    setPhase(Phase.RETRYING);
    long wait = backoff.nextNanos(Optional.empty());
    log.warn(
        "news source '{}': {}; retrying in {} ms",
        config.sourceId(),
        lastError,
        TimeUnit.NANOSECONDS.toMillis(wait));
    try {
      if (closing.await(wait, TimeUnit.NANOSECONDS)) {
        throw new Stop();
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new Stop();
    }
  }

  /** The source's own steps work again. */
  private void recovered() {
    backoff.reset();
    lastError = null;
    retryingSince = null;
    setPhase(Phase.POLLING);
  }

  private void checkOpen() {
    if (closed || Thread.currentThread().isInterrupted()) {
      throw new Stop();
    }
  }

  private void setPhase(Phase next) {
    phase = next;
    updateStatus();
  }

  private void updateStatus() {
    List<NewsStatus.Feed> snapshot = new ArrayList<>(feeds.size());
    for (FeedState state : feeds.values()) {
      snapshot.add(
          new NewsStatus.Feed(
              state.feed.name(),
              state.feed.url().toString(),
              Optional.ofNullable(state.lastSuccess),
              Optional.ofNullable(state.lastFailure),
              state.failuresInRow,
              schedule == null ? Optional.empty() : schedule.readyAt(state.feed.name()),
              state.published));
    }
    status =
        new NewsStatus(
            phase, snapshot, Optional.ofNullable(lastError), Optional.ofNullable(retryingSince));
  }

  /** Why a fetch failed, from its dead letter: the reason, then what happened. */
  private static String reason(Batch batch) {
    for (Outgoing<?> record : batch.records()) {
      if (record.value() instanceof DeadLetter letter) {
        return letter.getErrorKind() + ": " + letter.getError();
      }
    }
    return "failed";
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
