package dev.sextant.streams.kstreams.news;

import static dev.sextant.streams.kstreams.news.NewsScoreDriver.T0;
import static dev.sextant.streams.kstreams.news.NewsScoreDriver.at;
import static dev.sextant.streams.kstreams.news.NewsScoreDriver.item;
import static dev.sextant.streams.kstreams.news.NewsScoreDriver.score;
import static dev.sextant.streams.kstreams.news.NewsScoreDriver.withAssetSentiments;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.sextant.schemas.v1.NewsItem;
import dev.sextant.schemas.v1.NewsScore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewsScoreTopologyTest {

  @TempDir Path stateDir;
  private NewsScoreDriver driver;

  @BeforeEach
  void start() {
    driver = new NewsScoreDriver(NewsScoreConfig.defaults(), stateDir);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void shouldCountAndAverageMentionsInBothWindowsAcrossHours() {
    driver.pipe(item("a", at(0, 10), 0.5, "BTC"));
    driver.pipe(
        withAssetSentiments(item("b", at(1, 20), -0.25, "BTC", "ETH"), Map.of("ETH", 0.75)));
    driver.pipe(item("c", at(2, 30), 1.0, "BTC"));

    assertThat(driver.scores())
        .containsExactly(
            score("BTC", 1, 1, 0.5, 0.5, 0, at(0, 10)),
            // At 01:20 item a (age 1h10) has left the hour.
            score("BTC", 1, 2, -0.25, (0.5 + -0.25) / 2, 0, at(1, 20)),
            score("ETH", 1, 1, 0.75, 0.75, 0, at(1, 20)),
            // At 02:30 item b (age 1h10) has left the hour too.
            score("BTC", 1, 3, 1.0, (0.5 + -0.25 + 1.0) / 3, 0, at(2, 30)));
  }

  @Test
  void shouldCountARevisedStoryOnceWithItsLatestAssetsAndSentiment() {
    driver.pipe(item("x", at(0, 0), 0.5, "BTC", "ETH"));
    driver.pipe(item("y", at(0, 5), -0.5, "ETH"));
    driver.scores();

    NewsItem revised =
        withAssetSentiments(item("x", at(0, 0), 0.25, "BTC", "SOL"), Map.of("BTC", -1.0))
            .toBuilder()
            .setRevision(1)
            .build();
    driver.pipe(revised, at(0, 20));

    assertThat(driver.scores())
        .containsExactly(
            // ETH was dropped by the revision: only y is left.
            score("ETH", 1, 1, -0.5, -0.5, 0, at(0, 20)),
            // BTC still counts x once, now with its per-asset sentiment.
            score("BTC", 1, 1, -1.0, -1.0, 0, at(0, 20)),
            score("SOL", 1, 1, 0.25, 0.25, 0, at(0, 20)));

    // The older revision coming again changes nothing; the same revision again neither.
    driver.pipe(item("x", at(0, 0), 0.5, "BTC", "ETH"), at(0, 25));
    driver.pipe(revised, at(0, 26));
    assertThat(driver.scores()).isEmpty();
    assertThat(driver.problems("stale_revision")).isEqualTo(1);
  }

  @Test
  void shouldWithdrawAStoryOnATombstoneOrARevisionWithoutAssets() {
    driver.pipe(item("x", at(0, 0), 0.5, "BTC"));
    driver.pipe(item("y", at(0, 1), 0.5, "BTC", "ETH"));
    driver.scores();

    driver.pipe("x", null, at(0, 2));
    driver.pipe(item("y", at(0, 1), 0.5).toBuilder().setRevision(2).build(), at(0, 3));

    assertThat(driver.scores())
        .containsExactly(
            score("BTC", 1, 1, 0.5, 0.5, 0, at(0, 2)),
            score("BTC", 0, 0, 0, 0, 0, at(0, 3)),
            score("ETH", 0, 0, 0, 0, 0, at(0, 3)));
  }

  @Test
  void shouldReEmitWhenMentionsLeaveTheWindowsOnTheWallClock() {
    driver.pipe(item("a", at(0, 0), 0.5, "BTC"));
    driver.pipe(item("b", at(0, 30), -0.5, "BTC"));
    assertThat(driver.scores()).hasSize(2);

    // Nothing leaves before 01:00: no re-emission.
    driver.advanceWallClockTo(at(0, 59));
    assertThat(driver.scores()).isEmpty();

    driver.advanceWallClockTo(at(1, 0));
    assertThat(driver.scores()).containsExactly(score("BTC", 1, 2, -0.5, 0, 0, at(1, 0)));

    driver.advanceWallClockTo(at(1, 30));
    assertThat(driver.scores()).containsExactly(score("BTC", 0, 2, 0, 0, 0, at(1, 30)));

    driver.advanceWallClockTo(at(24, 0));
    assertThat(driver.scores()).containsExactly(score("BTC", 0, 1, 0, -0.5, 0, at(24, 0)));

    driver.advanceWallClockTo(at(24, 30));
    assertThat(driver.scoresWithBaselineSize())
        .containsExactly(
            score("BTC", 0, 0, 0, 0, 0, at(24, 30)).toBuilder().setBaselineMentions(2).build());

    // Past the 25 h horizon the mentions leave the baseline as well: its size (2 until then) is
    // part of the score, so it is sent once more; then nothing changes and nothing is sent.
    driver.advanceWallClockTo(at(26, 0));
    assertThat(driver.scoresWithBaselineSize())
        .containsExactly(score("BTC", 0, 0, 0, 0, 0, at(26, 0)));
    driver.advanceWallClockTo(at(27, 0));
    assertThat(driver.scores()).isEmpty();

    // A new story starts from an empty baseline.
    driver.pipe(item("c", at(26, 0), 1.0, "BTC"));
    assertThat(driver.scores()).containsExactly(score("BTC", 1, 1, 1.0, 1.0, 0, at(26, 0)));
  }

  @Test
  void shouldScoreVelocityAgainstTheHourlyBaselineOfThePreviousDay() {
    // Hour k before 25:00 (k = 1..24) holds 1 story when k is odd, 3 when k is even: 48 in all.
    int n = 0;
    for (int k = 24; k >= 1; k--) {
      for (int i = 0; i < (k % 2 == 1 ? 1 : 3); i++) {
        driver.pipe(item("b" + n++, at(25 - k - 1, 30 + i), 0, "BTC"));
      }
    }
    // Six stories in the current hour, the last at 25:00.
    for (int m = 10; m <= 60; m += 10) {
      driver.pipe(item("c" + m, at(24, m), 0, "BTC"));
    }

    var scores = driver.scoresWithBaselineSize();
    var last = scores.get(scores.size() - 1);
    // Baseline: 24 hourly counts alternating 1 and 3: mean 2, each squared deviation 1,
    // sample variance 24 / 23. Current hour: 6.
    double z = (6 - 2) / Math.sqrt(24.0 / 23);
    assertThat(last)
        .isEqualTo(
            score("BTC", 6, 45 + 6, 0, 0, z, at(25, 0)).toBuilder()
                .setBaselineMentions(48)
                .build());
  }

  @Test
  void shouldReportZeroVelocityUntilTheBaselineHoldsTheMinimumMentions() {
    var config =
        new NewsScoreConfig(
            java.time.Duration.ofHours(1),
            java.time.Duration.ofHours(24),
            24,
            49,
            java.time.Duration.ofMinutes(5),
            java.time.Duration.ofMinutes(1),
            java.time.Duration.ofMinutes(10));
    driver.close();
    driver = new NewsScoreDriver(config, stateDir.resolve("strict"));
    int n = 0;
    for (int k = 24; k >= 1; k--) {
      for (int i = 0; i < (k % 2 == 1 ? 1 : 3); i++) {
        driver.pipe(item("b" + n++, at(25 - k - 1, 30 + i), 0, "BTC"));
      }
    }
    driver.pipe(item("c", at(25, 0), 0, "BTC"));
    var scores = driver.scoresWithBaselineSize();
    assertThat(scores).allSatisfy(s -> assertThat(s.getVelocityZ()).isZero());
    assertThat(scores).allSatisfy(s -> assertThat(s.getVelocityDefined()).isFalse());
    // The last score's baseline holds 48 mentions, one short of the minimum of 49.
    assertThat(scores.getLast().getBaselineMentions()).isEqualTo(48);
  }

  @Test
  void shouldPlaceLateAndOutOfOrderItemsByTheirPublishedTime() {
    driver.pipe(item("new", at(3, 0), 0.5, "BTC"));
    // Published 2.5 h before it arrives: in the 24 h window, not in the hour.
    driver.pipe(item("late", at(0, 30), -0.5, "BTC"), at(3, 5));
    // Published 26 h before its arrival: before the 25 h horizon, no window holds it.
    driver.pipe(
        item("ancient", at(3, 5).minus(java.time.Duration.ofHours(26)), 1.0, "BTC"), at(3, 5));
    // Published in the current hour but arriving after a later story.
    driver.pipe(item("mid", at(2, 40), 1.0, "BTC"), at(3, 6));

    assertThat(driver.scores())
        .containsExactly(
            score("BTC", 1, 1, 0.5, 0.5, 0, at(3, 0)),
            score("BTC", 1, 2, 0.5, (0.5 + -0.5) / 2, 0, at(3, 5)),
            score("BTC", 2, 3, (0.5 + 1.0) / 2, (0.5 + -0.5 + 1.0) / 3, 0, at(3, 6)));
    assertThat(driver.problems("too_old")).isEqualTo(1);
  }

  @Test
  void shouldCountAndSkipBadItemsWithoutDisturbingTheirNeighbours() {
    driver.pipe(item("good1", at(0, 0), 0.5, "BTC"));

    driver.pipe("", item("nokey", at(0, 1), 0.5, "BTC"), at(0, 1));
    driver.pipe(item("noassets", at(0, 1), 0.5));
    driver.pipe(
        item("nopublished", at(0, 1), 0.5, "BTC").toBuilder().clearPublished().build(), at(0, 1));
    driver.pipe(item("nan", at(0, 1), Double.NaN, "BTC"));
    // Bad symbols are left out; the story still counts for BTC, its sentiment clamped to 1.
    driver.pipe(item("badassets", at(0, 2), 1.5, "", "A/B", "BTC"));
    // Published ten hours after it arrived: counted at its arrival time instead.
    driver.pipe(item("future", at(10, 0), -1.0, "ETH"), at(0, 3));

    driver.pipe(item("good2", at(0, 4), 0.5, "BTC"));

    assertThat(driver.scores())
        .containsExactly(
            score("BTC", 1, 1, 0.5, 0.5, 0, at(0, 0)),
            score("BTC", 2, 2, (0.5 + 1.0) / 2, (0.5 + 1.0) / 2, 0, at(0, 2)),
            score("ETH", 1, 1, -1.0, -1.0, 0, at(0, 3)),
            score("BTC", 3, 3, (0.5 + 1.0 + 0.5) / 3, (0.5 + 1.0 + 0.5) / 3, 0, at(0, 4)));
    assertThat(driver.problems("no_key")).isEqualTo(1);
    assertThat(driver.problems("no_assets")).isEqualTo(1);
    assertThat(driver.problems("missing_published")).isEqualTo(1);
    assertThat(driver.problems("bad_sentiment")).isEqualTo(1);
    assertThat(driver.problems("bad_asset")).isEqualTo(2);
    assertThat(driver.problems("sentiment_clamped")).isEqualTo(1);
    assertThat(driver.problems("future_published")).isEqualTo(1);

    // The clamped story leaves the hour one hour after its arrival, not after 10:00.
    driver.advanceWallClockTo(at(1, 3));
    assertThat(driver.scores())
        .containsExactly(
            score("BTC", 1, 3, 0.5, (0.5 + 1.0 + 0.5) / 3, 0, at(1, 3)),
            score("ETH", 0, 1, 0, -1.0, 0, at(1, 3)));
  }

  @Test
  void shouldForgetItemsAndMentionsPastTheirRetentionInStreamTime() {
    driver.pipe(item("x", at(0, 0), 0.5, "BTC", "ETH"));
    driver.scores();
    assertThat(driver.itemsRemembered()).isEqualTo(1);
    assertThat(driver.mentionsHeld()).isEqualTo(2);

    // On a quiet partition the wall clock sends the zero scores but forgets nothing: stream time
    // still stands at 00:00.
    driver.advanceWallClockTo(at(25, 0));
    assertThat(driver.scores())
        .containsExactly(
            score("BTC", 0, 0, 0, 0, 0, at(25, 0)), score("ETH", 0, 0, 0, 0, 0, at(25, 0)));
    assertThat(driver.itemsRemembered()).isEqualTo(1);
    assertThat(driver.mentionsHeld()).isEqualTo(2);

    // Stream time reaches 26:00, the end of x's retention (horizon + 1 h).
    driver.pipe(item("z", at(26, 0), 0.5, "DOGE"));
    assertThat(driver.scores()).containsExactly(score("DOGE", 1, 1, 0.5, 0.5, 0, at(26, 0)));
    // A revision of x now is a new story dated before the horizon: it counts nowhere and
    // withdraws nothing, whether or not the prune has run yet.
    driver.pipe(item("x", at(0, 0), 0.5, "SOL").toBuilder().setRevision(1).build(), at(26, 0));
    assertThat(driver.scores()).isEmpty();
    assertThat(driver.problems("too_old")).isEqualTo(1);
    assertThat(driver.itemsRemembered()).isEqualTo(1);

    // The next rescoring prunes the mentions past the horizon in stream time; their zero scores
    // were sent already.
    driver.advanceWallClockTo(at(26, 1));
    assertThat(driver.scores()).isEmpty();
    assertThat(driver.mentionsHeld()).isEqualTo(1);
  }

  @Test
  void shouldGiveItemsReplayedFromAMonthAgoTheScoresTheyHadThen() {
    // The wall clock stands at T0; the items were written to Kafka a month before.
    driver.pipe(item("a", monthAgo(0, 10), 0.5, "BTC"));
    driver.pipe(
        withAssetSentiments(item("b", monthAgo(1, 20), -0.25, "BTC", "ETH"), Map.of("ETH", 0.75)));
    driver.pipe(item("c", monthAgo(2, 30), 1.0, "BTC"));

    assertThat(driver.scores())
        .containsExactly(
            score("BTC", 1, 1, 0.5, 0.5, 0, monthAgo(0, 10)),
            score("BTC", 1, 2, -0.25, (0.5 + -0.25) / 2, 0, monthAgo(1, 20)),
            score("ETH", 1, 1, 0.75, 0.75, 0, monthAgo(1, 20)),
            score("BTC", 1, 3, 1.0, (0.5 + -0.25 + 1.0) / 3, 0, monthAgo(2, 30)));
    assertThat(driver.problems("too_old")).isZero();

    // The wall-clock rescoring meanwhile looks at the present, where those stories are long gone.
    driver.advanceWallClockTo(at(0, 1));
    assertThat(driver.scores())
        .containsExactly(
            score("BTC", 0, 0, 0, 0, 0, at(0, 1)), score("ETH", 0, 0, 0, 0, 0, at(0, 1)));

    // It takes nothing the replay still needs: the next old story counts with the earlier ones.
    driver.pipe(item("d", monthAgo(2, 40), -1.0, "BTC"));
    assertThat(driver.scores())
        .containsExactly(
            score(
                "BTC", 2, 4, (1.0 + -1.0) / 2, (0.5 + -0.25 + 1.0 + -1.0) / 4, 0, monthAgo(2, 40)));
  }

  @Test
  void shouldSendTheSameScoresForTheSameInputWhateverTheWallClock(@TempDir Path otherStateDir) {
    List<NewsScore> first = runScript(driver);
    List<NewsScore> second;
    try (var later =
        new NewsScoreDriver(
            NewsScoreConfig.defaults(), otherStateDir, T0.plus(Duration.ofDays(400)))) {
      second = runScript(later);
      assertThat(later.problems("too_old")).isEqualTo(driver.problems("too_old")).isEqualTo(1);
    }
    assertThat(first).hasSize(10);
    assertThat(second).isEqualTo(first);
  }

  /** Items, a late one, revisions, a tombstone, bad input and a day's gap; no wall clock moves. */
  private static List<NewsScore> runScript(NewsScoreDriver d) {
    d.pipe(item("a", at(0, 10), 0.5, "BTC"));
    d.pipe(withAssetSentiments(item("b", at(1, 20), -0.25, "BTC", "ETH"), Map.of("ETH", 0.75)));
    d.pipe(item("late", at(0, 30), -0.5, "BTC"), at(2, 0));
    d.pipe(item("b", at(1, 20), 0.25, "SOL").toBuilder().setRevision(1).build(), at(2, 5));
    d.pipe("a", null, at(2, 10));
    d.pipe(item("nan", at(2, 15), Double.NaN, "BTC"));
    d.pipe(item("nopub", at(2, 15), 0.5, "BTC").toBuilder().clearPublished().build(), at(2, 15));
    d.pipe(item("c", at(27, 0), 1.0, "BTC"));
    d.pipe(item("e", at(28, 0), -1.0, "ETH"));
    // Past b's retention: a new story dated before the horizon.
    d.pipe(item("b", at(1, 20), 0.5, "ETH").toBuilder().setRevision(2).build(), at(28, 0));
    return d.scores();
  }

  @Test
  void shouldBoundPublishedTimesFarInThePastOrFuture() {
    driver.pipe(item("good", at(30, 0), 0.5, "BTC"));
    // Beyond the range of epoch milliseconds: clamped to its arrival like any future time.
    driver.pipe(
        item("far-future", at(30, 1), 1.0, "ETH").toBuilder()
            .setPublished(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE))
            .build(),
        at(30, 1));
    // Before the epoch, and far beyond it: too old for any window.
    driver.pipe(
        item("before-epoch", at(30, 2), 1.0, "BTC").toBuilder()
            .setPublished(Timestamp.newBuilder().setSeconds(-86_400))
            .build(),
        at(30, 2));
    driver.pipe(
        item("far-past", at(30, 2), 1.0, "BTC").toBuilder()
            .setPublished(Timestamp.newBuilder().setSeconds(Long.MIN_VALUE))
            .build(),
        at(30, 2));
    driver.pipe(item("good2", at(30, 3), -0.5, "BTC"));

    assertThat(driver.scores())
        .containsExactly(
            score("BTC", 1, 1, 0.5, 0.5, 0, at(30, 0)),
            score("ETH", 1, 1, 1.0, 1.0, 0, at(30, 1)),
            score("BTC", 2, 2, (0.5 + -0.5) / 2, (0.5 + -0.5) / 2, 0, at(30, 3)));
    assertThat(driver.problems("future_published")).isEqualTo(1);
    assertThat(driver.problems("too_old")).isEqualTo(2);
  }

  private static Instant monthAgo(int hours, int minutes) {
    return at(hours, minutes).minus(Duration.ofDays(30));
  }

  @Test
  void shouldKeepCountingTheEarlierRevisionWhenARevisionIsUnusable() {
    driver.pipe(item("x", at(0, 0), 0.5, "BTC"));
    driver.scores();

    driver.pipe(
        item("x", at(0, 0), Double.NaN, "ETH").toBuilder().setRevision(1).build(), at(0, 1));
    driver.pipe(
        item("x", at(0, 0), -0.5, "ETH").toBuilder().setRevision(2).clearPublished().build(),
        at(0, 2));
    assertThat(driver.scores()).isEmpty();

    driver.advanceWallClockTo(at(0, 30));
    driver.pipe(item("y", at(0, 30), -0.5, "BTC"));
    assertThat(driver.scores())
        .containsExactly(score("BTC", 2, 2, (0.5 + -0.5) / 2, (0.5 + -0.5) / 2, 0, at(0, 30)));
  }
}
