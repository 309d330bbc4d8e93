package dev.sextant.streams.kstreams.candle;

import dev.sextant.schemas.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
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

  /** Adds this sub-topology (one store, {@link CandleConfig#storeName()}) to {@code builder}. */
  public void addTo(StreamsBuilder builder) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(config.storeName()),
                Serdes.String(),
                new SeriesStateSerde())
            // Several trades per commit touch the same key: the cache keeps one changelog write.
            .withCachingEnabled());
    CandleMetrics metrics = new CandleMetrics(registry);
    builder.stream(
            Topics.MARKET_TRADES.name(),
            Consumed.with(Serdes.String(), Topics.MARKET_TRADES.serde())
                .withTimestampExtractor(
                    new TradeTimestampExtractor(config.maxFutureSkew().toMillis()))
                .withName(SOURCE))
        .process(
            () -> new CandleProcessor(config, metrics), Named.as(PROCESSOR), config.storeName())
        .to(
            Topics.INDICATORS.name(),
            Produced.with(Serdes.String(), Topics.INDICATORS.serde()).withName(SINK));
  }
}
