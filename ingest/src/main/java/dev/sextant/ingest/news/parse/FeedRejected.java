package dev.sextant.ingest.news.parse;

/**
 * A whole feed body refused before or while parsing. The {@link Reason} is stable (metrics and dead
 * letters key on it); the message is for people.
 */
public final class FeedRejected extends RuntimeException {

  /** Why a feed body was refused. */
  public enum Reason {
    /** The body is larger than the configured limit (checked before any parsing). */
    TOO_LARGE,
    /** The body declares a DOCTYPE: refused to rule out external entities and entity expansion. */
    DOCTYPE,
    /** The bytes are not valid in the declared (or detected) charset, or the charset is unknown. */
    BAD_ENCODING,
    /** The body is not well-formed XML (JSON, HTML, truncated or broken markup, empty). */
    NOT_XML,
    /** Well-formed XML that is not RSS 0.9x/1.0/2.0 or Atom. */
    NOT_A_FEED
  }

  private final Reason reason;

  public FeedRejected(Reason reason, String message) {
    this(reason, message, null);
  }

  public FeedRejected(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
