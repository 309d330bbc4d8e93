package dev.sextant.ingest.news.poll;

import dev.sextant.ingest.news.fetch.FetchLimits;
import dev.sextant.ingest.news.fetch.PollSchedule;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the news source polls and how.
 *
 * @param sourceId the source id: the cursor key (holding every feed's validators) and the
 *     transactional id suffix; one poller and one cursor for all feeds
 * @param feeds the feeds, each with its own interval; names are unique and are the NewsItem's
 *     {@code source}
 * @param hostSpacing the least time between two requests to one host
 * @param limits bounds on each fetch; {@code limits.maxBytes()} also bounds what the parser takes
 */
public record NewsSourceConfig(
    String sourceId, List<PollSchedule.Feed> feeds, Duration hostSpacing, FetchLimits limits) {

  /** The source id of the node's news poller. */
  public static final String DEFAULT_SOURCE_ID = "news";

  /** The default least time between two requests to one host. */
  public static final Duration DEFAULT_HOST_SPACING = Duration.ofSeconds(2);

  public NewsSourceConfig {
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(hostSpacing, "hostSpacing");
    Objects.requireNonNull(limits, "limits");
    feeds = List.copyOf(feeds);
    if (sourceId.isBlank()) {
      throw new IllegalArgumentException("sourceId must not be blank");
    }
    if (hostSpacing.isNegative()) {
      throw new IllegalArgumentException("hostSpacing must not be negative");
    }
    Set<String> names = new HashSet<>();
    for (PollSchedule.Feed feed : feeds) {
      if (!names.add(feed.name())) {
        throw new IllegalArgumentException("two feeds named " + feed.name());
      }
    }
  }
}
