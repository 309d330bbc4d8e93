package dev.sextant.ingest.market.coinbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FrameException;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CoinbaseTimeTest {

  private static Timestamp expected(String text) {
    Instant i = java.time.OffsetDateTime.parse(text).toInstant();
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  @Test
  void shouldAgreeWithJavaTimeOnEveryFractionLength() {
    Random random = new Random(3);
    for (int i = 0; i < 20_000; i++) {
      long nanos = (long) (random.nextDouble() * 4_102_444_800_000_000_000L);
      int digits = random.nextInt(10);
      String full = SimulatedMarket.time(nanos, 9);
      String text =
          digits == 0 ? full.substring(0, 19) + "Z" : full.substring(0, 20 + digits) + "Z";
      assertThat(CoinbaseTime.parse("time", text)).as(text).isEqualTo(expected(text));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-02-29T23:59:59.999999Z",
        "2026-03-05T14:07:21+02:00",
        "2026-03-05T14:07:21.5-05:30",
        "2000-12-31T00:00:00Z"
      })
  void shouldReadLeapDaysAndOffsets(String text) {
    assertThat(CoinbaseTime.parse("time", text)).isEqualTo(expected(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2023-02-29T00:00:00Z",
        "2026-13-05T14:07:21Z",
        "2026-03-05T24:07:21Z",
        "2026-03-05T14:07:21.Z",
        "2026-03-05 14:07:21Z",
        "2026-03-05T14:07:21.1234567890Z",
        "yesterday"
      })
  void shouldRejectWhatIsNotRfc3339(String text) {
    assertThatThrownBy(() -> CoinbaseTime.parse("time", text))
        .isInstanceOf(FrameException.class)
        .hasMessageContaining("field \"time\" is not an RFC 3339 time")
        .extracting(e -> ((FrameException) e).kind())
        .isEqualTo(ErrorKind.BAD_TIME);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0000-12-31T23:59:59Z", "0001-01-01T00:30:00+01:00"})
  void shouldRejectATimeBeforeTheYearOne(String text) {
    assertThatThrownBy(() -> CoinbaseTime.parse("time", text))
        .isInstanceOf(FrameException.class)
        .hasMessageContaining("field \"time\" is not a time in the years 1 to 9999")
        .extracting(e -> ((FrameException) e).kind())
        .isEqualTo(ErrorKind.BAD_TIME);
  }
}
