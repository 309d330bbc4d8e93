package dev.sextant.ingest.news.poll;

import dev.sextant.ingest.news.NewsItems;
import dev.sextant.ingest.news.fetch.FeedFetcher;
import dev.sextant.ingest.sink.BatchSink;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * The news source: one thread polls every feed on its schedule and publishes each fetch's outcome
 * (new and updated NewsItems, or a dead letter) and every feed's validators in one transaction.
 * Owns none of the clients it is given: the caller closes the sink and the fetcher once {@link
 * #run()} has returned.
 */
public final class NewsIngestor implements Runnable, AutoCloseable {

  public NewsIngestor(
      NewsSourceConfig config,
      FeedFetcher fetcher,
      BatchSink sink,
      PublishedNews published,
      NewsItems items,
      MeterRegistry meters,
      Clock clock) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Polls until {@link #close()}, or until the sink is fenced (phase FAILED). */
  @Override
  public void run() {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Where the source stands; from any thread. */
  public NewsStatus status() {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Makes {@link #run()} return after the fetch in progress; from any thread, idempotent. */
  @Override
  public void close() {}
}
