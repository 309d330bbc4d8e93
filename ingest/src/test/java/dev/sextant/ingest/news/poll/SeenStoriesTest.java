package dev.sextant.ingest.news.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.news.parse.NewsEntry;
import dev.sextant.ingest.news.poll.SeenStories.Decision;
import dev.sextant.ingest.news.poll.SeenStories.Kind;
import dev.sextant.schemas.v1.NewsItem;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SeenStoriesTest {

  private static NewsEntry entry(String id, String title, String summary) {
    return entry("feed", id, title, summary);
  }

  private static NewsEntry entry(String source, String id, String title, String summary) {
    return new NewsEntry(
        id,
        title,
        summary,
        "https://news.test/" + id,
        source,
        Optional.empty(),
        Instant.EPOCH,
        false,
        Optional.empty(),
        NewsEntry.contentHashOf(title, summary));
  }

  @Test
  void shouldDecideNewThenRepeatThenUpdate() {
    SeenStories seen = new SeenStories();

    assertThat(seen.decide(entry("a", "T", "S"))).isEqualTo(new Decision(Kind.NEW, 0));
    assertThat(seen.decide(entry("a", "T", "S"))).isEqualTo(new Decision(Kind.REPEAT, 0));
    assertThat(seen.decide(entry("a", "T2", "S"))).isEqualTo(new Decision(Kind.UPDATE, 1));
    assertThat(seen.decide(entry("a", "T2", "S"))).isEqualTo(new Decision(Kind.REPEAT, 1));
    assertThat(seen.decide(entry("a", "T", "S"))).isEqualTo(new Decision(Kind.UPDATE, 2));
  }

  @Test
  void shouldTakeAnotherFeedsCopyOfAStoryForARepeatNotAnUpdate() {
    // Two feeds carry one story, each with its own summary: published once, never flip-flopping.
    SeenStories seen = new SeenStories();

    assertThat(seen.decide(entry("coindesk", "a", "T", "S1"))).isEqualTo(new Decision(Kind.NEW, 0));
    for (int poll = 0; poll < 3; poll++) {
      assertThat(seen.decide(entry("aggregator", "a", "T", "S2")))
          .isEqualTo(new Decision(Kind.REPEAT, 0));
      assertThat(seen.decide(entry("coindesk", "a", "T", "S1")))
          .isEqualTo(new Decision(Kind.REPEAT, 0));
    }
    assertThat(seen.decide(entry("coindesk", "a", "T", "S1 corrected")))
        .isEqualTo(new Decision(Kind.UPDATE, 1));
  }

  @Test
  void shouldKnowSeededItemsByTheirRecomputedHashAndLatestRevision() {
    SeenStories seen = new SeenStories();
    seen.seed(
        List.of(
            NewsItem.newBuilder()
                .setId("a")
                .setSource("feed")
                .setTitle("T2")
                .setSummary("S")
                .setRevision(3)
                .build(),
            NewsItem.newBuilder()
                .setId("a")
                .setSource("feed")
                .setTitle("T")
                .setSummary("S")
                .setRevision(1)
                .build()));

    assertThat(seen.decide(entry("a", "T2", "S"))).isEqualTo(new Decision(Kind.REPEAT, 3));
    assertThat(seen.decide(entry("a", "T3", "S"))).isEqualTo(new Decision(Kind.UPDATE, 4));
    assertThat(seen.decide(entry("b", "T", "S"))).isEqualTo(new Decision(Kind.NEW, 0));
  }
}
