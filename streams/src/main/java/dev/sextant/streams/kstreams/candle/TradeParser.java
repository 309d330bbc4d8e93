package dev.sextant.streams.kstreams.candle;

import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.v1.Trade;
import java.math.BigDecimal;

/** Turns a {@code market.trades.v1} record into a {@link Tick}, or says why it cannot. */
final class TradeParser {

  /** What became of one input record. */
  sealed interface Parsed {}

  record Accepted(Tick tick) implements Parsed {}

  /** A DEX retraction ({@code removed=true}); see docs/streams/candles.md for why it is ignored. */
  record Retraction() implements Parsed {}

  /** Unusable input; {@code reason} is the metric tag. */
  record Rejected(String reason) implements Parsed {}

  private TradeParser() {}

  static Parsed parse(String key, Trade trade) {
    if (key == null || key.isEmpty() || !Instrument.looksLikeInstrument(key)) {
      return new Rejected("bad_key");
    }
    if (trade == null) {
      return new Rejected("no_value");
    }
    if (!key.equals(trade.getInstrument())) {
      return new Rejected("key_mismatch");
    }
    long eventTimeMs = EventTime.millis(trade);
    if (eventTimeMs == EventTime.NONE) {
      return new Rejected("no_event_time");
    }
    if (trade.getRemoved()) {
      return new Retraction();
    }
    BigDecimal price = Decimals.bounded(trade.getPrice()).orElse(null);
    BigDecimal size = Decimals.bounded(trade.getSize()).orElse(null);
    if (price == null || size == null) {
      return new Rejected("bad_decimal");
    }
    if (price.signum() <= 0 || size.signum() <= 0) {
      return new Rejected("non_positive");
    }
    Tick.Side side =
        switch (trade.getSide()) {
          case SIDE_BUY -> Tick.Side.BUY;
          case SIDE_SELL -> Tick.Side.SELL;
          default -> Tick.Side.UNKNOWN;
        };
    return new Accepted(new Tick(key, price, size, side, eventTimeMs));
  }
}
