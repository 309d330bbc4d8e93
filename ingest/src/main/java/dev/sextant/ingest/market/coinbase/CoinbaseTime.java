package dev.sextant.ingest.market.coinbase;

import com.google.protobuf.Timestamp;
import dev.sextant.ingest.deadletter.DeadLetters;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FrameException;
import dev.sextant.ingest.market.WireTime;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads Coinbase's RFC 3339 times ({@code 2024-03-05T14:07:21.123456Z}, up to nanoseconds). The
 * common UTC form is parsed by hand, because {@link OffsetDateTime#parse} costs more than the rest
 * of a trade frame; anything else goes through it.
 */
final class CoinbaseTime {

  private CoinbaseTime() {}

  /**
   * The time {@code text} names.
   *
   * @throws FrameException MISSING_FIELD when absent, BAD_TIME when not RFC 3339
   */
  static Timestamp parse(String field, String text) {
    if (text == null) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"" + field + "\"");
    }
    Timestamp fast = fastUtc(text);
    if (fast != null) {
      return WireTime.checked("field \"" + field + "\"", fast);
    }
    // java.time takes "21.Z"; RFC 3339 wants a digit after the point.
    int point = text.indexOf('.');
    if (point >= 0 && (point + 1 == text.length() || !isDigit(text.charAt(point + 1)))) {
      throw bad(field, text);
    }
    try {
      Instant instant = OffsetDateTime.parse(text).toInstant();
      return WireTime.checked(
          "field \"" + field + "\"",
          Timestamp.newBuilder()
              .setSeconds(instant.getEpochSecond())
              .setNanos(instant.getNano())
              .build());
    } catch (DateTimeParseException e) {
      throw bad(field, text);
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static FrameException bad(String field, String text) {
    return new FrameException(
        ErrorKind.BAD_TIME,
        "field \""
            + field
            + "\" is not an RFC 3339 time: '"
            + DeadLetters.abbreviate(text, 200)
            + "'");
  }

  /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, or null for any other shape or an invalid field. */
  private static Timestamp fastUtc(String s) {
    int n = s.length();
    if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z') {
      return null;
    }
    if (s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    if (year < 1970 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59) {
      return null;
    }
    if (second > 59 || day > daysIn(year, month)) {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      if (s.charAt(19) != '.' || n == 21) {
        return null;
      }
      int fraction = digits(s, 20, n - 1);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int i = n - 1 - 20; i < 9; i++) {
        nanos *= 10;
      }
    } else if (s.charAt(19) != 'Z') {
      return null;
    }
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    long epochDay = epochDay(year, month, day);
    long seconds = epochDay * 86_400L + hour * 3_600L + minute * 60L + second;
    return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
  }

  /** The number the ASCII digits in {@code [from, to)} make, or -1 when one is not a digit. */
  private static int digits(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  private static int daysIn(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  // Howard Hinnant's days-from-civil, as in java.time.LocalDate.toEpochDay.
  private static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }
}
