package dev.sextant.ingest.news.poll;

import dev.sextant.ingest.deadletter.DeadLetters;
import dev.sextant.ingest.news.NewsItems;
import dev.sextant.ingest.news.fetch.FetchResult;
import dev.sextant.ingest.news.fetch.FetchResult.Failed;
import dev.sextant.ingest.news.fetch.FetchResult.Fetched;
import dev.sextant.ingest.news.fetch.FetchResult.NotModified;
import dev.sextant.ingest.news.fetch.PollSchedule;
import dev.sextant.ingest.news.fetch.Validators;
import dev.sextant.ingest.news.parse.EntryProblem;
import dev.sextant.ingest.news.parse.FeedParser;
import dev.sextant.ingest.news.parse.FeedRejected;
import dev.sextant.ingest.news.parse.NewsEntry;
import dev.sextant.ingest.news.parse.ParsedFeed;
import dev.sextant.ingest.news.poll.SeenStories.Decision;
import dev.sextant.ingest.sink.Batch;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.schemas.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one fetch outcome of one feed into one batch: the new and updated stories as NewsItems on
 * {@code news.items.v1}, or a dead letter for a feed that failed or was refused, with every feed's
 * validators, and the waits of the feeds held back after a failure, as the position ({@link
 * PollPosition}). An entry skipped (no usable link) or repaired (invalid date) is dead-lettered
 * once per poller, next to the feed's good entries. Single-threaded: one poller thread owns it, its
 * {@link SeenStories} and the validators. A batch that is not committed leaves this state ahead of
 * Kafka; the caller then starts over from the committed position and the published items.
 */
public final class NewsPoller {

  /** At most this many bytes of a refused body go into its dead letter. */
  public static final int MAX_DEAD_LETTER_BODY = 4 * 1024;

  /** The dead letter's kind when fetching or processing a feed threw. */
  public static final String INTERNAL = "internal";

  /** The dead letter's kind when Kafka refused the batch of a feed's fetch. */
  public static final String KAFKA_REFUSED = "kafka_refused";

  /** At most this many characters of an error go into a dead letter written for Kafka's refusal. */
  static final int MAX_REFUSAL_ERROR = 1_000;

  /** Entry problems remembered as dead-lettered; the oldest is forgotten past this. */
  static final int MAX_REPORTED_PROBLEMS = 10_000;

  private final FeedParser parser;
  private final NewsItems items;
  private final SeenStories seen;
  private final Map<String, Validators> validators;
  private final Map<String, Instant> notBefore;
  private final NewsPollMetrics metrics;
  private final Set<String> reportedProblems = boundedSet(MAX_REPORTED_PROBLEMS);

  /**
   * @param seen the stories already published, seeded by the caller
   * @param position the committed position ({@link PollPosition}), empty when none
   * @param now when the poller starts: a committed wait ending more than {@link
   *     PollSchedule#MAX_RETRY_AFTER} later is cut to that, as the schedule does, so the next
   *     commit corrects what a clock that ran ahead wrote
   */
  public NewsPoller(
      FeedParser parser,
      NewsItems items,
      SeenStories seen,
      String position,
      MeterRegistry registry,
      Instant now) {
    this.parser = parser;
    this.items = items;
    this.seen = seen;
    PollPosition committed = PollPosition.parse(position);
    this.validators = new HashMap<>(committed.validators());
    this.notBefore = new HashMap<>(committed.notBefore());
    Instant latest = now.plus(PollSchedule.MAX_RETRY_AFTER);
    notBefore.replaceAll((feed, until) -> until.isAfter(latest) ? latest : until);
    this.metrics = new NewsPollMetrics(registry);
  }

  /** What to send with the next request for {@code feed}. */
  public Validators validators(String feed) {
    return validators.getOrDefault(feed, Validators.NONE);
  }

  /** The batch and schedule report of {@code result}, the fetch of {@code feed} at {@code now}. */
  public PollOutcome outcome(PollSchedule.Feed feed, FetchResult result, Instant now) {
    return switch (result) {
      case NotModified ignored -> {
        metrics.notModified(feed.name());
        notBefore.remove(feed.name());
        yield new PollOutcome(batch(List.of()), true, Optional.empty());
      }
      case Failed failed -> failed(feed, failed, now);
      case Fetched fetched -> fetched(feed, fetched, now);
    };
  }

  private PollOutcome failed(PollSchedule.Feed feed, Failed failed, Instant now) {
    metrics.fetchFailure(feed.name(), failed.reason());
    String error =
        failed.status() == 0
            ? failed.message()
            : "HTTP " + failed.status() + ": " + failed.message();
    Outgoing<?> letter =
        deadLetters(feed)
            .record(
                new byte[0],
                NewsPollMetrics.tag(failed.reason()),
                error,
                feed.url().toString(),
                now);
    return new PollOutcome(batch(List.of(letter)), false, failed.retryAfter());
  }

