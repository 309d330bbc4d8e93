package dev.sextant.ingest.market.kraken;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FrameException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Kraken's two time formats: v1 epoch seconds with microseconds, v2 RFC 3339. */
final class KrakenTime {

  /** Later than any real market time; rejects garbage that still parses. */
  private static final long MAX_SECONDS = 32_503_680_000L; // year 3000

  private KrakenTime() {}

  /**
   * Parses v1's "1618678142.557535" (seconds since the epoch, up to nanosecond digits).
   *
   * @throws FrameException BAD_TIME naming {@code field}
   */
  static Instant epochSeconds(String field, String text) {
    if (text == null || text.isEmpty() || text.length() > 32) {
      throw bad(field, text);
    }
    int dot = text.indexOf('.');
    String whole = dot < 0 ? text : text.substring(0, dot);
    String fraction = dot < 0 ? "" : text.substring(dot + 1);
    if (whole.isEmpty() || fraction.length() > 9 || !digits(whole) || !digits(fraction)) {
      throw bad(field, text);
    }
    long seconds = whole.length() > 12 ? Long.MAX_VALUE : Long.parseLong(whole);
    if (seconds > MAX_SECONDS) {
      throw bad(field, text);
    }
    long nanos = fraction.isEmpty() ? 0 : Long.parseLong((fraction + "000000000").substring(0, 9));
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /**
   * Parses v2's "2023-09-25T07:48:36.925533Z".
   *
   * @throws FrameException BAD_TIME naming {@code field}
   */
  static Instant rfc3339(String field, String text) {
    if (text == null || text.length() > 40) {
      throw bad(field, text);
    }
    try {
      Instant instant = Instant.parse(text);
      if (instant.getEpochSecond() < 0 || instant.getEpochSecond() > MAX_SECONDS) {
        throw bad(field, text);
      }
      return instant;
    } catch (DateTimeParseException e) {
      throw bad(field, text);
    }
  }

  private static boolean digits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static FrameException bad(String field, String text) {
    return new FrameException(
        ErrorKind.BAD_TIME,
        "field \""
            + field
            + "\" is not a time: '"
            + (text == null ? "null" : text.length() > 60 ? text.substring(0, 60) + "..." : text)
            + "'");
  }
}
