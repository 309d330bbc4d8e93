package dev.sextant.ingest.news.poll;

import dev.sextant.ingest.news.NewsItems;
import dev.sextant.ingest.news.fetch.FeedFetcher;
import dev.sextant.ingest.news.fetch.FetchResult;
import dev.sextant.ingest.news.fetch.PollSchedule;
import dev.sextant.ingest.news.fetch.Validators;
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
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The news source: one thread polls every feed on its schedule and publishes each fetch's outcome
 * (new and updated NewsItems, or a dead letter) and every feed's validators in one transaction.
 * Owns none of the clients it is given: the caller closes the sink and the fetcher once {@link
 * #run()} has returned.
 *
 * <p>Start: the sink's committed position (every feed's validators, and the waits of feeds held
 * back after a failure) and the stories already on {@code news.items.v1} make the poller's state,
 * so a restart publishes no story twice, resumes conditional GETs and honours a {@code
 * Retry-After}. Loop: take the feed that is due, fetch it, turn the result into one batch, write
 * it, tell the schedule; sleep until the next feed is due. Anything a feed makes throw is that
 * feed's failure. A write that fails is the source's failure, not the feed's: the sink is settled,
 * the poller built again from the last committed position and a fresh read-back, and no feed is
 * fetched until a probe commits; then the feed is fetched again (its validators were not committed,
 * so nothing is lost). Unless Kafka refused the batch itself: a write failing on a record Kafka
 * never takes (too large, invalid, unserializable), or failing again for the same feed right after
 * a probe committed, is that feed's failure, dead-lettered as {@value NewsPoller#KAFKA_REFUSED} and
 * backed off, so one batch Kafka refuses cannot hold the source in a loop.
 *
 * <p>Only {@link #close()} and {@link #status()} are called from other threads.
 */
public final class NewsIngestor implements Runnable, AutoCloseable {

  /** The first wait after a failure of the source's own steps (sink, read-back). */
  static final Duration RETRY_INITIAL = Duration.ofMillis(500);

  /** The longest wait between two tries of a failed step. */
  static final Duration RETRY_MAX = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(NewsIngestor.class);

  /** Fetches one feed: {@link FeedFetcher#fetch}, which is final; tests fetch otherwise. */
  @FunctionalInterface
  interface Fetch {
    FetchResult fetch(URI url, Validators validators);
  }

  /** Unwinds {@link #run()} when the source is closed or its thread interrupted. */
  private static final class Stop extends RuntimeException {
    Stop() {
      super("stopped", null, false, false);
    }
  }

  /** How a write ended. */
  private enum Written {
    COMMITTED,
    /** Not committed, not the feed's doing: the sink was down and works again. */
    NOT_COMMITTED,
    /** Not committed because Kafka refuses this batch: the feed's failure. */
    REFUSED
  }

  /** Unwinds {@link #run()} when the source can never publish again without a restart. */
  private static final class Unrecoverable extends RuntimeException {
    Unrecoverable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final NewsSourceConfig config;
  private final Fetch fetch;
  private final BatchSink sink;
  private final PublishedNews published;
  private final NewsItems items;
  private final MeterRegistry meters;
  private final Clock clock;
  private final RandomGenerator random;
  private final FeedParser parser;
  private final NewsSourceMetrics metrics;
  private final NewsStatusBoard board;
  private final SourceRetries retries;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicBoolean ran = new AtomicBoolean();
  private volatile boolean closed;

  // Owned by the run thread.
  private PollSchedule schedule;
  private NewsPoller poller;
  // The last committed position: writes are synchronous, so this is what Kafka holds.
  private String committed = "";
  // The feed whose write failed before the last probe committed, until its next write: should it
  // fail again, its batch is what Kafka refuses.
  private String suspect;
  // Why Kafka refused the last write that ended REFUSED.
  private RuntimeException refusal;

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
        fetcher::fetch,
        sink,
        published,
        items,
        meters,
        clock,
        RandomGenerator.getDefault(),
        new RetryBackoff(RETRY_INITIAL, RETRY_MAX, RandomGenerator.getDefault()));
  }

  /**
   * Fetching with {@code fetch}, with the schedule's jitter drawn from {@code random} and the
   * source's own failures retried after the waits of {@code backoff}.
   */
  NewsIngestor(
      NewsSourceConfig config,
      Fetch fetch,
      BatchSink sink,
      PublishedNews published,
      NewsItems items,
      MeterRegistry meters,
      Clock clock,
      RandomGenerator random,
      RetryBackoff backoff) {
    this.config = config;
    this.fetch = fetch;
    this.sink = sink;
    this.published = published;
    this.items = items;
    this.meters = meters;
    this.clock = clock;
    this.random = random;
    this.parser = new FeedParser((int) Math.min(Integer.MAX_VALUE, config.limits().maxBytes()));
    this.metrics = new NewsSourceMetrics(meters, config.sourceId());
    this.board = new NewsStatusBoard(config.feeds());
    this.retries = new SourceRetries(config.sourceId(), backoff, metrics, board, clock, closing);
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
      board.stopped();
      log.info("news source '{}' stopped", config.sourceId());
    } catch (Unrecoverable e) {
      board.failed(e.getMessage());
      log.error("news source '{}' stops: {}", config.sourceId(), e.getMessage());
    } catch (RuntimeException e) {
      board.failed(message(e));
      log.error("news source '{}' failed: {}", config.sourceId(), message(e), e);
      throw e;
    } finally {
      metrics.close();
    }
  }

  /** Where the source stands; from any thread. */
  public NewsStatus status() {
    return board.status();
  }

  /**
   * Makes {@link #run()} return after the step in progress: a fetch (bounded by the fetch limits,
   * its outcome still written), or a wait, at once. A Kafka call in progress is not cut short: a
   * write or settle blocked on a broker that is away returns after its own timeouts (commit tries
   * times {@code max.block.ms}), so a caller that cannot wait that long interrupts the thread after
   * its stop timeout; an interrupted fetch or wait is not written. From any thread, idempotent.
   */
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
    PollPosition parsed;
    try {
      parsed = PollPosition.parse(committed);
    } catch (IllegalArgumentException e) {
      throw new Unrecoverable(
          "the committed position of '" + config.sourceId() + "' is unreadable: " + e.getMessage(),
          e);
    }
    int seeded = rebuild(false);
    Instant now = clock.instant();
    schedule =
        new PollSchedule(config.feeds(), config.hostSpacing(), random, now, parsed.notBefore());
    board.scheduled(schedule);
    recovered();
    log.info(
        "news source '{}' started in {} ms: {} feeds, {}, {} held back, {} stories seeded from what"
            + " was published",
        config.sourceId(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began),
        config.feeds().size(),
        position.isEmpty()
            ? "no committed position (first start)"
            : "committed position with the validators of " + parsed.validators().size() + " feeds",
        parsed.notBefore().values().stream().filter(now::isBefore).count(),
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
        poller = new NewsPoller(parser, items, seen, committed, meters, clock.instant());
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
    FetchResult result;
    try {
      result = fetch.fetch(feed.url(), poller.validators(feed.name()));
    } catch (RuntimeException e) {
      stopIfInterrupted();
      publish(feed, internalError(feed, "fetching", e, false), clock.instant(), began);
      return;
    }
    stopIfInterrupted();
    metrics.fetched(feed.name(), result, System.nanoTime() - began);
    Instant now = clock.instant();
    PollOutcome outcome;
    try {
      outcome = poller.outcome(feed, result, now);
    } catch (RuntimeException e) {
      // The poller may have taken part of the fetch in: it starts over from what was committed.
      outcome = internalError(feed, "processing", e, true);
    }
    publish(feed, outcome, now, began);
  }

  /**
   * Fetching or processing {@code feed} threw where no input should make it throw: a bug met on
   * this feed's content, or a client refusing what its server sent. It is the feed's failure
   * (counted, dead-lettered, backed off), never the source's.
   */
  private PollOutcome internalError(
      PollSchedule.Feed feed, String step, RuntimeException e, boolean rebuild) {
    metrics.feedError(feed.name());
    log.error(
        "news feed '{}' ({}): {} its fetch failed; dead-lettered as {}, the feed backs off",
        feed.name(),
        feed.url(),
        step,
        NewsPoller.INTERNAL,
        e);
    if (rebuild) {
      rebuild(true);
    }
    return poller.internalError(feed, e, clock.instant());
  }

  /**
   * Writes the batch of {@code outcome}, the fetch of {@code feed} ending at {@code now}, and tells
   * the schedule. A failed fetch is written with the instant before which the feed is not fetched
   * again, so a restart honours it.
   */
  private void publish(PollSchedule.Feed feed, PollOutcome outcome, Instant now, long began) {
    Instant until = null;
    if (!outcome.succeeded()) {
      until = schedule.backoff(feed.name(), now, outcome.retryAfter());
      outcome = poller.heldBack(outcome, feed.name(), until);
    }
    Batch batch = outcome.batch();
    boolean changes = !batch.records().isEmpty() || !batch.position().equals(committed);
    Written written = changes ? write(feed, batch) : Written.COMMITTED;
    if (written == Written.REFUSED) {
      refused(feed, now);
      return;
    }
    if (written == Written.NOT_COMMITTED) {
      // Not committed, which is not the feed's doing: fetched again now that the sink works, with
      // the committed validators, and not before the wait its publisher asked for.
      Instant asked = PollSchedule.honouring(now, outcome.retryAfter());
      Instant recovered = clock.instant();
      schedule.retryAt(feed.name(), asked.isAfter(recovered) ? asked : recovered);
      board.publish();
      return;
    }
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    if (outcome.succeeded()) {
      schedule.succeeded(feed.name(), now);
      long newItems = NewsSourceMetrics.items(batch);
      board.feedSucceeded(feed.name(), now, newItems);
      log.debug(
          "news feed '{}': fetched in {} ms, {} items published", feed.name(), tookMs, newItems);
    } else {
      schedule.failedUntil(feed.name(), until);
      String reason = reason(batch);
      int inRow = board.feedFailed(feed.name(), reason);
      log.warn(
          "news feed '{}' ({}) failed: {}; {} in a row, next fetch at {}",
          feed.name(),
          feed.url(),
          reason,
          inRow,
          schedule.readyAt(feed.name()).map(Instant::toString).orElse("-"));
    }
  }

  /**
   * Kafka refused the batch of {@code feed}, whose fetch ended at {@code now}: its failure. Its
   * dead letter, small enough to go through, is written at once with the feed's backoff in the
   * position, and the feed backs off like any failed fetch.
   */
  private void refused(PollSchedule.Feed feed, Instant now) {
    RuntimeException e = refusal;
    refusal = null;
    metrics.feedError(feed.name());
    log.error(
        "news feed '{}' ({}): Kafka refused its batch; dead-lettered as {}, the feed backs off",
        feed.name(),
        feed.url(),
        NewsPoller.KAFKA_REFUSED,
        e);
    Instant until = schedule.backoff(feed.name(), now, Optional.empty());
    PollOutcome letter = poller.heldBack(poller.kafkaRefused(feed, e, now), feed.name(), until);
    Written written = write(feed, letter.batch());
    if (written == Written.REFUSED) {
      // Not even its dead letter goes through: still the feed's failure, not written.
      refusal = null;
    }
    // Backed off even when the letter was not committed: the feed must not be fetched at once.
    schedule.failedUntil(feed.name(), until);
    int inRow = board.feedFailed(feed.name(), reason(letter.batch()));
    log.warn(
        "news feed '{}' ({}) failed: Kafka refused its batch; {} in a row, next fetch at {}",
        feed.name(),
        feed.url(),
        inRow,
        until);
  }

  /**
   * Writes {@code batch}. A write that fails is waited out with backoff and the sink settled: its
   * batch may have gone in after all. When it did not, the poller, which took in what was not
   * committed, is built again from what was, and a probe is written until one commits: no feed is
   * fetched while the sink is down. A batch Kafka refuses ({@link #refusedByKafka}) is not waited
   * out nor probed for: the sink works, the batch is the feed's.
   */
  private Written write(PollSchedule.Feed feed, Batch batch) {
    try {
      sinkWrite(batch);
    } catch (RuntimeException e) {
      if (!sinkError(e)) {
        throw e;
      }
      boolean refused = refusesRecords(e) || feed.name().equals(suspect);
      suspect = null;
      if (refused) {
        fatalEnds(e);
        checkOpen();
      } else {
        sinkFailed("write", e);
      }
      if (settle()) {
        log.info(
            "news source '{}': the write of '{}' whose commit was in doubt went in",
            config.sourceId(),
            feed.name());
        committed(feed, batch);
        return Written.COMMITTED;
      }
      rebuild(true);
      if (refused) {
        refusal = e;
        return Written.REFUSED;
      }
      probe();
      suspect = feed.name();
      log.info(
          "news source '{}': poller rebuilt at the committed position, the sink works again;"
              + " '{}' is fetched again",
          config.sourceId(),
          feed.name());
      return Written.NOT_COMMITTED;
    }
    committed(feed, batch);
    return Written.COMMITTED;
  }

  /** Writes {@code batch}, showing in the status since when while it lasts. */
  private void sinkWrite(Batch batch) {
    board.writing(clock.instant());
    try {
      sink.write(batch);
    } finally {
      board.written();
    }
  }

  /**
   * Whether Kafka refuses a record of the failed write's batch for what it is (too large, invalid,
   * not serializable): writing it again can never succeed.
   */
  static boolean refusesRecords(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RecordTooLargeException
          || t instanceof RecordBatchTooLargeException
          || t instanceof InvalidRecordException
          || t instanceof SerializationException) {
        return true;
      }
    }
    return false;
  }

  private void committed(PollSchedule.Feed feed, Batch batch) {
    if (feed.name().equals(suspect)) {
      suspect = null;
    }
    committed = batch.position();
    metrics.committed(feed.name(), batch);
    if (board.phase() != Phase.POLLING) {
      recovered();
    }
  }

  /**
   * Settles the sink after a failed write, retrying until it answers, before anything is read back:
   * until then a commit in doubt may still complete behind the read.
   *
   * @return whether the failed write's batch went in after all
   */
  private boolean settle() {
    while (true) {
      checkOpen();
      try {
        return sink.settle();
      } catch (RuntimeException e) {
        if (!sinkError(e)) {
          throw e;
        }
        sinkFailed("settle", e);
      }
    }
  }

  /**
   * Writes a batch without records at the committed position until one commits, waiting with
   * backoff between tries: it changes nothing in Kafka, and tells when the sink works again.
   */
  private void probe() {
    Batch probe = new Batch(List.of(), committed);
    while (true) {
      checkOpen();
      try {
        sinkWrite(probe);
        recovered();
        return;
      } catch (RuntimeException e) {
        if (!sinkError(e)) {
          throw e;
        }
        sinkFailed("probe", e);
      }
    }
  }

  /** Sleeps until the next feed is due, or until {@link #close()}. */
  private void sleepUntilDue() {
    board.publish();
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

  // ---- failures of the source's own steps (the policy is SourceRetries')

  /** A step of the sink failed: fatal ends the source, anything else is retried with backoff. */
  private void sinkFailed(String step, RuntimeException e) {
    fatalEnds(e);
    checkOpen(); // Kafka's InterruptException sets the thread's flag
    retry(step, e);
  }

  /** What a sink throws when it fails, as opposed to a bug of ours. */
  private static boolean sinkError(RuntimeException e) {
    return e instanceof KafkaException
        || e instanceof IllegalStateException
        || TransactionalSink.isFatal(e);
  }

  /** Ends the source when {@code e} means the sink can write no more. */
  private void fatalEnds(RuntimeException e) {
    if (TransactionalSink.isFatal(e)) {
      throw new Unrecoverable(
          "the sink can write no more (another instance took '"
              + config.sourceId()
              + "' over, or Kafka refused it): "
              + message(e),
          e);
    }
  }

  private void retry(String step, RuntimeException e) {
    if (!retries.waitOut(step, e)) {
      throw new Stop();
    }
  }

  private void recovered() {
    retries.recovered();
  }

  private void checkOpen() {
    if (closed || Thread.currentThread().isInterrupted()) {
      throw new Stop();
    }
  }

  /** A fetch cut short by the stop is not the feed's failure: nothing to publish. */
  private void stopIfInterrupted() {
    if (Thread.currentThread().isInterrupted()) {
      throw new Stop();
    }
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
