package dev.sextant.ingest.news.parse;

import com.rometools.rome.io.impl.DateParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Feed dates to instants: RFC 822/1123 (RSS) and ISO 8601 / W3C-DTF (Atom, Dublin Core) with
 * formatters built once; anything else goes to Rome's lenient parser. Rome alone builds a new
 * {@code SimpleDateFormat} per date and pattern tried, which was the parser's largest cost.
 *
 * <p>A date that does not exist (31 February, hour 25) is no date, on either path: java.time's
 * default SMART resolver would clamp 31 February to the 28th, and Rome's lenient parser would roll
 * it into 3 March (docs/news/parsing.md).
 */
final class FeedDates {

  /**
   * STRICT, so a day past the month's end is refused rather than clamped. Safe here because the
   * formatter reads the proleptic year (YEAR, as pattern 'uuuu'); a year-of-era ('yyyy') formatter
   * would resolve nothing under STRICT without an era.
   */
  private static final DateTimeFormatter RFC_1123 =
      DateTimeFormatter.RFC_1123_DATE_TIME.withResolverStyle(ResolverStyle.STRICT);

  private FeedDates() {}

  /** The instant {@code text} names, or null when no known form fits or the date does not exist. */
  static Instant parse(String text) {
    String value = text.strip();
    if (value.isEmpty()) {
      return null;
    }
    try {
      if (Character.isDigit(value.charAt(0))) {
        if (value.length() == 10) {
          // ISO_LOCAL_DATE, which LocalDate.parse uses, is STRICT already.
          return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      }
      ZonedDateTime date = ZonedDateTime.parse(value, RFC_1123);
      // The formatter takes "23" as the year 23; RFC 822's two-digit years are Rome's to read.
      if (date.getYear() >= 1000) {
        return date.toInstant();
      }
    } catch (DateTimeException e) {
      // Zone names (EST), two-digit years, missing seconds, a weekday that does not match the
      // date...: Rome knows the odd forms.
    }
    // Rome's parser is lenient (month 13 rolls into the next year, 31 February into March), so a
    // date whose fields do not exist is refused first.
    if (!exists(value)) {
      return null;
    }
    Date date = DateParser.parseDate(value, Locale.US);
    return date == null ? null : date.toInstant();
  }

  private static final Pattern ISO_FIELDS =
      Pattern.compile(
          "^(\\d{4})(?:-(\\d{1,2})(?:-(\\d{1,2}))?)?"
              + "(?:[T ](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2}))?)?");

  private static final Pattern RFC_FIELDS =
      Pattern.compile(
          "^(?:[A-Za-z]+\\.?,?\\s*)?(\\d{1,2})\\s+([A-Za-z]+)\\.?,?\\s+(\\d{2,4})"
              + "(?:\\s+(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2}))?)?");

  private static final Map<String, Integer> MONTHS =
      Map.ofEntries(
          Map.entry("jan", 1),
          Map.entry("feb", 2),
          Map.entry("mar", 3),
          Map.entry("apr", 4),
          Map.entry("may", 5),
          Map.entry("jun", 6),
          Map.entry("jul", 7),
          Map.entry("aug", 8),
          Map.entry("sep", 9),
          Map.entry("oct", 10),
          Map.entry("nov", 11),
          Map.entry("dec", 12));

  /**
   * False when a W3C-DTF or RFC 822 date names a month, day, hour, minute or second that does not
   * exist; true for the forms it does not recognise, which Rome then judges.
   */
  private static boolean exists(String value) {
    Matcher iso = ISO_FIELDS.matcher(value);
    if (iso.find()) {
      return exists(
          number(iso.group(1), 1),
          number(iso.group(2), 1),
          number(iso.group(3), 1),
          number(iso.group(4), 0),
          number(iso.group(5), 0),
          number(iso.group(6), 0));
    }
    Matcher rfc = RFC_FIELDS.matcher(value);
    if (rfc.find()) {
      String name = rfc.group(2).toLowerCase(Locale.ROOT);
      Integer month = name.length() >= 3 ? MONTHS.get(name.substring(0, 3)) : null;
      if (month == null) {
        return true;
      }
      int year = number(rfc.group(3), 0);
      // Two digits are this century as far as leap years go (Rome reads them within 80 years
      // back and 20 ahead; only 1900 and 2000 differ, and 1900 is before any feed date).
      if (rfc.group(3).length() == 2) {
        year += 2000;
      }
      return exists(
          year,
          month,
          number(rfc.group(1), 1),
          number(rfc.group(4), 0),
          number(rfc.group(5), 0),
          number(rfc.group(6), 0));
    }
    return true;
  }

  private static boolean exists(int year, int month, int day, int hour, int minute, int second) {
    // Second 60 is a leap second, which Rome reads as the next second: the right instant.
    if (hour > 23 || minute > 59 || second > 60 || month < 1 || month > 12 || day < 1) {
      return false;
    }
    return day <= LocalDate.of(year, month, 1).lengthOfMonth();
  }

  private static int number(String field, int absent) {
    return field == null ? absent : Integer.parseInt(field);
  }
}
