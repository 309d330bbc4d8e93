package dev.sextant.streams.kstreams.news;

import com.google.protobuf.Timestamp;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.AssetSentiment;
import dev.sextant.schemas.v1.NewsItem;
import dev.sextant.schemas.v1.NewsScore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The news score topology in a {@link TopologyTestDriver}, with helpers to script items. */
final class NewsScoreDriver implements AutoCloseable {

  static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");

  final NewsScoreMetrics metrics = new NewsScoreMetrics(new SimpleMeterRegistry());
  private final TopologyTestDriver driver;
  private final TestInputTopic<String, NewsItem> items;
  private final TestOutputTopic<String, NewsScore> scores;
  private Instant wallClock;

  NewsScoreDriver(NewsScoreConfig config, Path stateDir) {
    this(config, stateDir, T0);
  }

  /** A driver whose mock wall clock starts at {@code wallClockStart}. */
  NewsScoreDriver(NewsScoreConfig config, Path stateDir, Instant wallClockStart) {
    wallClock = wallClockStart;
    var builder = new StreamsBuilder();
    new NewsScoreTopology(config, metrics).addTo(builder);
    var props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "news-score-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    // The wall clock starts at wallClockStart and moves only when a test advances it.
    driver = new TopologyTestDriver(builder.build(), props, wallClockStart);
    items =
        driver.createInputTopic(
            Topics.NEWS_ITEMS.name(),
            Serdes.String().serializer(),
            Topics.NEWS_ITEMS.serde().serializer());
    scores =
        driver.createOutputTopic(
            Topics.NEWS_SCORES.name(),
            Serdes.String().deserializer(),
            Topics.NEWS_SCORES.serde().deserializer());
  }

  /** Pipes {@code item} keyed by its id, arriving at {@code arrival}. */
  void pipe(NewsItem item, Instant arrival) {
    items.pipeInput(item.getId(), item, arrival);
  }

  /** Pipes an item arriving when it was published. */
  void pipe(NewsItem item) {
    pipe(item, toInstant(item.getPublished()));
  }

  void pipe(String key, NewsItem value, Instant arrival) {
    items.pipeInput(new TestRecord<>(key, value, arrival));
  }

  /** Moves the mock wall clock forward to {@code instant}, firing the due punctuations. */
  void advanceWallClockTo(Instant instant) {
    driver.advanceWallClockTime(Duration.between(wallClock, instant));
    wallClock = instant;
  }

  /**
   * The scores written since the last read, without {@code baseline_mentions} (asserted on its own
   * where the baseline is the subject: {@link #scoresWithBaselineSize()}).
   */
  List<NewsScore> scores() {
    return scores.readValuesToList().stream()
        .map(s -> s.toBuilder().clearBaselineMentions().build())
        .toList();
  }

  /** The scores written since the last read, as written. */
  List<NewsScore> scoresWithBaselineSize() {
    return scores.readValuesToList();
  }

  /** How many items the item stage remembers. */
  long itemsRemembered() {
    return entries(NewsScoreConfig.ITEM_STORE);
  }

  /** How many mentions the asset stage holds. */
  long mentionsHeld() {
    return entries(NewsScoreConfig.MENTION_STORE);
  }

  private long entries(String store) {
    long n = 0;
    try (var all = driver.getKeyValueStore(store).all()) {
      while (all.hasNext()) {
        all.next();
        n++;
      }
    }
    return n;
  }

  long problems(String tag) {
    return metrics.count(tag);
  }

  @Override
  public void close() {
    driver.close();
  }

  static Instant at(int hours, int minutes) {
    return T0.plus(Duration.ofHours(hours).plusMinutes(minutes));
  }

  static NewsItem item(String id, Instant published, double sentiment, String... assets) {
    return NewsItem.newBuilder()
        .setId(id)
        .setTitle("story " + id)
        .setPublished(timestamp(published))
        .setSentiment(sentiment)
        .addAllAssets(List.of(assets))
        .build();
  }

  static NewsItem withAssetSentiments(NewsItem item, Map<String, Double> sentiments) {
    var b = item.toBuilder();
    sentiments.forEach(
        (asset, s) ->
            b.addAssetSentiments(AssetSentiment.newBuilder().setAsset(asset).setSentiment(s)));
    return b.build();
  }

  static NewsScore score(
      String asset, long m1, long m24, double mean1, double mean24, double z, Instant time) {
    return NewsScore.newBuilder()
        .setAsset(asset)
        .setMentions1H(m1)
        .setMentions24H(m24)
        .setMeanSentiment1H(mean1)
        .setMeanSentiment24H(mean24)
        .setVelocityZ(z)
        .setVelocityDefined(z != 0)
        .setEventTime(timestamp(time))
        .build();
  }

  static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  static Instant toInstant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
