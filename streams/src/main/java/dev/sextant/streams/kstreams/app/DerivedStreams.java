package dev.sextant.streams.kstreams.app;

import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.Trade;
import dev.sextant.streams.kstreams.candle.CandleTopology;
import dev.sextant.streams.kstreams.news.NewsScoreMetrics;
import dev.sextant.streams.kstreams.news.NewsScoreTopology;
import dev.sextant.streams.kstreams.price.PriceMetrics;
import dev.sextant.streams.kstreams.price.PriceTopology;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;

/**
 * The one topology of the derived streams: candles and indicators, consolidated prices and news
 * scores, with candles and prices sharing the trades source ({@link MarketSources}).
 */
public final class DerivedStreams {

  private final DerivedStreamsConfig config;
  private final Registry registry;
  private final MeterRegistry meters;

  public DerivedStreams(DerivedStreamsConfig config, Registry registry, MeterRegistry meters) {
    this.config = Objects.requireNonNull(config, "config");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.meters = Objects.requireNonNull(meters, "meters");
  }

  /** Adds the three topologies to {@code builder}, trades registered once. */
  public void addTo(StreamsBuilder builder) {
    KStream<String, Trade> trades = MarketSources.trades(builder, config.candles());
    new CandleTopology(config.candles(), meters).addTo(builder, trades);
    new PriceTopology(config.prices(), registry, new PriceMetrics(meters)).addTo(builder, trades);
    new NewsScoreTopology(config.news(), new NewsScoreMetrics(meters)).addTo(builder);
  }

  /** The registry the topologies' counters are in. */
  public MeterRegistry meters() {
    return meters;
  }

  /** The whole topology, built from a fresh builder. */
  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    addTo(builder);
    return builder.build();
  }
}
