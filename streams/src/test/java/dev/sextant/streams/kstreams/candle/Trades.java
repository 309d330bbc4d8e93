package dev.sextant.streams.kstreams.candle;

import com.google.protobuf.util.Timestamps;
import dev.sextant.schemas.v1.Decimal;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;

/** Builds test trades. */
final class Trades {

  private Trades() {}

  static Trade trade(String instrument, long eventTimeMs, String price, String size, Side side) {
    return Trade.newBuilder()
        .setInstrument(instrument)
        .setVenue(instrument.substring(0, instrument.indexOf(':')))
        .setTradeId(instrument + "@" + eventTimeMs + "@" + price)
        .setPrice(Decimal.newBuilder().setValue(price))
        .setSize(Decimal.newBuilder().setValue(size))
        .setSide(side)
        .setEventTime(Timestamps.fromMillis(eventTimeMs))
        .setIngestTime(Timestamps.fromMillis(eventTimeMs + 5))
        .build();
  }

  static Trade buy(String instrument, long eventTimeMs, String price, String size) {
    return trade(instrument, eventTimeMs, price, size, Side.SIDE_BUY);
  }

  static Trade sell(String instrument, long eventTimeMs, String price, String size) {
    return trade(instrument, eventTimeMs, price, size, Side.SIDE_SELL);
  }
}
