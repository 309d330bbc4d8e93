package dev.sextant.streams.kstreams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.Timestamps;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.DeadLetter;
import dev.sextant.schemas.v1.Decimal;
import dev.sextant.schemas.v1.IndicatorSnapshot;
import dev.sextant.schemas.v1.NewsItem;
import dev.sextant.schemas.v1.NewsScore;
import dev.sextant.schemas.v1.Price;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Trade;
import dev.sextant.streams.kstreams.candle.CandleConfig;
import dev.sextant.streams.kstreams.candle.CandleTopology;
import dev.sextant.streams.kstreams.candle.Interval;
import dev.sextant.streams.kstreams.news.NewsScoreConfig;
import dev.sextant.streams.kstreams.price.PriceConfig;
import dev.sextant.streams.kstreams.price.PriceMetrics;
import dev.sextant.streams.kstreams.price.PriceTopology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DerivedStreamsTest {

  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  @TempDir Path stateDir;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private TopologyTestDriver driver;
  private TestInputTopic<String, Trade> trades;
  private TestInputTopic<String, Quote> quotes;
  private TestInputTopic<String, NewsItem> news;
  private TestOutputTopic<String, IndicatorSnapshot> indicators;
  private TestOutputTopic<String, Price> prices;
  private TestOutputTopic<String, NewsScore> scores;

  /** Deterministic candles: one live record per trade and interval, 1 s and 1 min only. */
  private static DerivedStreamsConfig config() {
    CandleConfig candles =
        new CandleConfig(
            List.of(Interval.S1, Interval.M1),
            Duration.ofSeconds(2),
            Duration.ZERO,
            20,
            CandleConfig.DEFAULT_STORE);
    return new DerivedStreamsConfig(candles, PriceConfig.defaults(), NewsScoreConfig.defaults());
  }

  private Topology topology() {
    return new DerivedStreams(config(), Registry.loadDefault(), meters).build();
  }

  private Properties driverProps() {
    Properties props =
        StreamsSettings.defaults("unused:9092", stateDir)
            .withGuarantee(ProcessingGuarantee.AT_LEAST_ONCE)
            .toProperties();
    props.put(UndecodableRecords.METERS_CONFIG, meters);
    return props;
  }

  @BeforeEach
  void start() {
    driver = new TopologyTestDriver(topology(), driverProps(), T0);
    var strings = Serdes.String();
    trades =
        driver.createInputTopic(
            Topics.MARKET_TRADES.name(),
            strings.serializer(),
            Topics.MARKET_TRADES.serde().serializer());
    quotes =
        driver.createInputTopic(
            Topics.MARKET_QUOTES.name(),
            strings.serializer(),
            Topics.MARKET_QUOTES.serde().serializer());
    news =
        driver.createInputTopic(
            Topics.NEWS_ITEMS.name(), strings.serializer(), Topics.NEWS_ITEMS.serde().serializer());
    indicators =
        driver.createOutputTopic(
            Topics.INDICATORS.name(),
            strings.deserializer(),
            Topics.INDICATORS.serde().deserializer());
    prices =
        driver.createOutputTopic(
            Topics.PRICES.name(), strings.deserializer(), Topics.PRICES.serde().deserializer());
    scores =
        driver.createOutputTopic(
            Topics.NEWS_SCORES.name(),
            strings.deserializer(),
            Topics.NEWS_SCORES.serde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void shouldNotLeaveTheTradesSourceToWhicheverTopologyIsAddedFirst() {
    // Each topology with its own trades source: the DSL silently merges the two into the first
    // one registered (KAFKA-6687), so here the candles lose their event-time extractor and would
    // window on Kafka timestamps. Hence one explicit shared source.
    StreamsBuilder builder = new StreamsBuilder();
    new PriceTopology(PriceConfig.defaults(), Registry.loadDefault(), new PriceMetrics(meters))
        .addTo(builder);
    new CandleTopology(config().candles(), meters).addTo(builder);
    assertThat(tradeSources(builder.build()))
        .extracting(TopologyDescription.Node::name)
        .containsExactly("prices-trades-source");
  }

  private static List<TopologyDescription.Source> tradeSources(Topology topology) {
    return topology.describe().subtopologies().stream()
        .flatMap(s -> s.nodes().stream())
        .filter(TopologyDescription.Source.class::isInstance)
        .map(TopologyDescription.Source.class::cast)
        .filter(s -> s.topicSet().contains(Topics.MARKET_TRADES.name()))
        .toList();
  }

  @Test
  void shouldReadTradesThroughOneSource() {
    assertThat(tradeSources(topology()))
        .extracting(TopologyDescription.Node::name)
        .containsExactly(MarketSources.TRADES_SOURCE);
  }

  @Test
  void shouldNameEveryNodeStoreAndInternalTopic() {
    TopologyDescription description = topology().describe();
    Set<String> names = new TreeSet<>();
    for (TopologyDescription.Subtopology s : description.subtopologies()) {
      for (TopologyDescription.Node node : s.nodes()) {
        collect(node, names);
      }
    }
    for (TopologyDescription.GlobalStore g : description.globalStores()) {
      collect(g.source(), names);
      collect(g.processor(), names);
    }
    assertThat(names).isNotEmpty();
    assertThat(names).noneMatch(n -> n.contains("KSTREAM-") || n.contains("KTABLE-"));
    assertThat(names)
        .contains(
            "candles-series",
            "prices-venues",
            "prices-stablecoin-rates",
            "news-items",
            "news-mentions",
            "news-scores-last",
            "prices-trades-by-asset-repartition",
            "prices-quotes-by-asset-repartition",
            "news-mentions-by-asset-repartition");
  }

  private static void collect(TopologyDescription.Node node, Set<String> names) {
    names.add(node.name());
    switch (node) {
      case TopologyDescription.Source s -> {
        if (s.topicSet() != null) {
          names.addAll(s.topicSet());
        }
      }
      case TopologyDescription.Sink s -> {
        if (s.topic() != null) {
          names.add(s.topic());
        }
      }
      case TopologyDescription.Processor p -> names.addAll(p.stores());
      default -> {}
    }
  }

  @Test
  void shouldDeadLetterAnUndecodableTradeAndGoOnWithTheNextOne() {
    TestInputTopic<String, byte[]> raw =
        driver.createInputTopic(
            Topics.MARKET_TRADES.name(),
            Serdes.String().serializer(),
            Serdes.ByteArray().serializer());
    byte[] garbage = {0x0a, (byte) 0xff, 0x01, 0x02}; // a length past the end: not a Trade
    raw.pipeInput("coinbase:BTC-USD", garbage, T0);
    trade("coinbase:BTC-USD", "100000.00", "2", 10);

    TestOutputTopic<String, DeadLetter> letters =
        driver.createOutputTopic(
            Topics.INGEST_DEADLETTER.name(),
            Serdes.String().deserializer(),
            Topics.INGEST_DEADLETTER.serde().deserializer());
    assertThat(letters.readKeyValuesToList())
        .singleElement()
        .satisfies(
            kv -> {
              assertThat(kv.key).isEqualTo(StreamsSettings.DEFAULT_APPLICATION_ID);
              assertThat(kv.value.getErrorKind()).isEqualTo(UndecodableRecords.ERROR_KIND);
              assertThat(kv.value.getRaw().toByteArray()).isEqualTo(garbage);
              assertThat(kv.value.getLocation()).isEqualTo(Topics.MARKET_TRADES.name() + "-0@0");
              assertThat(kv.value.getSource()).isEqualTo(StreamsSettings.DEFAULT_APPLICATION_ID);
            });
    assertThat(
            meters
                .get(UndecodableRecords.COUNTER)
                .tag("topic", Topics.MARKET_TRADES.name())
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(indicators.readValuesToList())
        .isNotEmpty()
        .allSatisfy(v -> assertThat(v.getTradeCount()).isEqualTo(1));
  }

  @Test
  void shouldWriteIndicatorsPricesAndNewsScoresFromOneTopology() {
    trade("coinbase:BTC-USD", "100000.00", "2", 0);
    trade("kraken:ETH-USD", "3000.00", "1", 100);
    trade("coinbase:BTC-USD", "100010.00", "1", 200);
    quote("kraken:BTC-USD", "100000.0", "100002.0", 300);
    newsItem("n1", 0, "BTC", "SOL");

    List<KeyValue<String, IndicatorSnapshot>> candles = indicators.readKeyValuesToList();
    assertThat(keys(candles))
        .containsExactlyInAnyOrder(
            "coinbase:BTC-USD/1s", "coinbase:BTC-USD/1m", "kraken:ETH-USD/1s", "kraken:ETH-USD/1m");
    assertThat(candles).hasSize(6);

    List<KeyValue<String, Price>> published = prices.readKeyValuesToList();
    assertThat(keys(published)).containsExactlyInAnyOrder("BTC", "ETH");
    assertThat(published.getLast().key).isEqualTo("BTC");
    assertThat(published.getLast().value.getVenuesCount()).isEqualTo(2);

    assertThat(keys(scores.readKeyValuesToList())).containsExactlyInAnyOrder("BTC", "SOL");
  }

  @Test
  void shouldRefuseAFutureTradeInCandlesAndPricesAlike() {
    trade("coinbase:BTC-USD", "100000.00", "1", 0);
    indicators.readKeyValuesToList();
    prices.readKeyValuesToList();

    // Event time 6 min after its Kafka timestamp, after a trade that moved stream time 4 min ahead
    // of the Kafka timestamps: refused by both. Given the partition time (4 min) as its record
    // timestamp, prices would have seen it only 2 min ahead and taken it.
    tradeAt("coinbase:BTC-USD", "100001.00", 240_000, 1_000);
    // Live 1 s and 1 min, and the final candles of the windows it closed.
    assertThat(indicators.readKeyValuesToList()).hasSize(4);
    assertThat(prices.readKeyValuesToList()).hasSize(1);
    tradeAt("coinbase:BTC-USD", "200000.00", 362_000, 2_000);

    assertThat(indicators.isEmpty()).isTrue();
    assertThat(prices.isEmpty()).isTrue();
    assertThat(meters.counter("sextant.streams.prices.skipped", "reason", "future_time").count())
        .isEqualTo(1.0);
    // The records around it are unaffected.
    trade("coinbase:BTC-USD", "100002.00", "1", 240_500);
    assertThat(keys(indicators.readKeyValuesToList()))
        .containsExactlyInAnyOrder("coinbase:BTC-USD/1s", "coinbase:BTC-USD/1m");
    assertThat(prices.readValuesToList())
        .extracting(p -> p.getPrice().getValue())
        .containsExactly("100002.00000000");
  }

  @Test
  void shouldRefuseDifferentTradeSkewsForTheSharedSource() {
    CandleConfig candles = CandleConfig.defaults().withMaxFutureSkew(Duration.ofMinutes(1));
    assertThatThrownBy(
            () ->
                new DerivedStreamsConfig(
                    candles, PriceConfig.defaults(), NewsScoreConfig.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxFutureSkew");
  }

  private static <V> Set<String> keys(List<KeyValue<String, V>> records) {
    return records.stream().map(kv -> kv.key).collect(Collectors.toSet());
  }

  private void trade(String instrument, String price, String size, long offsetMs) {
    tradeAt(instrument, price, size, offsetMs, offsetMs);
  }

  private void tradeAt(String instrument, String price, long eventOffsetMs, long kafkaOffsetMs) {
    tradeAt(instrument, price, "1", eventOffsetMs, kafkaOffsetMs);
  }

  private void tradeAt(
      String instrument, String price, String size, long eventOffsetMs, long kafkaOffsetMs) {
    long eventMs = T0.toEpochMilli() + eventOffsetMs;
    trades.pipeInput(
        new TestRecord<>(
            instrument,
            Trade.newBuilder()
                .setInstrument(instrument)
                .setVenue(instrument.substring(0, instrument.indexOf(':')))
                .setTradeId(instrument + "@" + eventMs)
                .setPrice(dec(price))
                .setSize(dec(size))
                .setEventTime(Timestamps.fromMillis(eventMs))
                .build(),
            T0.plusMillis(kafkaOffsetMs)));
  }

  private void quote(String instrument, String bid, String ask, long offsetMs) {
    Instant at = T0.plusMillis(offsetMs);
    quotes.pipeInput(
        new TestRecord<>(
            instrument,
            Quote.newBuilder()
                .setInstrument(instrument)
                .setBidPrice(dec(bid))
                .setBidSize(dec("1"))
                .setAskPrice(dec(ask))
                .setAskSize(dec("1"))
                .setEventTime(Timestamps.fromMillis(at.toEpochMilli()))
                .build(),
            at));
  }

  private void newsItem(String id, long offsetMs, String... assets) {
    Instant at = T0.plusMillis(offsetMs);
    news.pipeInput(
        new TestRecord<>(
            id,
            NewsItem.newBuilder()
                .setId(id)
                .setTitle("story " + id)
                .setPublished(Timestamps.fromMillis(at.toEpochMilli()))
                .setSentiment(0.5)
                .addAllAssets(List.of(assets))
                .build(),
            at));
  }

  private static Decimal dec(String value) {
    return Decimal.newBuilder().setValue(value).build();
  }
}
