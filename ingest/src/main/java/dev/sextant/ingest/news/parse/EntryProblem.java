package dev.sextant.ingest.news.parse;

/**
 * Something wrong with one entry of an otherwise good feed. {@code index} is the entry's 0-based
 * position in the feed as published.
 */
public record EntryProblem(int index, Kind kind, String detail) {

  /** What was wrong; {@link #skipped()} tells whether the entry was dropped. */
  public enum Kind {
    /** No link (nor a permalink guid / Atom id URL): the id derives from the URL, so skipped. */
    NO_LINK(true),
    /** A link that is not an absolute http(s) URL (e.g. {@code javascript:}): skipped. */
    BAD_LINK(true),
    /**
     * A link longer than {@link FeedParser#LINK_LIMIT} characters once canonical: no article needs
     * one, and the NewsItem carrying it could be larger than Kafka accepts. Skipped.
     */
    LONG_LINK(true),
    /** A date that does not parse: the entry is kept with the fetch time. */
    INVALID_DATE(false);

    private final boolean skipped;

    Kind(boolean skipped) {
      this.skipped = skipped;
    }

    public boolean skipped() {
      return skipped;
    }
  }
}
