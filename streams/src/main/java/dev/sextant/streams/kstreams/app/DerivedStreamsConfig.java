package dev.sextant.streams.kstreams.app;

import dev.sextant.streams.kstreams.candle.CandleConfig;
import dev.sextant.streams.kstreams.news.NewsScoreConfig;
import dev.sextant.streams.kstreams.price.PriceConfig;
import java.util.Objects;

/**
 * Settings of the three derived topologies run as one application.
 *
 * <p>Candles and prices read one shared trades source, whose timestamps refuse trades more than the
 * candle {@code maxFutureSkew} ahead of their Kafka timestamp; prices refuse the same trades only
 * when their own skew is the same, so the two must be equal (docs/streams/application.md).
 */
public record DerivedStreamsConfig(CandleConfig candles, PriceConfig prices, NewsScoreConfig news) {

  public DerivedStreamsConfig {
    Objects.requireNonNull(candles, "candles");
    Objects.requireNonNull(prices, "prices");
    Objects.requireNonNull(news, "news");
    if (!candles.maxFutureSkew().equals(prices.maxFutureSkew())) {
      throw new IllegalArgumentException(
          "candles and prices share the trades source: their maxFutureSkew must be equal, was "
              + candles.maxFutureSkew()
              + " and "
              + prices.maxFutureSkew());
    }
  }

  /** The live defaults of each topology. */
  public static DerivedStreamsConfig defaults() {
    return new DerivedStreamsConfig(
        CandleConfig.defaults(), PriceConfig.defaults(), NewsScoreConfig.defaults());
  }
}
