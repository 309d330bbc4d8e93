package dev.sextant.streams.kstreams.news;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class NewsScoreTopologyShapeTest {

  @Test
  void shouldNameEveryStoreAndTheRepartitionSoTheyStayStableAcrossVersions() {
    var builder = new StreamsBuilder();
    new NewsScoreTopology(
            NewsScoreConfig.defaults(), new NewsScoreMetrics(new SimpleMeterRegistry()))
        .addTo(builder);
    TopologyDescription description = builder.build().describe();

    Set<String> stores = new TreeSet<>();
    Set<String> topics = new TreeSet<>();
    for (TopologyDescription.Subtopology sub : description.subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Processor p) {
          stores.addAll(p.stores());
        } else if (node instanceof TopologyDescription.Source s) {
          topics.addAll(s.topicSet());
        } else if (node instanceof TopologyDescription.Sink s) {
          topics.add(s.topic());
        }
      }
    }
    assertThat(description.subtopologies()).hasSize(2);
    assertThat(stores).containsExactly("news-items", "news-mentions", "news-scores-last");
    assertThat(topics)
        .containsExactly("news-mentions-by-asset-repartition", "news.items.v1", "news.scores.v1");
  }

  @Test
  void shouldLookBackOverTheBaselineAndTheCurrentWindow() {
    assertThat(NewsScoreConfig.defaults().horizon()).hasHours(25);
    var week =
        new NewsScoreConfig(
            java.time.Duration.ofHours(1),
            java.time.Duration.ofHours(24),
            168,
            168,
            java.time.Duration.ofMinutes(5),
            java.time.Duration.ofMinutes(1),
            java.time.Duration.ofMinutes(10));
    assertThat(week.horizon()).hasHours(169);
    assertThat(week.itemRetention()).hasHours(170);
  }
}
