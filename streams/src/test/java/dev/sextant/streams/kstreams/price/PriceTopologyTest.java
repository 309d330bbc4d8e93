package dev.sextant.streams.kstreams.price;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Decimal;
import dev.sextant.schemas.v1.Price;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Trade;
import dev.sextant.schemas.v1.VenueContribution;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTopologyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant WALL = Instant.parse("2026-01-01T12:00:00Z");

  @TempDir Path stateDir;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private TopologyTestDriver driver;
  private TestInputTopic<String, Trade> trades;
  private TestInputTopic<String, Quote> quotes;
  private TestOutputTopic<String, Price> prices;

  @BeforeEach
  void start() {
    PriceConfig config =
        new PriceConfig(
            Duration.ofSeconds(30),
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            10,
            Duration.ofMinutes(30),
            Duration.ofMinutes(5),
            new BigDecimal("3"),
            new BigDecimal("10"),
            8,
            "prices-venues",
            "prices-stablecoin-rates",
            "prices");
    StreamsBuilder builder = new StreamsBuilder();
    new PriceTopology(config, Registry.loadDefault(), new PriceMetrics(meters)).addTo(builder);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "prices-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(builder.build(), props, WALL);
    trades =
        driver.createInputTopic(
            Topics.MARKET_TRADES.name(),
            Serdes.String().serializer(),
            Topics.MARKET_TRADES.serde().serializer());
    quotes =
        driver.createInputTopic(
            Topics.MARKET_QUOTES.name(),
            Serdes.String().serializer(),
            Topics.MARKET_QUOTES.serde().serializer());
    prices =
        driver.createOutputTopic(
            Topics.PRICES.name(),
            Serdes.String().deserializer(),
            Topics.PRICES.serde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void shouldRememberEachBooksInputByItsOriginalTopicAndPartitionAcrossTheRepartition() {
    trade("coinbase:BTC-USD", "100000.00", "2", 1_000);
    quote("kraken:BTC-USD", "100001.00", "100003.00", 2_000);
    trade("coinbase:BTC-USD", "100002.00", "1", 3_000);

    AssetBook book = driver.<String, AssetBook>getKeyValueStore("prices-venues").get("BTC");
    // Positions of market.trades.v1 and market.quotes.v1 (stamped before the repartition), not
    // of the repartition topics.
    assertEquals(
        java.util.Map.of(
            Topics.MARKET_TRADES.name() + "/0", new InputPosition(0, 1),
            Topics.MARKET_QUOTES.name() + "/0", new InputPosition(0, 0)),
        book.positions());
    // The stamp stays inside: the published price carries no header.
    assertEquals(0, prices.readRecordsToList().getLast().getHeaders().toArray().length);
  }

  @Test
  void shouldWeightVenuesByVolumeAndConvertStablecoinQuotes() {
    quote("coinbase:USDT-USD", "1.0001", "1.0003", 0);
    Price usdt = single("USDT");
    assertEquals("1.00020000", usdt.getPrice().getValue());
    assertEquals("USD", usdt.getQuote());
    assertEquals(0.0, usdt.getSpreadBps());
    assertEquals(List.of(venue("coinbase:USDT-USD", "1.0002", "0", 0)), usdt.getVenuesList());

    trade("coinbase:BTC-USD", "100000.00", "2", 1_000);
    Price one = single("BTC");
    assertEquals("100000.00000000", one.getPrice().getValue());
    assertEquals(List.of(venue("coinbase:BTC-USD", "100000.00", "2", 1_000)), one.getVenuesList());
    assertEquals(T0.plusSeconds(1).getEpochSecond(), one.getEventTime().getSeconds());
    assertEquals(WALL.getEpochSecond(), one.getComputeTime().getSeconds());

    trade("kraken:BTC-USD", "100010.00", "1", 2_000);
    Price two = single("BTC");
    assertEquals("100003.33333333", two.getPrice().getValue());
    assertEquals(spread("100010.00", "100000.00", "100003.33333333"), two.getSpreadBps());

    // 99990.00 USDT at 1.0002 USD per USDT.
    trade("binance:BTC-USDT", "99990.00", "1", 3_000);
    Price three = single("BTC");
    assertEquals("100004.99950000", three.getPrice().getValue());
    assertEquals(
        List.of(
            venue("binance:BTC-USDT", "100009.9980000000", "1", 3_000),
            venue("coinbase:BTC-USD", "100000.00", "2", 1_000),
            venue("kraken:BTC-USD", "100010.00", "1", 2_000)),
        three.getVenuesList());
    assertEquals(T0.plusSeconds(3).getEpochSecond(), three.getEventTime().getSeconds());

    // A quote-only venue has no volume: it joins the venues and the spread but weighs nothing.
    quote("okx:BTC-USDT", "100000.0", "100002.0", 4_000);
    Price four = single("BTC");
    assertEquals("100004.99950000", four.getPrice().getValue());
    assertEquals(4, four.getVenuesCount());
    assertEquals(venue("okx:BTC-USDT", "100021.000200000", "0", 4_000), four.getVenues(3));
    assertEquals(spread("100021.0002", "100000.00", "100004.99950000"), four.getSpreadBps());
    assertEquals(T0.plusSeconds(4).getEpochSecond(), four.getEventTime().getSeconds());
  }

  @Test
  void shouldDropStaleVenueAndTakeItBackWhenItUpdates() {
    trade("coinbase:BTC-USD", "100", "1", 0);
    assertEquals("100.00000000", single("BTC").getPrice().getValue());
    trade("kraken:BTC-USD", "102", "1", 1_000);
    assertEquals("101.00000000", single("BTC").getPrice().getValue());

    // 40 s of stream time without coinbase: past the 30 s staleness.
    trade("kraken:BTC-USD", "102", "1", 40_000);
    Price without = single("BTC");
    assertEquals("102.00000000", without.getPrice().getValue());
    assertEquals(List.of(venue("kraken:BTC-USD", "102", "2", 40_000)), without.getVenuesList());

    trade("coinbase:BTC-USD", "100", "2", 45_000);
    Price back = single("BTC");
    assertEquals("100.80000000", back.getPrice().getValue());
    assertEquals(
        List.of(
            venue("coinbase:BTC-USD", "100", "3", 45_000),
            venue("kraken:BTC-USD", "102", "2", 40_000)),
        back.getVenuesList());
  }

  @Test
  void shouldRejectOutlierVenueByMedianAbsoluteDeviation() {
    trade("coinbase:BTC-USD", "100", "1", 0);
    trade("kraken:BTC-USD", "101", "1", 1_000);
    trade("okx:BTC-USD", "100.5", "1", 2_000);
    List<Price> first = prices.readValuesToList();
    assertEquals("100.50000000", first.getLast().getPrice().getValue());

    // Median 100.75, MAD 0.5: 110 is 9.25 away, past 3 * 1.4826 * 0.5 = 2.2239.
    trade("bybit:BTC-USD", "110", "1", 3_000);
    assertTrue(prices.isEmpty(), "an outlier alone changes neither the price nor the venues");

    trade("kraken:BTC-USD", "101", "1", 4_000);
    Price kept = single("BTC");
    assertEquals("100.62500000", kept.getPrice().getValue());
    assertEquals(List.of("coinbase:BTC-USD", "kraken:BTC-USD", "okx:BTC-USD"), instruments(kept));

    trade("bybit:BTC-USD", "100.8", "1", 5_000);
    Price all = single("BTC");
    assertEquals("100.68333333", all.getPrice().getValue());
    assertEquals(
        List.of("bybit:BTC-USD", "coinbase:BTC-USD", "kraken:BTC-USD", "okx:BTC-USD"),
        instruments(all));
  }

  @Test
  void shouldLeaveOutStablecoinVenueWithoutLiveRate() {
    trade("binance:BTC-USDT", "100000", "1", 0);
    assertTrue(prices.isEmpty(), "no USDT rate yet: the only venue is left out");

    trade("coinbase:USDT-USD", "0.9990", "1000", 1_000);
    assertEquals("0.99900000", single("USDT").getPrice().getValue());

    trade("binance:BTC-USDT", "100000", "1", 2_000);
    Price converted = single("BTC");
    assertEquals("99900.00000000", converted.getPrice().getValue());
    assertEquals(
        List.of(venue("binance:BTC-USDT", "99900.00000000", "2", 2_000)),
        converted.getVenuesList());

    // The rate (event time 1 s) is 39 s behind BTC's stream time: stale, so USDT venues are out.
    trade("binance:BTC-USDT", "100000", "1", 40_000);
    assertTrue(prices.isEmpty());
    trade("kraken:BTC-USD", "100100", "1", 41_000);
    Price usdOnly = single("BTC");
    assertEquals("100100.00000000", usdOnly.getPrice().getValue());
    assertEquals(List.of("kraken:BTC-USD"), instruments(usdOnly));

    // A stablecoin quoted in a stablecoin would make rates depend on each other: refused.
    trade("binance:USDC-USDT", "1.0001", "10", 42_000);
    assertEquals(1.0, skipped(Parsed.UNSUPPORTED_INSTRUMENT));
    assertTrue(prices.isEmpty());
  }

  @Test
  void shouldCountAndSkipBadInputWithoutAffectingNeighbours() {
    trade("coinbase:BTC-USD", "100", "1", 0);
    assertEquals("100.00000000", single("BTC").getPrice().getValue());

    trade("nowhere:BTC-USD", "100", "1", 100);
    trade("garbage", "100", "1", 100);
    trade("coinbase:BTC-USD", "12,5", "1", 100);
    trade("coinbase:BTC-USD", "100", "0", 100);
    trades.pipeInput(
        "coinbase:BTC-USD",
        Trade.newBuilder()
            .setInstrument("coinbase:BTC-USD")
            .setVenue("coinbase")
            .setPrice(dec("50"))
            .setSize(dec("1"))
            .build());
    trade("coinbase:BTC-EUR", "90000", "1", 100);
    trade("okx:BTC-USD-PERP", "100", "1", 100);
    quote("kraken:BTC-USD", "101", "100", 100);
    quote("kraken:BTC-USD", "0", "100", 100);
    quote("kraken:BTC-USD", "abc", "100", 100);
    assertTrue(prices.isEmpty());

    trade("kraken:BTC-USD", "102", "1", 1_000);
    Price after = single("BTC");
    assertEquals("101.00000000", after.getPrice().getValue());
    assertEquals(List.of("coinbase:BTC-USD", "kraken:BTC-USD"), instruments(after));

    assertEquals(2.0, skipped(Parsed.UNKNOWN_INSTRUMENT));
    assertEquals(2.0, skipped(Parsed.BAD_DECIMAL));
    assertEquals(2.0, skipped(Parsed.NON_POSITIVE));
    assertEquals(1.0, skipped(Parsed.MISSING_TIME));
    assertEquals(2.0, skipped(Parsed.UNSUPPORTED_INSTRUMENT));
    assertEquals(1.0, skipped(Parsed.CROSSED_QUOTE));
  }

  @Test
  void shouldCountHostileTimesAndDecimalsWithoutCrashingOrMovingStreamTime() {
    trade("coinbase:BTC-USD", "100", "1", 0);
    assertEquals("100.00000000", single("BTC").getPrice().getValue());

    // Seconds whose milliseconds overflow a long, and nanos outside [0, 1e9).
    tradeAt("coinbase:BTC-USD", "100", Timestamp.newBuilder().setSeconds(Long.MAX_VALUE), 100);
    tradeAt("coinbase:BTC-USD", "100", Timestamp.newBuilder().setSeconds(1).setNanos(-1), 100);
    // One hour after the record timestamp: would move BTC's stream time for good.
    tradeAt("kraken:BTC-USD", "100", ts(T0.plusSeconds(3_600)), 100);
    // Too many digits or too large a scale: toPlainString could exhaust memory.
    trade("coinbase:BTC-USD", "1E+999999999", "1", 100);
    trade("coinbase:BTC-USD", "1E-40", "1", 100);
    trade("coinbase:BTC-USD", "1" + "0".repeat(60), "1", 100);
    assertTrue(prices.isEmpty());

    trade("kraken:BTC-USD", "102", "1", 1_000);
    Price after = single("BTC");
    assertEquals("101.00000000", after.getPrice().getValue());
    assertEquals(List.of("coinbase:BTC-USD", "kraken:BTC-USD"), instruments(after));
    assertEquals(2.0, skipped(Parsed.BAD_TIME));
    assertEquals(1.0, skipped(Parsed.FUTURE_TIME));
    assertEquals(3.0, skipped(Parsed.BAD_DECIMAL));
  }

  @Test
  void shouldRoundTheWeightedMeanOnceToThePublishedScale() {
    // Mean 100000.000000025000000000000000000001: above the half, so ...03. Rounding first to
    // 34 significant digits gives 100000.0000000250000000000000000000, which half-even makes ...02.
    trade("coinbase:BTC-USD", "100000.000000025", "1", 0);
    prices.readValuesToList();
    trade("kraken:BTC-USD", "100000.000000025000000000000000000002", "1", 0);
    assertEquals("100000.00000003", single("BTC").getPrice().getValue());
  }

  @Test
  void shouldKeepNewestTradePriceButCountOlderVolume() {
    trade("coinbase:BTC-USD", "100", "1", 10_000);
    trade("kraken:BTC-USD", "110", "1", 11_000);
    assertEquals("105.00000000", prices.readValuesToList().getLast().getPrice().getValue());

    // Older than coinbase's last trade: its volume counts, its price does not replace 100.
    trade("coinbase:BTC-USD", "90", "2", 5_000);
    Price reweighted = single("BTC");
    assertEquals("102.50000000", reweighted.getPrice().getValue());
    assertEquals(
        List.of(
            venue("coinbase:BTC-USD", "100", "3", 10_000),
            venue("kraken:BTC-USD", "110", "1", 11_000)),
        reweighted.getVenuesList());
    assertEquals(T0.plusSeconds(11).getEpochSecond(), reweighted.getEventTime().getSeconds());

    // Ten minutes before stream time: outside the volume window, counted late, no change.
    trade("kraken:BTC-USD", "1", "100", -600_000);
    assertTrue(prices.isEmpty());
    assertEquals(1.0, meters.find(PriceMetrics.LATE).counter().count());
  }

  @Test
  void shouldUseQuoteMidWhileFreshAndLastTradeAfter() {
    trade("coinbase:BTC-USD", "100", "1", 0);
    quote("coinbase:BTC-USD", "101", "103", 1_000);
    assertEquals("102.00000000", prices.readValuesToList().getLast().getPrice().getValue());

    // Stream time 10 s: coinbase's quote is 9 s old (> 5 s), so its last trade (100) counts.
    trade("kraken:BTC-USD", "106", "1", 10_000);
    Price p = single("BTC");
    assertEquals("103.00000000", p.getPrice().getValue());
    assertEquals(venue("coinbase:BTC-USD", "100", "1", 1_000), p.getVenues(0));
  }

  private void trade(String instrument, String price, String size, long offsetMs) {
    Instant at = T0.plusMillis(offsetMs);
    trades.pipeInput(
        new TestRecord<>(
            instrument,
            Trade.newBuilder()
                .setInstrument(instrument)
                .setPrice(dec(price))
                .setSize(dec(size))
                .setEventTime(Times.fromMillis(at.toEpochMilli()))
                .build(),
            at));
  }

  /** A trade with an explicit event time, its record timestamp {@code offsetMs} after T0. */
  private void tradeAt(
      String instrument, String price, Timestamp.Builder eventTime, long offsetMs) {
    trades.pipeInput(
        new TestRecord<>(
            instrument,
            Trade.newBuilder()
                .setInstrument(instrument)
                .setPrice(dec(price))
                .setSize(dec("1"))
                .setEventTime(eventTime)
                .build(),
            T0.plusMillis(offsetMs)));
  }

  private static Timestamp.Builder ts(Instant at) {
    return Times.fromMillis(at.toEpochMilli()).toBuilder();
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
                .setEventTime(Times.fromMillis(at.toEpochMilli()))
                .build(),
            at));
  }

  /** The one record published since the last read, checked to be keyed {@code key}. */
  private Price single(String key) {
    List<org.apache.kafka.streams.KeyValue<String, Price>> out = prices.readKeyValuesToList();
    assertEquals(1, out.size(), "records published: " + out);
    assertEquals(key, out.getFirst().key);
    assertEquals(key, out.getFirst().value.getKey());
    return out.getFirst().value;
  }

  private static VenueContribution venue(
      String instrument, String price, String volume, long offsetMs) {
    return VenueContribution.newBuilder()
        .setInstrument(instrument)
        .setPrice(dec(price))
        .setVolume(dec(volume))
        .setLastUpdate(Times.fromMillis(T0.plusMillis(offsetMs).toEpochMilli()))
        .build();
  }

  private static List<String> instruments(Price price) {
    return price.getVenuesList().stream().map(VenueContribution::getInstrument).toList();
  }

  private static double spread(String high, String low, String price) {
    return new BigDecimal(high)
        .subtract(new BigDecimal(low))
        .multiply(BigDecimal.valueOf(10_000))
        .divide(new BigDecimal(price), MathContext.DECIMAL64)
        .doubleValue();
  }

  private double skipped(String reason) {
    Counter c = meters.find(PriceMetrics.SKIPPED).tag("reason", reason).counter();
    return c == null ? 0.0 : c.count();
  }

  private static Decimal dec(String value) {
    return Decimal.newBuilder().setValue(value).build();
  }
}
