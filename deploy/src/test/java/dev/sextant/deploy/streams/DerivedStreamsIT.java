package dev.sextant.deploy.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Timestamps;
import dev.sextant.deploy.kafka.EmbeddedKafka;
import dev.sextant.deploy.kafka.TestBroker;
import dev.sextant.ingest.kafka.CommittedReader;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.DeadLetter;
import dev.sextant.schemas.v1.Decimal;
import dev.sextant.schemas.v1.IndicatorSnapshot;
import dev.sextant.schemas.v1.Price;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import dev.sextant.schemas.v1.VenueContribution;
import dev.sextant.streams.kstreams.app.DerivedStreams;
import dev.sextant.streams.kstreams.app.DerivedStreamsConfig;
import dev.sextant.streams.kstreams.app.ProcessingGuarantee;
import dev.sextant.streams.kstreams.app.StreamsRunner;
import dev.sextant.streams.kstreams.app.StreamsSettings;
import dev.sextant.streams.kstreams.app.UndecodableRecords;
import dev.sextant.streams.kstreams.candle.CandleConfig;
import dev.sextant.streams.kstreams.candle.Interval;
import dev.sextant.streams.kstreams.news.NewsScoreConfig;
import dev.sextant.streams.kstreams.price.PriceConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The derived streams application on a real broker under exactly-once: what a read_committed
 * consumer sees on {@code indicators.v1} and {@code prices.v1} for a deterministic series of
 * trades, compared with a plain recomputation from the trades produced.
 */
class DerivedStreamsIT {

  private static final Duration AWAIT = Duration.ofSeconds(25);

  private static final List<String> INSTRUMENTS =
      List.of("coinbase:BTC-USD", "kraken:BTC-USD", "coinbase:ETH-USD", "kraken:ETH-USD");

  /** Each instrument trades in these 1 s windows (offsets from T0, in seconds). */
  private static final int WINDOWS = 4;

  /** Offsets of the trades inside each window, in ms. */
  private static final long[] IN_WINDOW = {100, 400, 900};

  /** The last trade of each instrument, past every earlier window's end + grace: closes them. */
  private static final long CLOSING_OFFSET_MS = 10_000;

  private static final Duration GRACE = Duration.ofSeconds(2);

