package dev.sextant.streams.kstreams.price;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Price;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consolidating processor alone, with explicit record metadata. An at-least-once restart is
 * simulated by processing a record again at an offset the book has already applied: that is what
 * happens when the changelog was written past the last committed input offset before a crash.
 */
class ConsolidatedPriceProcessorTest {

  private static final PriceConfig CONFIG = PriceConfig.defaults();
  private static final String TRADES = "app-prices-trades-by-asset-repartition";
  private static final String QUOTES = "app-prices-quotes-by-asset-repartition";
  private static final long T0 = 1_767_225_600_000L;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MockProcessorContext<String, Price> context = new MockProcessorContext<>();
  private KeyValueStore<String, AssetBook> books;
  private ConsolidatedPriceProcessor processor;

  @BeforeEach
  void start() {
    books =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(CONFIG.storeName()),
                Serdes.String(),
                new AssetBookSerde())
            .withLoggingDisabled()
            .build();
    KeyValueStore<String, Price> rates =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(CONFIG.ratesStoreName()),
                Serdes.String(),
                Topics.PRICES.serde())
            .withLoggingDisabled()
            .build();
    books.init(context.getStateStoreContext(), books);
    rates.init(context.getStateStoreContext(), rates);
    context.addStateStore(books);
    context.addStateStore(rates);
    context.setCurrentSystemTimeMs(T0);
    processor = new ConsolidatedPriceProcessor(CONFIG, new PriceMetrics(meters));
    processor.init(context);
  }

  @Test
  void shouldSkipRecordsAtOrBelowTheLastAppliedOffsetOfTheirTopic() {
    process(TRADES, 0, 5, trade("coinbase:BTC-USD", "100", "1", 0));
    process(TRADES, 0, 6, trade("kraken:BTC-USD", "110", "1", 1_000));
    assertEquals(List.of("100.00000000", "105.00000000"), published());

    // Restart from committed offset 4: offsets 5 and 6 come again and must not add volume twice.
    process(TRADES, 0, 5, trade("coinbase:BTC-USD", "100", "1", 0));
    process(TRADES, 0, 6, trade("kraken:BTC-USD", "110", "1", 1_000));
    assertEquals(List.of(), published());
    assertEquals(new BigDecimal("1"), volume("coinbase:BTC-USD"));
    assertEquals(2.0, meters.find(PriceMetrics.REPLAYED).counter().count());

    // The same offset on the other input topic is a different record: applied.
    process(QUOTES, 0, 5, quote("okx:BTC-USD", "104", 1_500));
    // Okx adds a venue with weight 0 (quotes only): same price, a new venue list.
    assertEquals(List.of("105.00000000"), published());

    process(TRADES, 0, 7, trade("coinbase:BTC-USD", "100", "1", 2_000));
    // Coinbase 100 x 2, kraken 110 x 1, okx (quote only) weight 0.
    assertEquals(List.of("103.33333333"), published());
    assertEquals(new BigDecimal("2"), volume("coinbase:BTC-USD"));
  }

  @Test
  void shouldApplyRecordsOfAnotherPartitionOfTheSameTopic() {
    // After the repartition topic is resized an asset moves partition: offsets are not comparable.
    process(TRADES, 0, 9, trade("coinbase:BTC-USD", "100", "1", 0));
    process(TRADES, 1, 3, trade("coinbase:BTC-USD", "100", "1", 1_000));
    assertEquals(new BigDecimal("2"), volume("coinbase:BTC-USD"));
  }

  @Test
  void shouldSkipATradeWrittenToTheRepartitionTopicAgainByItsOriginalPosition() {
    // Before the crash: two trades of market.trades.v1 partition 3, repartitioned at 10 and 11.
    stamped(10, 40, trade("coinbase:BTC-USD", "100", "1", 0));
    stamped(11, 41, trade("kraken:BTC-USD", "110", "1", 1_000));
    // After it, the upstream task reads them again and writes them again, at new offsets 12, 13;
    // then the next trade (offset 42).
    stamped(12, 40, trade("coinbase:BTC-USD", "100", "1", 0));
    stamped(13, 41, trade("kraken:BTC-USD", "110", "1", 1_000));
    stamped(14, 42, trade("coinbase:BTC-USD", "100", "1", 2_000));

    assertEquals(new BigDecimal("2"), volume("coinbase:BTC-USD"));
    assertEquals(new BigDecimal("1"), volume("kraken:BTC-USD"));
    assertEquals(2.0, meters.find(PriceMetrics.REPLAYED).counter().count());
    assertEquals(List.of("100.00000000", "105.00000000", "103.33333333"), published());
  }

  /** A trade read at {@code sourceOffset} of market.trades.v1 partition 3, then repartitioned. */
  private void stamped(long repartitionOffset, long sourceOffset, VenueUpdate update) {
    context.setRecordMetadata(TRADES, 0, repartitionOffset);
    RecordHeaders headers = new RecordHeaders();
    headers.add(
        SourcePosition.HEADER,
        new SourcePosition(Topics.MARKET_TRADES.name(), 3, sourceOffset).toBytes());
    processor.process(new Record<>(update.asset(), update, update.eventTimeMs(), headers));
  }

  private void process(String topic, int partition, long offset, VenueUpdate update) {
    context.setRecordMetadata(topic, partition, offset);
    processor.process(new Record<>(update.asset(), update, update.eventTimeMs()));
  }

  private List<String> published() {
    List<String> out =
        context.forwarded().stream()
            .map(f -> ((Price) f.record().value()).getPrice().getValue())
            .toList();
    context.resetForwards();
    return out;
  }

  private BigDecimal volume(String instrument) {
    AssetBook book = books.get("BTC");
    return book.venues().get(instrument).rollingVolume(book.streamTimeMs(), CONFIG);
  }

  private static VenueUpdate trade(String instrument, String price, String size, long offsetMs) {
    return new VenueUpdate(
        "BTC",
        instrument,
        "USD",
        VenueUpdate.Kind.TRADE,
        new BigDecimal(price),
        new BigDecimal(size),
        T0 + offsetMs);
  }

  private static VenueUpdate quote(String instrument, String mid, long offsetMs) {
    return new VenueUpdate(
        "BTC",
        instrument,
        "USD",
        VenueUpdate.Kind.QUOTE,
        new BigDecimal(mid),
        BigDecimal.ZERO,
        T0 + offsetMs);
  }
}
