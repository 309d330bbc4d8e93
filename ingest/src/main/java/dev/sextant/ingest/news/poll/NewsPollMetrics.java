package dev.sextant.ingest.news.poll;

import dev.sextant.ingest.news.fetch.FetchFailure;
import dev.sextant.ingest.news.parse.EntryProblem;
import dev.sextant.ingest.news.parse.FeedRejected;
import dev.sextant.ingest.news.poll.SeenStories.Kind;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/** The poller's counters, all tagged {@code feed}. */
final class NewsPollMetrics {

  static final String ITEMS = "sextant.news.items";
  static final String FETCH_FAILURES = "sextant.news.fetch.failures";
  static final String REFUSALS = "sextant.news.refusals";
  static final String NOT_MODIFIED = "sextant.news.not.modified";
  static final String ENTRY_PROBLEMS = "sextant.news.entry.problems";

  private final MeterRegistry registry;

  NewsPollMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Entries by decision: {@code outcome} is new, updated or repeated. */
  void item(String feed, Kind kind) {
    String outcome =
        switch (kind) {
          case NEW -> "new";
          case UPDATE -> "updated";
          case REPEAT -> "repeated";
        };
    registry.counter(ITEMS, "feed", feed, "outcome", outcome).increment();
  }

  void fetchFailure(String feed, FetchFailure reason) {
    registry.counter(FETCH_FAILURES, "feed", feed, "reason", tag(reason)).increment();
  }

  void refusal(String feed, FeedRejected.Reason reason) {
    registry.counter(REFUSALS, "feed", feed, "reason", tag(reason)).increment();
  }

  void notModified(String feed) {
    registry.counter(NOT_MODIFIED, "feed", feed).increment();
  }

  void entryProblem(String feed, EntryProblem.Kind kind) {
    registry.counter(ENTRY_PROBLEMS, "feed", feed, "kind", tag(kind)).increment();
  }

  static String tag(Enum<?> reason) {
    return reason.name().toLowerCase(Locale.ROOT);
  }
}
