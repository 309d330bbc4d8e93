package dev.sextant.streams.kstreams.candle;

import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Trade;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.state.Stores;

/**
 * Candles and indicators per instrument: {@code market.trades.v1} to {@code indicators.v1}, keyed
 * {@code instrument/interval}. Trades are keyed by instrument already, so no repartition is needed.
 */
public final class CandleTopology {

  static final String SOURCE = "candles-trades";
  static final String PROCESSOR = "candles-processor";
  static final String SINK = "candles-indicators";

  private final CandleConfig config;
  private final MeterRegistry registry;

  public CandleTopology(CandleConfig config, MeterRegistry registry) {
    this.config = config;
    this.registry = registry;
  }

  /**
   * The trades source this topology needs: trade event time as record timestamp, far-future event
   * times refused ({@link TradeTimestampExtractor}). An application sharing one trades source
   * between topologies registers it with this extractor.
   */
  public static TimestampExtractor tradeTimestampExtractor(CandleConfig config) {
    return new TradeTimestampExtractor(config.maxFutureSkew().toMillis());
  }

  /** Adds this sub-topology (one store, {@link CandleConfig#storeName()}) to {@code builder}. */
  public void addTo(StreamsBuilder builder) {
    addTo(
        builder,
        builder.stream(
            Topics.MARKET_TRADES.name(),
            Consumed.with(Serdes.String(), Topics.MARKET_TRADES.serde())
                .withTimestampExtractor(tradeTimestampExtractor(config))
                .withName(SOURCE)));
  }

  /**
   * Adds this sub-topology reading an existing trades stream. Its record timestamps must be the
   * ones {@link #tradeTimestampExtractor(CandleConfig)} gives: stream time closes the candles, and
   * a record timestamp different from the trade's event time marks a refused trade.
   */
  public void addTo(StreamsBuilder builder, KStream<String, Trade> trades) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(config.storeName()),
                Serdes.String(),
                new SeriesStateSerde())
            // Several trades per commit touch the same key: the cache keeps one changelog write.
            .withCachingEnabled());
    CandleMetrics metrics = new CandleMetrics(registry);
    trades
        .process(
            () -> new CandleProcessor(config, metrics), Named.as(PROCESSOR), config.storeName())
        .to(
            Topics.INDICATORS.name(),
            Produced.with(Serdes.String(), Topics.INDICATORS.serde()).withName(SINK));
  }
}