  private PollOutcome fetched(PollSchedule.Feed feed, Fetched fetched, Instant now) {
    ParsedFeed parsed;
    try {
      parsed = parser.parse(fetched.body(), feed.name(), now);
    } catch (FeedRejected rejected) {
      // The old validators stay: the body was not taken, so the next fetch gets it again rather
      // than a 304 that would count as a success.
      return refused(feed, fetched, rejected, now);
    }
    List<Outgoing<?>> records = new ArrayList<>();
    for (EntryProblem problem : parsed.problems()) {
      metrics.entryProblem(feed.name(), problem.kind());
      // A feed serves the same bad entry on every poll: one letter per problem is enough.
      if (reportedProblems.add(feed.name() + '\n' + problem.kind() + '\n' + problem.detail())) {
        records.add(problemLetter(feed, fetched, problem, now));
      }
    }
    for (NewsEntry entry : parsed.entries()) {
      Decision decision = seen.decide(entry);
      metrics.item(feed.name(), decision.kind());
      if (decision.publish()) {
        records.add(
            new Outgoing<>(
                Topics.NEWS_ITEMS, entry.id(), items.item(entry, now, decision.revision())));
      }
    }
    validators.put(feed.name(), fetched.validators());
    notBefore.remove(feed.name());
    return new PollOutcome(batch(records), true, Optional.empty());
  }

  /**
   * Fetching or processing {@code feed} threw where no input should make it throw (a bug met on
   * this feed, or a client refusing what a server sent): the feed's failure, dead-lettered as
   * {@code internal} so it is seen on the dead-letter topic. The caller builds a new poller first
   * when this one may have taken part of the fetch in.
   */
  public PollOutcome internalError(PollSchedule.Feed feed, RuntimeException error, Instant now) {
    String message = error.getMessage() == null ? "" : ": " + error.getMessage();
    Outgoing<?> letter =
        deadLetters(feed)
            .record(
                new byte[0],
                INTERNAL,
                error.getClass().getName() + message,
                feed.url().toString(),
                now);
    return new PollOutcome(batch(List.of(letter)), false, Optional.empty());
  }

  /**
   * Kafka refused the batch of the fetch of {@code feed} ending at {@code now}, with {@code error}:
   * the feed's failure, dead-lettered as {@value #KAFKA_REFUSED} without the batch (Kafka would
   * refuse it again), so it is seen on the dead-letter topic.
   */
  public PollOutcome kafkaRefused(PollSchedule.Feed feed, RuntimeException error, Instant now) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = error; t != null && text.length() < MAX_REFUSAL_ERROR; t = t.getCause()) {
      if (!text.isEmpty()) {
        text.append("; caused by ");
      }
      text.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        text.append(": ").append(t.getMessage());
      }
    }
    String message =
        text.length() <= MAX_REFUSAL_ERROR
            ? text.toString()
            : text.substring(0, MAX_REFUSAL_ERROR) + "\u2026";
    Outgoing<?> letter =
        deadLetters(feed).record(new byte[0], KAFKA_REFUSED, message, feed.url().toString(), now);
    return new PollOutcome(batch(List.of(letter)), false, Optional.empty());
  }

  /**
   * {@code failed}, an outcome of {@code feed} from this poller, with the feed held back until
   * {@code until} (its backoff, or the publisher's {@code Retry-After}): the batch's position
   * carries the instant, so a restart does not fetch the feed sooner. The next success clears it.
   */
  public PollOutcome heldBack(PollOutcome failed, String feed, Instant until) {
    notBefore.put(feed, until);
    return new PollOutcome(
        new Batch(failed.batch().records(), position()), failed.succeeded(), failed.retryAfter());
  }

  private PollOutcome refused(
      PollSchedule.Feed feed, Fetched fetched, FeedRejected rejected, Instant now) {
    metrics.refusal(feed.name(), rejected.reason());
    byte[] body = fetched.body();
    String error = rejected.getMessage();
    if (body.length > MAX_DEAD_LETTER_BODY) {
      error +=
          "; body kept in part (first " + MAX_DEAD_LETTER_BODY + " of " + body.length + " bytes)";
      body = Arrays.copyOf(body, MAX_DEAD_LETTER_BODY);
    }
    Outgoing<?> letter =
        deadLetters(feed)
            .record(
                body, NewsPollMetrics.tag(rejected.reason()), error, fetched.url().toString(), now);
    return new PollOutcome(batch(List.of(letter)), false, Optional.empty());
  }

  private static Outgoing<?> problemLetter(
      PollSchedule.Feed feed, Fetched fetched, EntryProblem problem, Instant now) {
    String outcome =
        problem.kind().skipped()
            ? "entry skipped"
            : "entry published with the fetch time or its other date";
    return deadLetters(feed)
        .record(
            problem.detail().getBytes(StandardCharsets.UTF_8),
            NewsPollMetrics.tag(problem.kind()),
            problem.kind() + " (" + outcome + "): " + problem.detail(),
            fetched.url() + " entry " + problem.index(),
            now);
  }

  private static DeadLetters deadLetters(PollSchedule.Feed feed) {
    return new DeadLetters("news-" + feed.name());
  }

  private static Set<String> boundedSet(int max) {
    return Collections.newSetFromMap(
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > max;
          }
        });
  }

  private Batch batch(List<Outgoing<?>> records) {
    return new Batch(records, position());
  }

  private String position() {
    return new PollPosition(validators, notBefore).format();
  }
}
