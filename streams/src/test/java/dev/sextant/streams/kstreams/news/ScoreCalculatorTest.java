package dev.sextant.streams.kstreams.news;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreCalculatorTest {

  private static final long H = Duration.ofHours(1).toMillis();
  private static final long NOW = 1_000 * H;

  private final ScoreCalculator calculator = new ScoreCalculator(NewsScoreConfig.defaults());

  @Test
  void shouldCloseEachWindowOnItsLeftEdge() {
    var score =
        calculator.score(
            "BTC",
            List.of(
                new Mention(NOW + 60_000, 1.0), // a minute ahead of the clock: counts as current
                new Mention(NOW - H + 1, 0.5), // just inside the hour
                new Mention(NOW - H, -1.0), // exactly one hour old: outside the hour
                new Mention(NOW - 24 * H + 1, 0.25), // just inside the day
                new Mention(NOW - 24 * H, 0.75)), // exactly a day old: outside the day
            NOW);

    assertThat(score.getMentions1H()).isEqualTo(2);
    assertThat(score.getMeanSentiment1H()).isEqualTo((1.0 + 0.5) / 2);
    assertThat(score.getMentions24H()).isEqualTo(4);
    assertThat(score.getMeanSentiment24H()).isEqualTo((1.0 + 0.5 + -1.0 + 0.25) / 4);
    assertThat(score.getEventTime().getSeconds()).isEqualTo(NOW / 1000);
  }

  @Test
  void shouldScoreAgainstTheHourlyBucketsBeforeTheCurrentHour() {
    // Bucket k holds the mentions aged [k h, (k+1) h): k hours 1..24 hold 2 each except
    // bucket 1 (4) and bucket 24 (0): total 48, mean 2, squared deviations 4 + 4, variance 8/23.
    List<Mention> mentions = new ArrayList<>();
    for (int k = 1; k <= 24; k++) {
      int count = k == 1 ? 4 : k == 24 ? 0 : 2;
      for (int i = 0; i < count; i++) {
        mentions.add(new Mention(NOW - k * H - i, 0));
      }
    }
    mentions.add(new Mention(NOW - 25 * H + 1, 0)); // the last millisecond of bucket 24
    mentions.add(new Mention(NOW - 25 * H, 0)); // past the horizon: ignored
    mentions.add(new Mention(NOW, 0));

    var score = calculator.score("BTC", mentions, NOW);

    // Bucket 24 got the one mention aged 25 h - 1 ms: counts 4, 2 x 22, 1; total 49.
    double mean = 49.0 / 24;
    double squares =
        (4 - mean) * (4 - mean) + 22 * (2 - mean) * (2 - mean) + (1 - mean) * (1 - mean);
    assertThat(score.getVelocityDefined()).isTrue();
    assertThat(score.getBaselineMentions()).isEqualTo(49);
    assertThat(score.getVelocityZ())
        .isCloseTo(
            (1 - mean) / Math.sqrt(squares / 23), org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void shouldLeaveVelocityUndefinedAtZeroWhenTheBaselineIsTooSmallOrFlat() {
    long[] small = new long[24];
    small[3] = 23;
    assertThat(calculator.velocity(50, small))
        .isEqualTo(new ScoreCalculator.Velocity(0, false, 23));

    long[] flat = new long[24];
    java.util.Arrays.fill(flat, 2);
    assertThat(calculator.velocity(50, flat)).isEqualTo(new ScoreCalculator.Velocity(0, false, 48));

    long[] enough = new long[24];
    enough[3] = 24;
    // mean 1, squared deviations 23 x 1 + 23 x 23 = 552, variance 24, sd sqrt(24).
    assertThat(calculator.velocity(5, enough))
        .isEqualTo(new ScoreCalculator.Velocity((5 - 1) / Math.sqrt(24.0), true, 24));
  }
}
