package dev.sextant.ingest.news.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.ingest.news.fetch.PollSchedule.Feed;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PollScheduleTest {

  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private static Feed feed(String name, String url) {
    return new Feed(name, URI.create(url), MINUTE);
  }

  private static PollSchedule schedule(Feed... feeds) {
    return new PollSchedule(List.of(feeds), Duration.ofSeconds(2), new Random(7), T0);
  }

  @Test
  void shouldKeepTwoRequestsToOneHostApartButNotToTwoHosts() {
    PollSchedule schedule =
        schedule(
            feed("a", "https://news.example/a.xml"),
            feed("b", "https://NEWS.example/b.xml"),
            feed("c", "https://other.example/c.xml"));

    assertThat(schedule.take(T0)).map(Feed::name).contains("a");
    assertThat(schedule.take(T0)).map(Feed::name).contains("c");
    assertThat(schedule.take(T0)).isEmpty();
    assertThat(schedule.nextReady()).contains(T0.plusSeconds(2));
    assertThat(schedule.take(T0.plusSeconds(2))).map(Feed::name).contains("b");
  }

  @Test
  void shouldNotTakeAFeedAgainBeforeItsOutcomeIsReported() {
    PollSchedule schedule = schedule(feed("a", "https://news.example/a.xml"));
    schedule.take(T0);

    assertThat(schedule.take(T0.plus(Duration.ofHours(2)))).isEmpty();
    assertThat(schedule.nextReady()).isEmpty();

    schedule.succeeded("a", T0.plusSeconds(1));
    assertThat(schedule.nextReady()).contains(T0.plusSeconds(61));
  }

  @Test
  void shouldTellWhenEachFeedIsReadyWithItsHostSpacing() {
    PollSchedule schedule =
        schedule(feed("a", "https://news.example/a.xml"), feed("b", "https://news.example/b.xml"));

    schedule.take(T0);

    assertThat(schedule.readyAt("a")).isEmpty();
    assertThat(schedule.readyAt("b")).contains(T0.plusSeconds(2));
    schedule.succeeded("a", T0.plusSeconds(1));
    assertThat(schedule.readyAt("a")).contains(T0.plusSeconds(61));
  }

  @Test
  void shouldBackOffDoublingPerFailureUpToAnHourThenStartOverAfterASuccess() {
    PollSchedule schedule = schedule(feed("a", "https://news.example/a.xml"));
    Duration cap = MINUTE;
    for (int failure = 1; failure <= 10; failure++) {
      cap =
          cap.multipliedBy(2).compareTo(PollSchedule.MAX_BACKOFF) > 0
              ? PollSchedule.MAX_BACKOFF
              : cap.multipliedBy(2);
      Duration wait = schedule.failed("a", T0, Optional.empty());
      assertThat(wait).isBetween(cap.dividedBy(2), cap);
    }
    assertThat(cap).isEqualTo(PollSchedule.MAX_BACKOFF);

    schedule.succeeded("a", T0);
    assertThat(schedule.failed("a", T0, Optional.empty()))
        .isBetween(MINUTE, MINUTE.multipliedBy(2));
  }

  @Test
  void shouldWaitAtLeastTheRetryAfterUpToADay() {
    PollSchedule schedule = schedule(feed("a", "https://news.example/a.xml"));

    assertThat(schedule.failed("a", T0, Optional.of(Duration.ofHours(2))))
        .isEqualTo(Duration.ofHours(2));
    assertThat(schedule.nextReady()).contains(T0.plus(Duration.ofHours(2)));
    assertThat(schedule.failed("a", T0, Optional.of(Duration.ofDays(30))))
        .isEqualTo(Duration.ofDays(1));
  }

  @Test
  void shouldRetryAtTheGivenTimeWithoutCountingAFailure() {
    PollSchedule schedule = schedule(feed("a", "https://news.example/a.xml"));
    schedule.take(T0);

    schedule.retryAt("a", T0.plusSeconds(30));

    assertThat(schedule.readyAt("a")).contains(T0.plusSeconds(30));
    // The next failure is the first in a row: the backoff starts from the interval again.
    assertThat(schedule.failed("a", T0, Optional.empty()))
        .isBetween(MINUTE, MINUTE.multipliedBy(2));
  }

  @Test
  void shouldDrawABackoffWithoutRecordingItUntilTold() {
    PollSchedule schedule = schedule(feed("a", "https://news.example/a.xml"));
    schedule.take(T0);

    Instant until = schedule.backoff("a", T0, Optional.of(Duration.ofMinutes(90)));

    assertThat(until).isEqualTo(T0.plus(Duration.ofMinutes(90)));
    assertThat(schedule.readyAt("a")).isEmpty();
    assertThat(schedule.backoff("a", T0, Optional.empty()))
        .isBetween(T0.plus(MINUTE), T0.plus(MINUTE.multipliedBy(2)));

    schedule.failedUntil("a", until);

    assertThat(schedule.readyAt("a")).contains(until);
    // One failure recorded: the next is the second in a row.
    assertThat(schedule.backoff("a", T0, Optional.empty()))
        .isBetween(T0.plus(MINUTE.multipliedBy(2)), T0.plus(MINUTE.multipliedBy(4)));
  }

  @Test
  void shouldHoldBackAFeedWhoseWaitWasStillRunningAtTheLastStop() {
    PollSchedule schedule =
        new PollSchedule(
            List.of(feed("a", "https://news.example/a.xml"), feed("b", "https://b.example/b")),
            Duration.ZERO,
            new Random(7),
            T0,
            Map.of(
                "a", T0.plus(Duration.ofMinutes(40)),
                "b", T0.minusSeconds(5),
                "gone", T0.plusSeconds(10)));

    assertThat(schedule.take(T0)).map(Feed::name).contains("b");
    assertThat(schedule.take(T0)).isEmpty();
    assertThat(schedule.readyAt("a")).contains(T0.plus(Duration.ofMinutes(40)));
  }

  @Test
  void shouldHoldBackAFeedAtStartForADayAtMost() {
    PollSchedule schedule =
        new PollSchedule(
            List.of(feed("a", "https://news.example/a.xml")),
            Duration.ZERO,
            new Random(7),
            T0,
            Map.of("a", T0.plus(Duration.ofDays(400))));

    assertThat(schedule.readyAt("a")).contains(T0.plus(Duration.ofDays(1)));
  }

  @Test
  void shouldRefuseTwoFeedsOfOneNameAndUnknownFeeds() {
    assertThatThrownBy(
            () -> schedule(feed("a", "https://x.example/1"), feed("a", "https://x.example/2")))
        .hasMessageContaining("two feeds named a");
    assertThatThrownBy(() -> schedule().succeeded("nope", T0)).hasMessageContaining("nope");
  }
}
