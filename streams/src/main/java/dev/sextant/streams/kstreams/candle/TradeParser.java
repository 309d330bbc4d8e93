package dev.sextant.streams.kstreams.candle;

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

  /**
   * Bounds of an accepted decimal. Real prices and sizes are far inside them; without them a string
   * like {@code 1E+999999999} parses cheaply but makes {@code toPlainString()} (and every sum after
   * it) run out of memory.
   */
  static final int MAX_PRECISION = 50;

  static final int MAX_ABS_SCALE = 30;

  /** Longer strings cannot be within the bounds; rejected before parsing costs anything. */
  static final int MAX_LENGTH = 100;

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
    BigDecimal price = decimal(trade.getPrice().getValue());
    BigDecimal size = decimal(trade.getSize().getValue());
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

  /** The decimal, or null when unparsable or outside the precision and scale bounds. */
  private static BigDecimal decimal(String value) {
    if (value.length() > MAX_LENGTH) {
      return null;
    }
    BigDecimal d;
    try {
      d = new BigDecimal(value);
    } catch (NumberFormatException e) {
      return null;
    }
    if (d.precision() > MAX_PRECISION || Math.abs((long) d.scale()) > MAX_ABS_SCALE) {
      return null;
    }
    return d;
  }
}
