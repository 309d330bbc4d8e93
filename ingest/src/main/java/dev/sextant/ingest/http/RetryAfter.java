package dev.sextant.ingest.http;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;

/**
 * The HTTP {@code Retry-After} header (RFC 9110 §10.2.3): either whole seconds to wait or the
 * HTTP-date after which to retry. Anything else is ignored rather than trusted.
 */
public final class RetryAfter {

  // HTTP dates are in English whatever the locale.

  /** RFC 850 dates ({@code Sunday, 06-Nov-94 08:49:37 GMT}), obsolete but still legal. */
  private static final DateTimeFormatter RFC_850 =
      DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.US);

  /**
   * RFC 850 read as RFC 9110 §5.6.7 asks: a two-digit year more than 50 years ahead of {@code now}
   * is the past century's ("94" is 1994, not 2094).
   */
  private static DateTimeFormatter rfc850(Instant now) {
    LocalDate base = now.atZone(ZoneOffset.UTC).toLocalDate().minusYears(49);
    return new DateTimeFormatterBuilder()
        .appendPattern("EEEE, dd-MMM-")
        .appendValueReduced(ChronoField.YEAR, 2, 2, base)
        .appendPattern(" HH:mm:ss zzz")
        .toFormatter(Locale.US);
  }

  /** ANSI C asctime dates ({@code Sun Nov 6 08:49:37 1994}), obsolete but still legal. */
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
          .withZone(java.time.ZoneOffset.UTC);

  private RetryAfter() {}

  /**
   * The wait the header asks for, seen from {@code now}: a date in the past means retry at once
   * (zero); a value that is neither a count of seconds nor a date is empty.
   */
  public static Optional<Duration> parse(String header, Instant now) {
    if (header == null) {
      return Optional.empty();
    }
    String value = header.strip();
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (isDigits(value)) {
      // Ten digits of seconds are over 300 years: a longer value is garbage, not a plan.
      return value.length() > 10
          ? Optional.empty()
          : Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }
    for (DateTimeFormatter format :
        new DateTimeFormatter[] {DateTimeFormatter.RFC_1123_DATE_TIME, RFC_850, ASCTIME}) {
      try {
        Instant at =
            ZonedDateTime.parse(value, format == RFC_850 ? rfc850(now) : format).toInstant();
        Duration wait = Duration.between(now, at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeException notThisFormat) {
        // Try the next format the RFC allows.
      }
    }
    return Optional.empty();
  }

  private static boolean isDigits(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
