package dev.sextant.streams.kstreams.candle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CandleConfigTest {

  @Test
  void shouldRefuseAGraceOrIdleAllowanceOfMoreThanAWeek() {
    CandleConfig defaults = CandleConfig.defaults();
    assertThat(defaults.withGrace(Duration.ofDays(7)).grace()).isEqualTo(Duration.ofDays(7));
    assertThatThrownBy(() -> defaults.withGrace(Duration.ofDays(7).plusMillis(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 7 days");
    assertThatThrownBy(() -> defaults.withSeriesIdleAfter(Duration.ofDays(365)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 7 days");
  }

  @Test
  void shouldSendOneLiveUpdatePerTradeByDefault() {
    assertThat(CandleConfig.defaults().liveEmitInterval()).isZero();
    assertThat(CandleConfig.defaults().seriesIdleAfter()).isEqualTo(Duration.ofSeconds(5));
  }
}
