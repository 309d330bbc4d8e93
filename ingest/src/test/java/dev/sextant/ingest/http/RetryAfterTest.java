package dev.sextant.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

  @Test
  void shouldReadWholeSeconds() {
    assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 3 ", NOW)).contains(Duration.ofSeconds(3));
    assertThat(RetryAfter.parse("0", NOW)).contains(Duration.ZERO);
  }

  @Test
  void shouldReadAnHttpDateAsTheWaitUntilThen() {
    assertThat(RetryAfter.parse("Sat, 01 Mar 2025 12:00:05 GMT", NOW))
        .contains(Duration.ofSeconds(5));
  }

  @Test
  void shouldReadTheObsoleteDateFormatsTheRfcStillAllows() {
    assertThat(RetryAfter.parse("Saturday, 01-Mar-25 12:01:00 GMT", NOW))
        .contains(Duration.ofMinutes(1));
    assertThat(RetryAfter.parse("Sat Mar  1 12:00:30 2025", NOW)).contains(Duration.ofSeconds(30));
  }

  @Test
  void shouldReadATwoDigitYearAsThePastCenturysWhenItWouldBeOver50YearsAhead() {
    // The RFC's own example: 1994, long past, so retry at once (not in 2094, not ignored).
    assertThat(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", NOW)).contains(Duration.ZERO);
  }

  @Test
  void shouldRetryAtOnceWhenTheDateHasPassed() {
    assertThat(RetryAfter.parse("Sat, 01 Mar 2025 11:59:00 GMT", NOW)).contains(Duration.ZERO);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "-5", "1.5", "soon", "99999999999999", "Sat, 99 Mar 2025"})
  void shouldIgnoreWhatIsNeitherSecondsNorADate(String header) {
    assertThat(RetryAfter.parse(header, NOW)).isEmpty();
  }

  @Test
  void shouldIgnoreAMissingHeader() {
    assertThat(RetryAfter.parse(null, NOW)).isEmpty();
  }
}
