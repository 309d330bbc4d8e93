package dev.sextant.ingest.news.poll;

import dev.sextant.ingest.news.fetch.FetchResult;
import dev.sextant.ingest.sink.Batch;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.schemas.v1.NewsItem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of the running news source, next to the poller's own ({@link NewsPollMetrics}): what
 * was committed, how long fetches take, and the source's own failures. Per-feed meters are tagged
 * {@code feed}, source-wide ones {@code source}.
 */
final class NewsSourceMetrics {

  static final String FETCH_DURATION = "sextant.news.fetch.duration";
  static final String PUBLISHED = "sextant.news.published";
  static final String TRANSACTIONS = "sextant.news.transactions";
  static final String SOURCE_FAILURES = "sextant.news.source.failures";
  static final String REBUILDS = "sextant.news.poller.rebuilds";
  static final String FEED_ERRORS = "sextant.news.feed.errors";
  static final String SEEDED = "sextant.news.seeded.stories";
  static final String READ_BACK = "sextant.news.readback.duration";

  private final MeterRegistry registry;
  private final String source;
  private final AtomicLong seeded = new AtomicLong();
  private final Gauge seededGauge;
  private final Counter transactions;
  private final Counter rebuilds;
  private final Timer readBack;

  NewsSourceMetrics(MeterRegistry registry, String source) {
    this.registry = registry;
    this.source = source;
    this.seededGauge =
        Gauge.builder(SEEDED, seeded, AtomicLong::get)
            .description("Stories read back from news.items.v1 at the last start or rebuild")
            .tag("source", source)
            .strongReference(true)
            .register(registry);
    this.transactions =
        Counter.builder(TRANSACTIONS)
            .description("Batches committed with the source's cursor")
            .tag("source", source)
            .register(registry);
    this.rebuilds =
        Counter.builder(REBUILDS)
            .description("Times the poller started over from the committed position")
            .tag("source", source)
            .register(registry);
    this.readBack =
        Timer.builder(READ_BACK)
            .description("Reading the published stories back from news.items.v1")
            .tag("source", source)
            .register(registry);
  }

  /** A fetch of {@code feed} took {@code nanos}; {@code result}: fetched, not_modified, failed. */
  void fetched(String feed, FetchResult result, long nanos) {
    String outcome =
        switch (result) {
          case FetchResult.Fetched ignored -> "fetched";
          case FetchResult.NotModified ignored -> "not_modified";
          case FetchResult.Failed ignored -> "failed";
        };
    Timer.builder(FETCH_DURATION)
        .description("One feed's fetch, redirects and body included")
        .tag("feed", feed)
        .tag("result", outcome)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** {@code batch}, the outcome of a fetch of {@code feed}, is committed. */
  void committed(String feed, Batch batch) {
    transactions.increment();
    long items = items(batch);
    if (items > 0) {
      registry.counter(PUBLISHED, "feed", feed).increment(items);
    }
  }

  /** The NewsItems in {@code batch}. */
  static long items(Batch batch) {
    return batch.records().stream().map(Outgoing::value).filter(NewsItem.class::isInstance).count();
  }

  /**
   * A step of the source itself failed and is retried: {@code start}, {@code read_back}, {@code
   * write}, {@code settle} (after a failed write), {@code probe} (while the sink is down).
   */
  void failure(String step) {
    registry.counter(SOURCE_FAILURES, "source", source, "step", step).increment();
  }

  /** The poller was built anew from a read-back of {@code stories}, which took {@code nanos}. */
  void seeded(int stories, long nanos, boolean rebuild) {
    seeded.set(stories);
    readBack.record(nanos, TimeUnit.NANOSECONDS);
    if (rebuild) {
      rebuilds.increment();
    }
  }

  /** Fetching or processing {@code feed} threw; the feed is dead-lettered and backs off. */
  void feedError(String feed) {
    registry.counter(FEED_ERRORS, "feed", feed).increment();
  }

  /**
   * Removes the gauge, which reads this source's state: a source started again in the process
   * registers its own (a registry keeps the first gauge of a name and tags).
   */
  void close() {
    registry.remove(seededGauge);
  }
}
