package dev.sextant.ingest.news.parse;

import com.rometools.rome.io.impl.DateParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Feed dates to instants: RFC 822/1123 (RSS) and ISO 8601 / W3C-DTF (Atom, Dublin Core) with
 * formatters built once; anything else goes to Rome's lenient parser. Rome alone builds a new
 * {@code SimpleDateFormat} per date and pattern tried, which was the parser's largest cost.
 */
final class FeedDates {

  private FeedDates() {}

  /** The instant {@code text} names, or null when no known form fits. */
  static Instant parse(String text) {
    String value = text.strip();
    if (value.isEmpty()) {
      return null;
    }
    try {
      if (Character.isDigit(value.charAt(0))) {
        if (value.length() == 10) {
          return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      }
      return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      // Zone names (EST), two-digit years, missing seconds...: Rome knows the odd forms. Its
      // parser is lenient (month 13 rolls into the next year), so numeric fields out of range
      // are refused first.
      if (!inRange(value)) {
        return null;
      }
      Date date = DateParser.parseDate(value, Locale.US);
      return date == null ? null : date.toInstant();
    }
  }

  private static final Pattern ISO_FIELDS =
      Pattern.compile("^\\d{4}(?:-(\\d{1,2})(?:-(\\d{1,2}))?)?(?:[T ](\\d{1,2}):(\\d{1,2}))?");

  /** False when a W3C-DTF date names a month, day, hour or minute that does not exist. */
  private static boolean inRange(String value) {
    Matcher m = ISO_FIELDS.matcher(value);
    if (!m.find()) {
      return true;
    }
    return within(m.group(1), 1, 12)
        && within(m.group(2), 1, 31)
        && within(m.group(3), 0, 23)
        && within(m.group(4), 0, 59);
  }

  private static boolean within(String field, int min, int max) {
    if (field == null) {
      return true;
    }
    int n = Integer.parseInt(field);
    return n >= min && n <= max;
  }
}
