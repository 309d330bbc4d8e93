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
      Instant instant = fastUtc(text);
      if (instant == null) {
        instant = Instant.parse(text);
      }
      if (instant.getEpochSecond() < 0 || instant.getEpochSecond() > MAX_SECONDS) {
        throw bad(field, text);
      }
      return instant;
    } catch (DateTimeParseException e) {
      throw bad(field, text);
    }
  }

  /**
   * Kraken's own form, "2023-09-25T07:48:36.925533Z", without the cost of a formatter (trades are
   * the hot path); null for any other form, which then goes through {@link Instant#parse}.
   */
  private static Instant fastUtc(String t) {
    int n = t.length();
    if (n < 20
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':'
        || t.charAt(n - 1) != 'Z') {
      return null;
    }
    int year = number(t, 0, 4);
    int month = number(t, 5, 7);
    int day = number(t, 8, 10);
    int hour = number(t, 11, 13);
    int minute = number(t, 14, 16);
    int second = number(t, 17, 19);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    long nanos = 0;
    if (n > 20) {
      int digits = n - 21;
      if (t.charAt(19) != '.' || digits < 1 || digits > 9) {
        return null;
      }
      int fraction = number(t, 20, n - 1);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int i = digits; i < 9; i++) {
        nanos *= 10;
      }
    } else if (n != 20) {
      return null;
    }
    if (day > java.time.YearMonth.of(year, month).lengthOfMonth() || year < 1970) {
      return null;
    }
    long days = java.time.LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
  }

  /** The decimal digits of t[from, to) as an int, or -1 when any is not a digit. */
  private static int number(String t, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
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
