package dev.sextant.streams.kstreams.news;

import java.util.Locale;

/** Why a news item was skipped or changed on its way in: the {@code problem} tag of its counter. */
enum InputProblem {
  /** The record had no key (item id): it cannot be matched with its revisions. Skipped. */
  NO_KEY,
  /**
   * An item without any usable asset: skipped, or, for a later revision, its earlier assets are
   * withdrawn.
   */
  NO_ASSETS,
  /** No published time. Skipped. */
  MISSING_PUBLISHED,
  /** Published after its arrival plus the allowed skew. Clamped to the arrival time. */
  FUTURE_PUBLISHED,
  /** Sentiment not a finite number. Skipped. */
  BAD_SENTIMENT,
  /** Sentiment outside [-1, 1]. Clamped into it. */
  SENTIMENT_CLAMPED,
  /** An asset symbol that is blank or holds the store key separator. The asset is left out. */
  BAD_ASSET,
  /** A revision older than the one already counted. Skipped. */
  STALE_REVISION,
  /**
   * Published before the horizon: it falls in no window. Not counted (its older revision, if any,
   * is withdrawn).
   */
  TOO_OLD;

  String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
