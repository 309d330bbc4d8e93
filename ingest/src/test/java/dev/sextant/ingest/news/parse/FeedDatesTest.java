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
      })
  void shouldReadTheDateFormsOfFeeds(String text, String expected) {
    assertThat(FeedDates.parse(text)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "yesterday", "2026-13-45T99:00:00Z", "Tue, 99 Foo 2026"})
  void shouldGiveNullForWhatIsNoDate(String text) {
    assertThat(FeedDates.parse(text)).isNull();
  }
}
