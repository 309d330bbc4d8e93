package dev.sextant.ingest.news.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FeedDatesTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Tue, 24 Nov 2026 09:30:00 +0100 | 2026-11-24T08:30:00Z",
        "Mon, 13 Mar 2023 10:13:50 +0000 | 2023-03-13T10:13:50Z",
        "Mon, 13 Mar 2023 10:13:50 GMT   | 2023-03-13T10:13:50Z",
        "2026-11-24T09:30:00Z            | 2026-11-24T09:30:00Z",
        "2026-11-24T09:30:00.250+02:00   | 2026-11-24T07:30:00.250Z",
        "2016-02-01                      | 2016-02-01T00:00:00Z",
        // Forms java.time does not take go to Rome's lenient parser.
        "Mon, 13 Mar 2023 05:13:50 EST   | 2023-03-13T10:13:50Z",
        "13 Mar 2023 10:13 +0000         | 2023-03-13T10:13:00Z",
        // Two-digit years (RFC 822) are this century, not year 23.
        "13 Mar 23 10:13:50 GMT          | 2023-03-13T10:13:50Z",
        "Mon, 13 Mar 23 10:13:50 +0000   | 2023-03-13T10:13:50Z",
        // A leap day that exists; a weekday that does not match the date is ignored.
        "Thu, 29 Feb 2024 10:00:00 GMT   | 2024-02-29T10:00:00Z",
        "2024-02-29                      | 2024-02-29T00:00:00Z",
        "Mon, 24 Nov 2026 09:30:00 +0100 | 2026-11-24T08:30:00Z",
        // A leap second is the instant after 23:59:59.
        "Tue, 24 Nov 2026 23:59:60 GMT   | 2026-11-25T00:00:00Z",
      })
  void shouldReadTheDateFormsOfFeeds(String text, String expected) {
    assertThat(FeedDates.parse(text)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "yesterday", "2026-13-45T99:00:00Z", "Tue, 99 Foo 2026"})
  void shouldGiveNullForWhatIsNoDate(String text) {
    assertThat(FeedDates.parse(text)).isNull();
  }

  /**
   * Days, hours and minutes that do not exist are no dates: a lenient parser would roll them into
   * another, valid date (31 Feb into 3 Mar), and java.time's default SMART resolver clamps a day
   * past the month's end to its last day.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "Fri, 31 Feb 2025 10:00:00 GMT",
        "Sat, 31 Feb 2025 10:00:00 GMT",
        "31 Feb 2025 10:00:00 GMT",
        "Sun, 29 Feb 2025 10:00:00 +0000",
        "29 Feb 23 10:00 GMT",
        "32 Jan 2025 10:00:00 GMT",
        "Wed, 31 Apr 2024 10:00 EST",
        "Mon, 13 Mar 2023 25:00:00 GMT",
        "Mon, 13 Mar 2023 24:00:00 GMT",
        "Mon, 13 Mar 2023 10:61:00 GMT",
        "Mon, 13 Mar 2023 10:13:61 EST",
        "Mon, 00 Mar 2023 10:00:00 GMT",
        "2025-02-31",
        "2025-02-31T10:00:00Z",
        "2023-02-29T10:00:00+01:00",
        "2025-04-31 10:00:00",
        "2025-01-10T10:00:75Z",
      })
  void shouldGiveNullForADateThatDoesNotExist(String text) {
    assertThat(FeedDates.parse(text)).isNull();
  }
}
