package dev.sextant.ingest.news.sentiment;

import java.util.List;
import java.util.Map;

/**
 * The sentiment of an item.
 *
 * @param score item score in [-1, 1]
 * @param perAsset score in [-1, 1] per tagged asset, from the sentences that mention it
 * @param topTerms the largest absolute contributions, largest first
 */
public record Sentiment(double score, Map<String, Double> perAsset, List<Term> topTerms) {

  /** Scores closer to zero than this read as neutral. */
  public static final double NEUTRAL_BAND = 0.1;

  public Sentiment {
    perAsset = Map.copyOf(perAsset);
    topTerms = List.copyOf(topTerms);
  }

  /** -1, 0 or +1: the direction of {@code score}, zero inside the neutral band. */
  public int sign() {
    return Math.abs(score) < NEUTRAL_BAND ? 0 : (score > 0 ? 1 : -1);
  }
}
