package dev.sextant.streams.kstreams.news;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the news score topology: window lengths, the velocity baseline and the clocks.
 *
 * @param shortWindow the "1h" rolling window; also the length of one baseline bucket
 * @param longWindow the "24h" rolling window
 * @param baselineBuckets how many short windows before the current one form the velocity baseline
 *     (24 = the previous day, 168 = the previous week)
 * @param minBaselineMentions mentions the baseline must hold before the z-score is defined
 * @param maxFutureSkew how far after its arrival an item's published time may lie before it is
 *     clamped to the arrival time
 * @param scoreInterval how often (wall clock) the scores are recomputed so that items leaving a
 *     window show up without new input
 * @param itemPruneInterval how often (in stream time) item revisions past their retention are
 *     dropped
 */
public record NewsScoreConfig(
    Duration shortWindow,
    Duration longWindow,
    int baselineBuckets,
    int minBaselineMentions,
    Duration maxFutureSkew,
    Duration scoreInterval,
    Duration itemPruneInterval) {

  /** Store of the latest accepted revision of each item, keyed by item id. */
  public static final String ITEM_STORE = "news-items";

  /** Store of the mentions of each asset, keyed {@code asset/itemId}. */
  public static final String MENTION_STORE = "news-mentions";

  /** Store of the last score emitted for each asset, keyed by asset. */
  public static final String SCORE_STORE = "news-scores-last";

  /** Name of the repartition from item id to asset. */
  public static final String REPARTITION = "news-mentions-by-asset";

  /** 1 h and 24 h windows, a 24 h baseline of at least 24 mentions, recomputed every minute. */
  public static NewsScoreConfig defaults() {
    return new NewsScoreConfig(
        Duration.ofHours(1),
        Duration.ofHours(24),
        24,
        24,
        Duration.ofMinutes(5),
        Duration.ofMinutes(1),
        Duration.ofMinutes(10));
  }

  public NewsScoreConfig {
    Objects.requireNonNull(shortWindow, "shortWindow");
    Objects.requireNonNull(longWindow, "longWindow");
    Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    Objects.requireNonNull(scoreInterval, "scoreInterval");
    Objects.requireNonNull(itemPruneInterval, "itemPruneInterval");
    if (!shortWindow.isPositive() || longWindow.compareTo(shortWindow) < 0) {
      throw new IllegalArgumentException("need 0 < shortWindow <= longWindow");
    }
    // A sample standard deviation needs two buckets.
    if (baselineBuckets < 2) {
      throw new IllegalArgumentException("baselineBuckets must be >= 2, was " + baselineBuckets);
    }
    if (minBaselineMentions < 1) {
      throw new IllegalArgumentException("minBaselineMentions must be >= 1");
    }
    if (maxFutureSkew.isNegative()
        || !scoreInterval.isPositive()
        || !itemPruneInterval.isPositive()) {
      throw new IllegalArgumentException("skew must be >= 0 and intervals > 0");
    }
  }

  /** The oldest published time any statistic looks at, as a distance back from now. */
  public Duration horizon() {
    Duration baseline = shortWindow.multipliedBy(baselineBuckets + 1L);
    return baseline.compareTo(longWindow) > 0 ? baseline : longWindow;
  }

  /**
   * How long an item's latest revision is remembered: the horizon plus one short window, so that a
   * revision arriving while the item's mentions are still at the edge of the horizon is still
   * recognised as a revision.
   */
  public Duration itemRetention() {
    return horizon().plus(shortWindow);
  }
}
