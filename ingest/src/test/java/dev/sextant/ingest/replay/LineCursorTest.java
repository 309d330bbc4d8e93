package dev.sextant.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LineCursorTest {

  @Test
  void shouldStartFromZeroWithoutCommittedCursor() {
    assertThat(LineCursor.parse("s", Optional.empty())).isZero();
  }

  @Test
  void shouldRoundTripLineNumber() {
    assertThat(LineCursor.parse("s", Optional.of(LineCursor.format(12345)))).isEqualTo(12345);
  }

  @Test
  void shouldRejectPositionThatIsNotALineNumber() {
    assertThatThrownBy(() -> LineCursor.parse("src", Optional.of("block:17173049")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'block:17173049' of source 'src' is not a line number");
    assertThatThrownBy(() -> LineCursor.parse("src", Optional.of("-3")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
