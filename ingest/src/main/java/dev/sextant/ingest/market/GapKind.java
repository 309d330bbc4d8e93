package dev.sextant.ingest.market;

/** Why a book lost sync with the venue; a metric tag. */
public enum GapKind {
  /** A sequence number was skipped, repeated out of order, or did not link to the previous one. */
  SEQUENCE("sequence"),
  /** The venue's checksum of the book after an update did not match ours. */
  CHECKSUM("checksum"),
  /** The connection dropped with the book open; it is rebuilt from the next snapshot. */
  RECONNECT("reconnect");

  private final String tag;

  GapKind(String tag) {
    this.tag = tag;
  }

  /** The metric tag value. */
  public String tag() {
    return tag;
  }

  @Override
  public String toString() {
    return tag;
  }
}
