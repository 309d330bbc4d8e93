package dev.sextant.ingest.deadletter;

/** A stable class of ingest error, written as {@code DeadLetter.error_kind} and used as a tag. */
public enum ErrorKind {
  /** The input is not JSON, or not the JSON shape the venue sends (e.g. not an object). */
  MALFORMED_JSON("malformed_json"),
  /** A field the record needs is absent or null. */
  MISSING_FIELD("missing_field"),
  /** A number (price, size, sequence, id) cannot be read exactly, or is out of range. */
  BAD_NUMBER("bad_number"),
  /** A timestamp is not RFC 3339. */
  BAD_TIME("bad_time"),
  /** A field holds a value outside its known set (e.g. a side that is neither buy nor sell). */
  BAD_VALUE("bad_value"),
  /** The venue's product id maps to no Sextant instrument. */
  UNKNOWN_INSTRUMENT("unknown_instrument"),
  /** A capture line that is not a frame (e.g. its time prefix is not a number). */
  MALFORMED_FRAME("malformed_frame"),
  /** The adapter itself failed on the input: a bug, kept out of the way of the good frames. */
  ADAPTER_ERROR("adapter_error"),
  /** A frame larger than the connection's bound; only its head is kept. */
  OVERSIZED_FRAME("oversized_frame"),
  /** Well-formed JSON of a message type or channel the protocol does not define. */
  UNKNOWN_MESSAGE("unknown_message"),
  /** The venue answered with an error (a refused subscription, a failed REST snapshot). */
  VENUE_ERROR("venue_error");

  private final String wireName;

  ErrorKind(String wireName) {
    this.wireName = wireName;
  }

  /** The snake_case name written to {@code DeadLetter.error_kind}. */
  public String wireName() {
    return wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
