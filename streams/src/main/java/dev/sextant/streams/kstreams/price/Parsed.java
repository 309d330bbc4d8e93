package dev.sextant.streams.kstreams.price;

/** The outcome of reading one trade or quote: a usable update, or why it cannot be used. */
public sealed interface Parsed {

  /** A usable update. */
  record Ok(VenueUpdate update) implements Parsed {}

  /** An input that is counted under {@code reason} and skipped. */
  record Rejected(String reason, String detail) implements Parsed {}

  /** Reasons, the tag values of the skipped-input counter. */
  String UNKNOWN_INSTRUMENT = "unknown_instrument";

  String UNSUPPORTED_INSTRUMENT = "unsupported_instrument";
  String BAD_DECIMAL = "bad_decimal";
  String NON_POSITIVE = "non_positive";
  String CROSSED_QUOTE = "crossed_quote";
  String MISSING_TIME = "missing_time";
  String BAD_TIME = "bad_time";
  String FUTURE_TIME = "future_time";
  String RETRACTION = "retraction";
  String NULL_VALUE = "null_value";
}
