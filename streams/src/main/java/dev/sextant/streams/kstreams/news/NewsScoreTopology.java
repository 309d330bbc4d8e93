package dev.sextant.streams.kstreams.news;

import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.NewsItem;
import dev.sextant.schemas.v1.NewsScore;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * News scores per asset: {@code news.items.v1} (keyed by item id) to {@code news.scores.v1} (keyed
 * by asset), in two stages joined by a repartition on the asset. See docs/streams/news-scores.md.
 */
public final class NewsScoreTopology {

  private final NewsScoreConfig config;
  private final NewsScoreMetrics metrics;

  public NewsScoreTopology(NewsScoreConfig config, NewsScoreMetrics metrics) {
    this.config = Objects.requireNonNull(config, "config");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** Adds the sub-topology, its three stores and its repartition topic to {@code builder}. */
  public void addTo(StreamsBuilder builder) {
    var strings = Serdes.String();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(NewsScoreConfig.ITEM_STORE), strings, ItemState.SERDE));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(NewsScoreConfig.MENTION_STORE), strings, Mention.SERDE));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(NewsScoreConfig.SCORE_STORE),
            strings,
            Topics.NEWS_SCORES.serde()));

    builder.<String, NewsItem>stream(
            Topics.NEWS_ITEMS.name(),
            Consumed.with(strings, Topics.NEWS_ITEMS.serde()).withName("news-items-source"))
        .process(
            () -> new ItemRevisionProcessor(config, metrics),
            Named.as("news-item-revisions"),
            NewsScoreConfig.ITEM_STORE)
        .repartition(
            Repartitioned.<String, MentionChange>with(strings, MentionChange.SERDE)
                .withName(NewsScoreConfig.REPARTITION))
        .process(
            () -> new AssetScoreProcessor(config),
            Named.as("news-asset-scores"),
            NewsScoreConfig.MENTION_STORE,
            NewsScoreConfig.SCORE_STORE)
        .to(
            Topics.NEWS_SCORES.name(),
            Produced.<String, NewsScore>with(strings, Topics.NEWS_SCORES.serde())
                .withName("news-scores-sink"));
  }
}
