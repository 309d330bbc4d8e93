package dev.sextant.ingest.market.kraken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FrameException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KrakenTimeTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-08-09T12:00:01.123456Z",
        "2026-08-09T12:00:01Z",
        "2024-02-29T23:59:59.999999999Z",
        "2023-09-25T07:48:36.9Z",
        "2026-08-09T14:00:01.5+02:00"
      })
  void shouldReadRfc3339AsInstantParseDoes(String text) {
    assertThat(KrakenTime.rfc3339("timestamp", text)).isEqualTo(Instant.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-02-30T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-08-09T12:60:00Z",
        "2026-08-09T12:00:01.1234567890Z",
        "2026-08-09 12:00:01Z",
        "noon",
        ""
      })
  void shouldRejectWhatIsNotATime(String text) {
    assertThatThrownBy(() -> KrakenTime.rfc3339("timestamp", text))
        .isInstanceOf(FrameException.class)
        .hasMessageContaining("\"timestamp\"")
        .satisfies(e -> assertThat(((FrameException) e).kind()).isEqualTo(ErrorKind.BAD_TIME));
  }

  @Test
  void shouldReadV1EpochSecondsWithMicroseconds() {
    assertThat(KrakenTime.epochSeconds("time", "1618678142.557535"))
        .isEqualTo(Instant.ofEpochSecond(1618678142L, 557_535_000));
    assertThat(KrakenTime.epochSeconds("time", "1618678142"))
        .isEqualTo(Instant.ofEpochSecond(1618678142L));
    for (String bad :
        new String[] {"-1.5", "1.2.3", "1e9", "99999999999999.0", ".5", "1.1234567891"}) {
      assertThatThrownBy(() -> KrakenTime.epochSeconds("time", bad))
          .as(bad)
          .isInstanceOf(FrameException.class);
    }
  }
}
