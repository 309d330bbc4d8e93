package dev.sextant.streams.kstreams.news;

import com.google.protobuf.Timestamp;
import dev.sextant.schemas.v1.AssetSentiment;
import dev.sextant.schemas.v1.NewsItem;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads one news item into the mentions it should count, per asset: the pure rules of what a story
 * contributes, apart from any state.
 */
final class ItemMentions {

  /** Separates asset and item id in the mention store's keys; no asset symbol may hold it. */
  static final String KEY_SEPARATOR = "/";

  /** Seconds whose milliseconds still fit a long: the range {@link #toMillis} saturates to. */
  private static final long MAX_SECONDS = Long.MAX_VALUE / 1000 - 1;

  private static final long MIN_SECONDS = Long.MIN_VALUE / 1000 + 1;

  /** The item's published time (clamped) and the mentions it counts, per asset. */
  record Reading(long publishedMs, Map<String, Mention> mentions) {}

  private final NewsScoreConfig config;

  ItemMentions(NewsScoreConfig config) {
    this.config = config;
  }

  /**
   * The mentions {@code item} should count now.
   *
   * @param arrivalMs the record's timestamp (when the item reached Kafka): the latest a published
   *     time can plausibly be, give or take the allowed skew
   * @param nowMs stream time (never earlier than {@code arrivalMs}): published times before its
   *     horizon count nowhere
   * @param problems told of every problem met, skipped or not
   * @return empty when the item must be skipped altogether (nothing changes, an older revision
   *     keeps counting); otherwise the mentions per asset, possibly none (the item falls before the
   *     horizon, or a revision took every asset away)
   */
  Optional<Reading> read(
      NewsItem item, long arrivalMs, long nowMs, Consumer<InputProblem> problems) {
    if (!item.hasPublished() || isUnset(item.getPublished())) {
      problems.accept(InputProblem.MISSING_PUBLISHED);
      return Optional.empty();
    }
    long published = toMillis(item.getPublished());
    if (published > arrivalMs + config.maxFutureSkew().toMillis()) {
      // An item cannot be published after it was fetched: a wrong time zone or a typo in the feed.
      problems.accept(InputProblem.FUTURE_PUBLISHED);
      published = arrivalMs;
    }
    if (published <= nowMs - config.horizon().toMillis()) {
      problems.accept(InputProblem.TOO_OLD);
      return Optional.of(new Reading(published, Map.of()));
    }
    Map<String, Double> perAsset = new HashMap<>();
    for (AssetSentiment s : item.getAssetSentimentsList()) {
      perAsset.put(s.getAsset(), s.getSentiment());
    }
    Map<String, Mention> mentions = new TreeMap<>();
    for (String asset : item.getAssetsList()) {
      if (asset.isBlank() || asset.contains(KEY_SEPARATOR)) {
        problems.accept(InputProblem.BAD_ASSET);
        continue;
      }
      double sentiment = perAsset.getOrDefault(asset, item.getSentiment());
      if (!Double.isFinite(sentiment)) {
        problems.accept(InputProblem.BAD_SENTIMENT);
        return Optional.empty();
      }
      if (sentiment < -1 || sentiment > 1) {
        problems.accept(InputProblem.SENTIMENT_CLAMPED);
        sentiment = Math.max(-1, Math.min(1, sentiment));
      }
      mentions.put(asset, new Mention(published, sentiment));
    }
    if (mentions.isEmpty()) {
      // Skipped if it is a first revision; a later revision without assets withdraws the earlier.
      problems.accept(InputProblem.NO_ASSETS);
    }
    return Optional.of(new Reading(published, mentions));
  }

  private static boolean isUnset(Timestamp t) {
    return t.getSeconds() == 0 && t.getNanos() == 0;
  }

  /**
   * Epoch milliseconds, saturated: a garbage timestamp far outside the range of a long in
   * milliseconds becomes the extreme value (then clamped as future, or too old) instead of wrapping
   * round to a plausible time.
   */
  static long toMillis(Timestamp t) {
    long seconds = Math.clamp(t.getSeconds(), MIN_SECONDS, MAX_SECONDS);
    return seconds * 1000L + t.getNanos() / 1_000_000;
  }
}
