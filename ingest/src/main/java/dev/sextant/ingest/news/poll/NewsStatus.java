package dev.sextant.ingest.news.poll;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of the news source for health checks.
 *
 * @param phase what it is doing
 * @param feeds each feed's state, in configuration order
 * @param lastError the last failure of the source itself (sink, read-back), while retrying
 * @param retryingSince when the source's own failures now being retried began; empty once a step
 *     succeeds. A feed's failures are the feed's, in {@link Feed}, and never make this non-empty.
 * @param writingSince when the write to the sink now in progress began; empty between writes. A
 *     write to a broker that is away blocks for minutes (commit tries times {@code max.block.ms})
 *     before it fails and the source shows {@code RETRYING}: this shows it meanwhile.
 */
public record NewsStatus(
    Phase phase,
    List<Feed> feeds,
    Optional<String> lastError,
    Optional<Instant> retryingSince,
    Optional<Instant> writingSince) {

  public NewsStatus {
    feeds = List.copyOf(feeds);
  }

  public enum Phase {
    /** Taking over the sink and reading back the published stories. */
    STARTING,
    POLLING,
    /** The source's own step failed (sink, read-back) and is retried with backoff. */
    RETRYING,
    STOPPED,
    /** Fenced by another instance, or broken for good: publishes nothing until restarted. */
    FAILED
  }

  /**
   * One feed's state.
   *
   * @param name the feed's name
   * @param url the feed's URL
   * @param lastSuccess the end of the last fetch that succeeded (new items or 304)
   * @param lastFailure the reason of the last failed or refused fetch, while it is the latest
   *     outcome
   * @param failuresInRow failed or refused fetches since the last success
   * @param nextFetch when the feed is fetched next, as scheduled now
   * @param published items published from this feed since start (new and updated)
   */
  public record Feed(
      String name,
      String url,
      Optional<Instant> lastSuccess,
      Optional<String> lastFailure,
      int failuresInRow,
      Optional<Instant> nextFetch,
      long published) {}
}
