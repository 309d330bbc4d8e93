package dev.sextant.ingest.news.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.news.NewsItems;
import dev.sextant.ingest.news.fetch.FetchFailure;
import dev.sextant.ingest.news.fetch.FetchResult;
import dev.sextant.ingest.news.fetch.PollSchedule;
import dev.sextant.ingest.news.fetch.Validators;
import dev.sextant.ingest.news.parse.FeedParser;
import dev.sextant.ingest.sink.Batch;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.DeadLetter;
import dev.sextant.schemas.v1.NewsItem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NewsPollerTest {

  private static final NewsItems ITEMS = NewsItems.loadDefault();
  private static final Instant NOW = Instant.parse("2025-07-01T12:00:00Z");
  private static final int MAX_BYTES = 16 * 1024;
  private static final PollSchedule.Feed ALPHA =
      new PollSchedule.Feed("alpha", URI.create("https://alpha.test/feed"), Duration.ofMinutes(5));
  private static final PollSchedule.Feed BETA =
      new PollSchedule.Feed("beta", URI.create("https://beta.test/rss"), Duration.ofMinutes(5));

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private NewsPoller poller(SeenStories seen, String position) {
    return new NewsPoller(new FeedParser(MAX_BYTES), ITEMS, seen, position, registry, NOW);
  }

  private static String rss(String link, String title, String summary) {
    return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>"
        + "<link>https://example.test/</link><item><title>"
        + title
        + "</title><link>"
        + link
        + "</link><description>"
        + summary
        + "</description><pubDate>Tue, 01 Jul 2025 10:00:00 GMT</pubDate></item>"
        + "</channel></rss>";
  }

  private static FetchResult fetched(PollSchedule.Feed feed, String body, Validators validators) {
    return fetched(feed, body.getBytes(StandardCharsets.UTF_8), validators);
  }

  private static FetchResult fetched(PollSchedule.Feed feed, byte[] body, Validators validators) {
    return new FetchResult.Fetched(
        feed.url(), body, Optional.of("application/rss+xml"), validators);
  }

  private static Validators etag(String etag) {
    return new Validators(Optional.of(etag), Optional.empty());
  }

  private static List<NewsItem> items(Batch batch) {
    List<NewsItem> out = new ArrayList<>();
    for (Outgoing<?> record : batch.records()) {
      assertThat(record.topic()).isEqualTo(Topics.NEWS_ITEMS);
      NewsItem item = (NewsItem) record.value();
      assertThat(record.key()).isEqualTo(item.getId());
      out.add(item);
    }
    return out;
  }

  private static DeadLetter onlyDeadLetter(Batch batch) {
    assertThat(batch.records()).hasSize(1);
    Outgoing<?> record = batch.records().getFirst();
    assertThat(record.topic()).isEqualTo(Topics.INGEST_DEADLETTER);
    return (DeadLetter) record.value();
  }

  private double count(String name, String... tags) {
    var counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void shouldPublishAStoryCarriedByTwoFeedsOnce() {
    NewsPoller poller = poller(new SeenStories(), "");

    PollOutcome first =
        poller.outcome(
            ALPHA,
            fetched(
                ALPHA,
                rss("https://news.test/a?utm_source=alpha", "Bitcoin rallies", "Up."),
                etag("a1")),
            NOW);
    PollOutcome second =
        poller.outcome(
            BETA,
            fetched(BETA, rss("https://news.test/a#top", "Bitcoin rallies", "Up."), etag("b1")),
            NOW);

    List<NewsItem> published = items(first.batch());
    assertThat(published).hasSize(1);
    assertThat(published.getFirst().getUrl()).isEqualTo("https://news.test/a");
    assertThat(published.getFirst().getRevision()).isZero();
    assertThat(published.getFirst().getSource()).isEqualTo("alpha");
    assertThat(first.succeeded()).isTrue();
    assertThat(second.batch().records()).isEmpty();
    assertThat(second.succeeded()).isTrue();
    assertThat(count(NewsPollMetrics.ITEMS, "feed", "alpha", "outcome", "new")).isEqualTo(1);
    assertThat(count(NewsPollMetrics.ITEMS, "feed", "beta", "outcome", "repeated")).isEqualTo(1);
  }

  @Test
  void shouldPublishAnUpdatedEntryAsTheNextRevisionAndARepeatNotAtAll() {
    NewsPoller poller = poller(new SeenStories(), "");
    String link = "https://news.test/story";

    NewsItem original =
        items(
                poller
                    .outcome(ALPHA, fetched(ALPHA, rss(link, "ETH up", "A."), etag("1")), NOW)
                    .batch())
            .getFirst();
    Batch repeat =
        poller.outcome(ALPHA, fetched(ALPHA, rss(link, "ETH up", "A."), etag("2")), NOW).batch();
    List<NewsItem> updated =
        items(
            poller
                .outcome(ALPHA, fetched(ALPHA, rss(link, "ETH up 5%", "A."), etag("3")), NOW)
                .batch());

    assertThat(repeat.records()).isEmpty();
    assertThat(updated).hasSize(1);
    assertThat(updated.getFirst().getId()).isEqualTo(original.getId());
    assertThat(updated.getFirst().getRevision()).isEqualTo(1);
    assertThat(updated.getFirst().getTitle()).isEqualTo("ETH up 5%");
    assertThat(count(NewsPollMetrics.ITEMS, "feed", "alpha", "outcome", "updated")).isEqualTo(1);
  }

  @Test
  void shouldNotRepublishAfterARestartSeededWithThePublishedItems() {
    NewsPoller before = poller(new SeenStories(), "");
    String body = rss("https://news.test/s", "Solana outage", "Down for <b>hours</b> &amp; more.");
    Batch published = before.outcome(ALPHA, fetched(ALPHA, body, etag("x")), NOW).batch();
    Batch update =
        before
            .outcome(
                ALPHA,
                fetched(
                    ALPHA, rss("https://news.test/s", "Solana outage ends", "Back."), etag("y")),
                NOW)
            .batch();

    SeenStories seeded = new SeenStories();
    List<NewsItem> topic = new ArrayList<>(items(published));
    topic.addAll(items(update));
    seeded.seed(topic);
    NewsPoller after = poller(seeded, update.position());

    Batch again =
        after
            .outcome(
                BETA,
                fetched(BETA, rss("https://news.test/s", "Solana outage ends", "Back."), etag("z")),
                NOW)
            .batch();
    Batch older = after.outcome(ALPHA, fetched(ALPHA, body, etag("x")), NOW).batch();

    assertThat(seeded.size()).isEqualTo(1);
    assertThat(again.records()).isEmpty();
    // The older content differs from the latest revision: it is published as revision 2.
    assertThat(items(older)).extracting(NewsItem::getRevision).containsExactly(2);
    assertThat(after.validators("alpha")).isEqualTo(etag("x"));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] refusedBody(dev.sextant.ingest.news.parse.FeedRejected.Reason reason) {
    return switch (reason) {
      case TOO_LARGE -> utf8(rss("https://news.test/big", "x".repeat(MAX_BYTES), "y"));
      case DOCTYPE ->
          utf8(
              "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY n \"v\">]>"
                  + "<rss version=\"2.0\"><channel><title>&n;</title></channel></rss>");
      case BAD_ENCODING -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(
            utf8(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>"));
        out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
        out.writeBytes(utf8("</title></channel></rss>"));
        yield out.toByteArray();
      }
      case NOT_XML -> utf8("{\"items\":[]}");
      case NOT_A_FEED -> utf8("<?xml version=\"1.0\"?><note><to>you</to></note>");
    };
  }

  @ParameterizedTest
  @EnumSource(dev.sextant.ingest.news.parse.FeedRejected.Reason.class)
  void shouldDeadLetterARefusedFeedWithItsReasonAndLeaveOtherFeedsAlone(
      dev.sextant.ingest.news.parse.FeedRejected.Reason reason) {
    NewsPoller poller =
        poller(
            new SeenStories(), new PollPosition(Map.of("alpha", etag("old")), Map.of()).format());
    byte[] body = refusedBody(reason);

    PollOutcome refused = poller.outcome(ALPHA, fetched(ALPHA, body, etag("new")), NOW);
    PollOutcome other =
        poller.outcome(
            BETA, fetched(BETA, rss("https://news.test/ok", "Fine", "."), etag("b")), NOW);

    DeadLetter letter = onlyDeadLetter(refused.batch());
    String kind = reason.name().toLowerCase(java.util.Locale.ROOT);
    assertThat(letter.getSource()).isEqualTo("news-alpha");
    assertThat(letter.getErrorKind()).isEqualTo(kind);
    assertThat(letter.getLocation()).isEqualTo("https://alpha.test/feed");
    assertThat(letter.getRaw().size())
        .isEqualTo(Math.min(body.length, NewsPoller.MAX_DEAD_LETTER_BODY));
    assertThat(letter.getRaw().toByteArray())
        .isEqualTo(java.util.Arrays.copyOf(body, letter.getRaw().size()));
    assertThat(refused.succeeded()).isFalse();
    assertThat(refused.retryAfter()).isEmpty();
    // The refused body was not taken: its validators are not, so the next fetch asks again.
    assertThat(poller.validators("alpha")).isEqualTo(etag("old"));
    assertThat(count(NewsPollMetrics.REFUSALS, "feed", "alpha", "reason", kind)).isEqualTo(1);
    assertThat(items(other.batch())).hasSize(1);
    assertThat(other.succeeded()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(FetchFailure.class)
  void shouldDeadLetterAFailedFetchWithItsReasonAndPassOnRetryAfter(FetchFailure reason) {
    NewsPoller poller = poller(new SeenStories(), "");
    Optional<Duration> wait = Optional.of(Duration.ofSeconds(120));

    PollOutcome failed =
        poller.outcome(ALPHA, new FetchResult.Failed(reason, "it broke", 429, wait), NOW);
    PollOutcome other =
        poller.outcome(
            BETA, fetched(BETA, rss("https://news.test/ok", "Fine", "."), etag("b")), NOW);

    DeadLetter letter = onlyDeadLetter(failed.batch());
    String kind = reason.name().toLowerCase(java.util.Locale.ROOT);
    assertThat(letter.getSource()).isEqualTo("news-alpha");
    assertThat(letter.getErrorKind()).isEqualTo(kind);
    assertThat(letter.getError()).isEqualTo("HTTP 429: it broke");
    assertThat(letter.getLocation()).isEqualTo("https://alpha.test/feed");
    assertThat(letter.getRaw().isEmpty()).isTrue();
    assertThat(failed.succeeded()).isFalse();
    assertThat(failed.retryAfter()).isEqualTo(wait);
    assertThat(count(NewsPollMetrics.FETCH_FAILURES, "feed", "alpha", "reason", kind)).isEqualTo(1);
    assertThat(items(other.batch())).hasSize(1);
  }

  @Test
  void shouldCarryTheWaitOfAFeedHeldBackInThePositionUntilItsNextSuccess() {
    NewsPoller poller = poller(new SeenStories(), "");
    Instant until = NOW.plus(Duration.ofHours(1));
    PollOutcome failed =
        poller.outcome(
            ALPHA,
            new FetchResult.Failed(
                FetchFailure.RATE_LIMITED, "slow down", 429, Optional.of(Duration.ofHours(1))),
            NOW);

    PollOutcome held = poller.heldBack(failed, ALPHA.name(), until);
    NewsPoller restarted = poller(new SeenStories(), held.batch().position());
    PollOutcome recovered = restarted.outcome(ALPHA, new FetchResult.NotModified(), until);

    assertThat(held.batch().records()).isEqualTo(failed.batch().records());
    assertThat(held.succeeded()).isFalse();
    assertThat(held.retryAfter()).contains(Duration.ofHours(1));
    assertThat(PollPosition.parse(held.batch().position()).notBefore())
        .isEqualTo(Map.of("alpha", until));
    assertThat(PollPosition.parse(recovered.batch().position()).notBefore()).isEmpty();
  }

  @Test
  void shouldCutACommittedWaitBeyondTheLongestHoldSoTheNextCommitCorrectsIt() {
    // Written by a node whose clock ran years ahead; beta's wait is a plausible one.
    Instant farAhead = Instant.parse("2030-01-01T00:00:00Z");
    Instant betaUntil = NOW.plus(Duration.ofMinutes(10));
    String position =
        new PollPosition(Map.of(), Map.of("alpha", farAhead, "beta", betaUntil)).format();
    NewsPoller poller = poller(new SeenStories(), position);

    PollOutcome other =
        poller.outcome(
            new PollSchedule.Feed(
                "gamma", URI.create("https://gamma.test/"), Duration.ofMinutes(5)),
            new FetchResult.NotModified(),
            NOW);

    assertThat(PollPosition.parse(other.batch().position()).notBefore())
        .isEqualTo(Map.of("alpha", NOW.plus(PollSchedule.MAX_RETRY_AFTER), "beta", betaUntil));
  }

  @Test
  void shouldDeadLetterAnInternalErrorAsTheFeedsFailure() {
    NewsPoller poller = poller(new SeenStories(), "");

    PollOutcome outcome =
        poller.internalError(ALPHA, new IllegalArgumentException("invalid URI scheme"), NOW);

    DeadLetter letter = onlyDeadLetter(outcome.batch());
    assertThat(letter.getSource()).isEqualTo("news-alpha");
    assertThat(letter.getErrorKind()).isEqualTo(NewsPoller.INTERNAL);
    assertThat(letter.getError())
        .isEqualTo("java.lang.IllegalArgumentException: invalid URI scheme");
    assertThat(letter.getLocation()).isEqualTo("https://alpha.test/feed");
    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.retryAfter()).isEmpty();
  }

  @Test
  void shouldPublishNothingForNotModifiedAndKeepThePosition() {
    String position = new PollPosition(Map.of("alpha", etag("e1")), Map.of()).format();
    NewsPoller poller = poller(new SeenStories(), position);

    PollOutcome outcome = poller.outcome(ALPHA, new FetchResult.NotModified(), NOW);

    assertThat(outcome.batch().records()).isEmpty();
    assertThat(outcome.batch().position()).isEqualTo(position);
    assertThat(outcome.succeeded()).isTrue();
    assertThat(count(NewsPollMetrics.NOT_MODIFIED, "feed", "alpha")).isEqualTo(1);
  }

  @Test
  void shouldCarryEveryFeedsValidatorsInThePosition() {
    NewsPoller poller = poller(new SeenStories(), "");
    Validators both =
        new Validators(Optional.of("\"v1\""), Optional.of("Tue, 01 Jul 2025 10:00:00 GMT"));
    poller.outcome(ALPHA, fetched(ALPHA, rss("https://news.test/1", "One", "."), both), NOW);
    Batch last =
        poller
            .outcome(BETA, fetched(BETA, rss("https://news.test/2", "Two", "."), etag("b")), NOW)
            .batch();

    NewsPoller restarted = poller(new SeenStories(), last.position());

    assertThat(PollPosition.parse(last.position()).validators())
        .isEqualTo(Map.of("alpha", both, "beta", etag("b")));
    assertThat(restarted.validators("alpha")).isEqualTo(both);
    assertThat(restarted.validators("gamma")).isEqualTo(Validators.NONE);
  }

  @Test
  void shouldDeadLetterEachEntryProblemOnceNextToTheGoodEntries() {
    NewsPoller poller = poller(new SeenStories(), "");
    String body =
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>"
            + "<link>https://example.test/</link>"
            + "<item><title>No link</title><description>.</description></item>"
            + "<item><title>Bad date</title><link>https://news.test/bad-date</link>"
            + "<pubDate>the day after yesterday</pubDate></item>"
            + "<item><title>Good</title><link>https://news.test/good</link>"
            + "<pubDate>Tue, 01 Jul 2025 10:00:00 GMT</pubDate></item>"
            + "</channel></rss>";

    Batch first = poller.outcome(ALPHA, fetched(ALPHA, body, Validators.NONE), NOW).batch();
    Batch again =
        poller.outcome(ALPHA, fetched(ALPHA, body, Validators.NONE), NOW.plusSeconds(300)).batch();

    List<DeadLetter> letters =
        first.records().stream()
            .filter(r -> r.topic().equals(Topics.INGEST_DEADLETTER))
            .map(r -> (DeadLetter) r.value())
            .toList();
    assertThat(letters)
        .extracting(DeadLetter::getErrorKind, DeadLetter::getSource, DeadLetter::getLocation)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "no_link", "news-alpha", "https://alpha.test/feed entry 0"),
            org.assertj.core.groups.Tuple.tuple(
                "invalid_date", "news-alpha", "https://alpha.test/feed entry 1"));
    assertThat(letters)
        .filteredOn(l -> l.getErrorKind().equals("invalid_date"))
        .singleElement()
        .satisfies(l -> assertThat(l.getRaw().toStringUtf8()).contains("the day after yesterday"));
    // The repaired entry and the good one are published; the skipped one is in its letter.
    assertThat(first.records())
        .filteredOn(r -> r.topic().equals(Topics.NEWS_ITEMS))
        .extracting(Outgoing::value)
        .extracting(v -> ((NewsItem) v).getTitle())
        .containsExactlyInAnyOrder("Bad date", "Good");
    // The same feed again: nothing new, no second letter, the problems still counted.
    assertThat(again.records()).isEmpty();
    assertThat(count(NewsPollMetrics.ENTRY_PROBLEMS, "feed", "alpha", "kind", "no_link"))
        .isEqualTo(2);
  }
}