  /**
   * Whole seconds, a little in the past: event times are Kafka timestamps too, within the topics'
   * retention and never ahead of the broker's clock.
   */
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = TestBroker.start(dir);
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldWriteFinalCandlesEqualToTheTradesAndTheBtcPriceOfBothVenues() throws Exception {
    List<Trade> trades = trades();
    produceUndecodable(trades.getFirst().getInstrument());
    produce(trades);

    StreamsSettings settings =
        new StreamsSettings(
            "derived-it",
            kafka.bootstrapServers(),
            ProcessingGuarantee.EXACTLY_ONCE_V2,
            Duration.ofMillis(50),
            0,
            0,
            1,
            dir.resolve("streams"));
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    DerivedStreams derived = new DerivedStreams(config(), Registry.loadDefault(), meters);
    Map<String, Ohlcv> expected = expectedFinals(trades);

    try (StreamsRunner runner = StreamsRunner.of(derived, settings)) {
      runner.start();
      assertThat(runner.awaitRunning(AWAIT)).isTrue();
      await()
          .atMost(AWAIT)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  finals(indicators()).size() == expected.size()
                      && lastBtcPrice().getVenuesCount() == 2);
      assertThat(runner.state()).isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(runner.threadReplacements()).isZero();
    }
    // The undecodable record before the trades: dead-lettered and counted, nothing else lost.
    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getErrorKind()).isEqualTo(UndecodableRecords.ERROR_KIND);
              assertThat(d.getRaw().toByteArray()).isEqualTo(UNDECODABLE);
            });
    assertThat(
            meters
                .get(UndecodableRecords.COUNTER)
                .tag("topic", Topics.MARKET_TRADES.name())
                .counter()
                .count())
        .isEqualTo(1.0);

    List<IndicatorSnapshot> snapshots = indicators();
    assertThat(snapshots.stream().map(s -> s.getInstrument() + "/" + s.getInterval()))
        .containsOnly(
            INSTRUMENTS.stream()
                .flatMap(i -> List.of(i + "/1s", i + "/1m").stream())
                .toArray(String[]::new));
    List<IndicatorSnapshot> finals1s =
        snapshots.stream().filter(s -> s.getFinal() && s.getInterval().equals("1s")).toList();
    // Exactly one final per closed window: nothing written twice under exactly-once.
    assertThat(finals1s).hasSize(expected.size());
    assertThat(finals(snapshots)).isEqualTo(expected);

    Price btc = lastBtcPrice();
    assertThat(btc.getKey()).isEqualTo("BTC");
    assertThat(btc.getQuote()).isEqualTo("USD");
    assertThat(btc.getVenuesList())
        .extracting(VenueContribution::getInstrument)
        .containsExactlyInAnyOrder("coinbase:BTC-USD", "kraken:BTC-USD");
    Map<String, BigDecimal> lastPrices = lastPrices(trades);
    for (VenueContribution venue : btc.getVenuesList()) {
      assertThat(new BigDecimal(venue.getPrice().getValue()))
          .as(venue.getInstrument())
          .isEqualByComparingTo(lastPrices.get(venue.getInstrument()));
    }
    // A volume-weighted mean of the two venues' prices: between them.
    assertThat(new BigDecimal(btc.getPrice().getValue()))
        .isBetween(new BigDecimal("100000.50"), new BigDecimal("100001.00"));
  }

  private static DerivedStreamsConfig config() {
    CandleConfig candles =
        new CandleConfig(
            List.of(Interval.S1, Interval.M1),
            GRACE,
            Duration.ZERO,
            20,
            CandleConfig.DEFAULT_STORE);
    return new DerivedStreamsConfig(candles, PriceConfig.defaults(), NewsScoreConfig.defaults());
  }

  // ---- the trades

  /** Every instrument's trades, in event-time order across instruments (they share partitions). */
  private static List<Trade> trades() {
    List<Trade> trades = new ArrayList<>();
    for (int i = 0; i < INSTRUMENTS.size(); i++) {
      String instrument = INSTRUMENTS.get(i);
      boolean btc = instrument.contains("BTC");
      BigDecimal base = new BigDecimal(btc ? "100000.00" : "3000.00");
      int n = 0;
      for (int w = 0; w < WINDOWS; w++) {
        for (long at : IN_WINDOW) {
          // Deterministic prices a few cents apart, sizes with exact fractional digits.
          BigDecimal price = base.add(new BigDecimal((n * 37 + i * 11) % 90).movePointLeft(2));
          BigDecimal size = new BigDecimal(n % 5 + 1).add(new BigDecimal("0.125"));
          trades.add(trade(instrument, w * 1000L + at + i, price, size, n));
          n++;
        }
      }
      BigDecimal closing =
          switch (instrument) {
            case "coinbase:BTC-USD" -> new BigDecimal("100000.50");
            case "kraken:BTC-USD" -> new BigDecimal("100001.00");
            default -> base;
          };
      trades.add(trade(instrument, CLOSING_OFFSET_MS + i, closing, BigDecimal.ONE, n));
    }
    trades.sort(Comparator.comparingLong(t -> Timestamps.toMillis(t.getEventTime())));
    return trades;
  }

  private static Trade trade(
      String instrument, long offsetMs, BigDecimal price, BigDecimal size, int n) {
    long at = T0.toEpochMilli() + offsetMs;
    return Trade.newBuilder()
        .setInstrument(instrument)
        .setVenue(instrument.substring(0, instrument.indexOf(':')))
        .setTradeId(instrument + "-" + n)
        .setPrice(dec(price.toPlainString()))
        .setSize(dec(size.toPlainString()))
        .setSide(n % 2 == 0 ? Side.SIDE_BUY : Side.SIDE_SELL)
        .setEventTime(Timestamps.fromMillis(at))
        .setIngestTime(Timestamps.fromMillis(at))
        .build();
  }

  /** Bytes that do not decode as a Trade: a field length past the end. */
  private static final byte[] UNDECODABLE = {0x0a, (byte) 0xff, 0x01, 0x02};

  private static void produceUndecodable(String key) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.MARKET_TRADES.name(), key, UNDECODABLE)).get();
    }
  }

  private static void produce(List<Trade> trades) throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true);
    try (KafkaProducer<String, Trade> producer =
        new KafkaProducer<>(
            config, new StringSerializer(), Topics.MARKET_TRADES.serde().serializer())) {
      for (Trade trade : trades) {
        producer
            .send(
                new ProducerRecord<>(
                    Topics.MARKET_TRADES.name(),
                    null,
                    Timestamps.toMillis(trade.getEventTime()),
                    trade.getInstrument(),
                    trade))
            .get();
      }
    }
  }

  // ---- the recomputation

  /** A candle's values, decimals written without trailing zeros, for comparison. */
  private record Ohlcv(
      String open, String high, String low, String close, String volume, long tradeCount) {}

  /** Key: instrument/1s@window start (ms). */
  private static String windowKey(String instrument, long windowStartMs) {
    return instrument + "/1s@" + windowStartMs;
  }

  /** The closed 1 s windows: every window but each instrument's last (its closing trade's). */
  private static Map<String, Ohlcv> expectedFinals(List<Trade> trades) {
    Map<String, List<Trade>> byWindow = new LinkedHashMap<>();
    for (Trade t : trades) {
      long start = Timestamps.toMillis(t.getEventTime()) / 1000 * 1000;
      byWindow.computeIfAbsent(windowKey(t.getInstrument(), start), k -> new ArrayList<>()).add(t);
    }
    Map<String, Ohlcv> expected = new TreeMap<>();
    byWindow.forEach(
        (key, ts) -> {
          long start = Long.parseLong(key.substring(key.indexOf('@') + 1));
          if (start >= T0.toEpochMilli() + CLOSING_OFFSET_MS) {
            return; // still open: stream time has not passed its end + grace
          }
          List<BigDecimal> prices = ts.stream().map(t -> value(t.getPrice())).toList();
          BigDecimal volume =
              ts.stream().map(t -> value(t.getSize())).reduce(BigDecimal.ZERO, BigDecimal::add);
          expected.put(
              key,
              new Ohlcv(
                  plain(prices.getFirst()),
                  plain(prices.stream().max(Comparator.naturalOrder()).orElseThrow()),
                  plain(prices.stream().min(Comparator.naturalOrder()).orElseThrow()),
                  plain(prices.getLast()),
                  plain(volume),
                  ts.size()));
        });
    assertThat(expected).hasSize(INSTRUMENTS.size() * WINDOWS);
    return expected;
  }

  private static Map<String, BigDecimal> lastPrices(List<Trade> trades) {
    Map<String, BigDecimal> last = new LinkedHashMap<>();
    trades.forEach(t -> last.put(t.getInstrument(), value(t.getPrice())));
    return last;
  }

  // ---- what was written

  /** The final 1 s candles, the latest per window. */
  private static Map<String, Ohlcv> finals(List<IndicatorSnapshot> snapshots) {
    Map<String, Ohlcv> finals = new TreeMap<>();
    for (IndicatorSnapshot s : snapshots) {
      if (s.getFinal() && s.getInterval().equals("1s")) {
        finals.put(
            windowKey(s.getInstrument(), Timestamps.toMillis(s.getWindowStart())),
            new Ohlcv(
                plain(value(s.getOpen())),
                plain(value(s.getHigh())),
                plain(value(s.getLow())),
                plain(value(s.getClose())),
                plain(value(s.getVolume())),
                s.getTradeCount()));
      }
    }
    return finals;
  }

  private static List<IndicatorSnapshot> indicators() throws InvalidProtocolBufferException {
    List<IndicatorSnapshot> snapshots = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : records(Topics.INDICATORS.name())) {
      IndicatorSnapshot s = IndicatorSnapshot.parseFrom(r.value());
      assertThat(r.key()).isEqualTo(s.getInstrument() + "/" + s.getInterval());
      snapshots.add(s);
    }
    return snapshots;
  }

  private static List<DeadLetter> deadLetters() throws InvalidProtocolBufferException {
    List<DeadLetter> letters = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : records(Topics.INGEST_DEADLETTER.name())) {
      letters.add(DeadLetter.parseFrom(r.value()));
    }
    return letters;
  }

  /** The latest committed BTC price, or an empty one. */
  private static Price lastBtcPrice() throws InvalidProtocolBufferException {
    Price last = Price.getDefaultInstance();
    for (ConsumerRecord<String, byte[]> r : records(Topics.PRICES.name())) {
      if ("BTC".equals(r.key())) {
        last = Price.parseFrom(r.value());
      }
    }
    return last;
  }

  private static List<ConsumerRecord<String, byte[]>> records(String topic) {
    return CommittedReader.readAll(
        kafka.bootstrapServers(), "derived-streams-it", topic, Duration.ofSeconds(10));
  }

  private static BigDecimal value(Decimal d) {
    return new BigDecimal(d.getValue());
  }

  private static String plain(BigDecimal d) {
    return d.stripTrailingZeros().toPlainString();
  }

  private static Decimal dec(String value) {
    return Decimal.newBuilder().setValue(value).build();
  }
}
