package dev.sextant.ingest.market.testing;

import dev.sextant.ingest.time.ProtoTime;
import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A trade as a simulated venue emitted it, in Sextant's terms: the normalized record a feed must
 * publish for it. Numbers compare by value ("0.50" is "0.5").
 *
 * @param instrument the Sextant instrument id
 * @param tradeId the trade id as Sextant publishes it
 * @param price the price
 * @param size the size
 * @param side the aggressor's side
 * @param time the venue's trade time
 */
public record ExpectedTrade(
    String instrument, String tradeId, BigDecimal price, BigDecimal size, Side side, Instant time) {

  public ExpectedTrade {
    price = price.stripTrailingZeros();
    size = size.stripTrailingZeros();
  }

  /** The same fields of a published trade. */
  public static ExpectedTrade of(Trade trade) {
    return new ExpectedTrade(
        trade.getInstrument(),
        trade.getTradeId(),
        Decimals.toBigDecimal(trade.getPrice()),
        Decimals.toBigDecimal(trade.getSize()),
        trade.getSide(),
        ProtoTime.toInstant(trade.getEventTime()));
  }

  /** The key a trade is known by: one id per instrument. */
  public String key() {
    return instrument + "/" + tradeId;
  }
}
