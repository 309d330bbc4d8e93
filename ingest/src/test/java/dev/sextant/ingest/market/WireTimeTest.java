package dev.sextant.ingest.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.schemas.v1.Trade;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Record times from venue numbers: only what a protobuf Timestamp can hold. */
class WireTimeTest {

  private static final long FIRST_MILLI = -62_135_596_800_000L; // 0001-01-01T00:00:00Z
  private static final long LAST_MILLI = 253_402_300_799_999L; // 9999-12-31T23:59:59.999Z

  @ParameterizedTest
  @ValueSource(longs = {FIRST_MILLI, -1, 0, 1_772_460_000_123L, LAST_MILLI})
  void shouldTurnMillisInTheYearsOneTo9999IntoTimestampsJsonCanPrint(long millis) throws Exception {
    Timestamp time = WireTime.ofMillis(millis);

    assertThat(time.getSeconds() * 1000 + time.getNanos() / 1_000_000).isEqualTo(millis);
    assertThat(WireTime.millis("T", Long.toString(millis))).isEqualTo(time);
    // What `market parse` does with every record.
    assertThat(JsonFormat.printer().print(Trade.newBuilder().setEventTime(time))).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(longs = {Long.MIN_VALUE, FIRST_MILLI - 1, LAST_MILLI + 1, Long.MAX_VALUE})
  void shouldRejectMillisOutsideTheYearsOneTo9999AsABadTime(long millis) {
    assertThatThrownBy(() -> WireTime.ofMillis(millis))
        .isInstanceOfSatisfying(
            FrameException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_TIME))
        .hasMessageContaining(Long.toString(millis));
    assertThatThrownBy(() -> WireTime.millis("T", Long.toString(millis)))
        .isInstanceOfSatisfying(
            FrameException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_TIME))
        .hasMessageContaining("field \"T\"");
  }
}
