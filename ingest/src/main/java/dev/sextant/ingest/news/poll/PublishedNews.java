package dev.sextant.ingest.news.poll;

import dev.sextant.schemas.v1.NewsItem;
import java.util.List;

/**
 * The stories already on {@code news.items.v1}, read back so that a restarted poller publishes no
 * story twice: {@link SeenStories} is seeded from them.
 */
@FunctionalInterface
public interface PublishedNews {

  /**
   * The latest committed item of every story (read committed, to the end of the topic as it was
   * when the call began).
   *
   * @throws Unavailable when the topic cannot be read to its end; the caller retries with backoff
   */
  List<NewsItem> items();

  /** The topic could not be read back now. */
  final class Unavailable extends RuntimeException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
