package dev.sextant.streams.kstreams.price;

import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Price;
import dev.sextant.schemas.v1.Trade;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Topology 2: the consolidated USD price per asset, from market.trades.v1 and market.quotes.v1 to
 * prices.v1 (docs/streams/prices.md).
 *
 * <p>Trades and quotes are validated where they arrive (bad input is counted and never reaches an
 * internal topic), rekeyed by base asset, and merged into one processor holding each asset's
 * venues. Stablecoin rates come back from prices.v1 through a global store, since the USDT price
 * and the BTC price are computed on different partitions.
 */
public final class PriceTopology {

  private final PriceConfig config;
  private final VenueUpdateParser parser;
  private final Registry registry;
  private final PriceMetrics metrics;

  public PriceTopology(PriceConfig config, Registry registry, PriceMetrics metrics) {
    this.config = config;
    this.registry = registry;
    this.parser = new VenueUpdateParser(registry);
    this.metrics = metrics;
  }

  /** Adds this topology's sources, stores, processors and sink to {@code builder}. */
  public void addTo(StreamsBuilder builder) {
    addTo(
        builder,
        builder.stream(
            Topics.MARKET_TRADES.name(),
            Consumed.with(Serdes.String(), Topics.MARKET_TRADES.serde())
                .withName(config.namePrefix() + "-trades-source")));
  }

  /**
   * Adds this topology reading an existing trades stream (shared with another topology). A trade is
   * refused as {@code future_time} when its event time is more than {@code maxFutureSkew} after its
   * record timestamp, so the stream's record timestamps must be the Kafka timestamps or derived
   * from them such that a trade to refuse keeps a timestamp that far behind
   * (docs/streams/application.md).
   */
  public void addTo(StreamsBuilder builder, KStream<String, Trade> tradeStream) {
    String prefix = config.namePrefix();
    KStream<String, VenueUpdate> trades =
        byAsset(tradeStream, Topics.MARKET_TRADES.serde(), parser::trade, prefix + "-trades");
    KStream<String, VenueUpdate> quotes =
        byAsset(
            builder.stream(
                Topics.MARKET_QUOTES.name(),
                Consumed.with(Serdes.String(), Topics.MARKET_QUOTES.serde())
                    .withName(prefix + "-quotes-source")),
            Topics.MARKET_QUOTES.serde(),
            parser::quote,
            prefix + "-quotes");

    builder.addStateStore(booksStore());
    builder.addGlobalStore(
        ratesStore(),
        Topics.PRICES.name(),
        Consumed.with(Serdes.String(), Topics.PRICES.serde()).withName(prefix + "-rates-source"),
        () -> new StablecoinRateProcessor(config.ratesStoreName(), registry));

    trades
        .merge(quotes, Named.as(prefix + "-merge"))
        .process(
            () -> new ConsolidatedPriceProcessor(config, metrics),
            Named.as(prefix + "-consolidate"),
            config.storeName())
        .to(
            Topics.PRICES.name(),
            Produced.with(Serdes.String(), Topics.PRICES.serde()).withName(prefix + "-sink"));
  }

  /**
   * Validates each record, keys the valid ones by base asset through a named repartition topic,
   * then reads them back as updates. The parse after the repartition cannot fail for a record that
   * passed before it, but is checked all the same rather than trusted.
   */
  private <V> KStream<String, VenueUpdate> byAsset(
      KStream<String, V> input, Serde<V> serde, BiFunction<String, V, Parsed> parse, String name) {
    return input
        .processValues(SourceStamp<V>::new, Named.as(name + "-stamp"))
        .flatMap(
            (key, value) -> {
              if (value == null) {
                metrics.skipped(Parsed.NULL_VALUE);
                return List.<KeyValue<String, V>>of();
              }
              return switch (parse.apply(key, value)) {
                case Parsed.Ok ok -> List.of(KeyValue.pair(ok.update().asset(), value));
                case Parsed.Rejected rejected -> {
                  metrics.skipped(rejected.reason());
                  yield List.<KeyValue<String, V>>of();
                }
              };
            },
            Named.as(name + "-validate"))
        .repartition(Repartitioned.with(Serdes.String(), serde).withName(name + "-by-asset"))
        .flatMapValues(
            (key, value) ->
                switch (parse.apply(null, value)) {
                  case Parsed.Ok ok -> List.of(ok.update());
                  case Parsed.Rejected rejected -> {
                    metrics.skipped(rejected.reason());
                    yield List.<VenueUpdate>of();
                  }
                },
            Named.as(name + "-parse"));
  }

  private StoreBuilder<KeyValueStore<String, AssetBook>> booksStore() {
    // One small entry per asset (its venues and their bounded volume buckets), so the compacted
    // changelog holds about one record per asset.
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(config.storeName()), Serdes.String(), new AssetBookSerde());
  }

  private StoreBuilder<KeyValueStore<String, Price>> ratesStore() {
    // A global store is restored from its source topic, so it must not have a changelog.
    return Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(config.ratesStoreName()),
            Serdes.String(),
            Topics.PRICES.serde())
        .withLoggingDisabled();
  }
}
