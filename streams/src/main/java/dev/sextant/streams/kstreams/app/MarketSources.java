package dev.sextant.streams.kstreams.app;

import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Trade;
import dev.sextant.streams.kstreams.candle.CandleConfig;
import dev.sextant.streams.kstreams.candle.CandleTopology;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;

/**
 * The one source of {@code market.trades.v1} in the application: a {@link StreamsBuilder} refuses a
 * topic registered by two sources, so candles and prices both read this stream.
 *
 * <p>Record timestamp: the trade's event time (the candle extractor), since candles close windows
 * on stream time. Prices keep event time in the value and use the record timestamp only to refuse
 * far-future trades, which this extractor gives a timestamp at or below their Kafka timestamp.
 */
final class MarketSources {

  static final String TRADES_SOURCE = "market-trades-source";

  private MarketSources() {}

  static KStream<String, Trade> trades(StreamsBuilder builder, CandleConfig candles) {
    return builder.stream(
        Topics.MARKET_TRADES.name(),
        Consumed.with(Serdes.String(), Topics.MARKET_TRADES.serde())
            .withTimestampExtractor(CandleTopology.tradeTimestampExtractor(candles))
            .withName(TRADES_SOURCE));
  }
}
