package dev.sextant.streams.kstreams.price;

import java.math.BigDecimal;

/**
 * A validated trade or quote of one spot instrument, reduced to what the consolidation needs.
 *
 * @param asset the base asset symbol ("BTC"), the key of the consolidated price
 * @param instrument the instrument id ("binance:BTC-USDT")
 * @param quoteAsset "USD", or the USD stablecoin the instrument is quoted in ("USDT")
 * @param kind trade or quote
 * @param price the trade price, or the quote mid
 * @param size the trade size in base units; zero for a quote
 * @param eventTimeMs the venue's event time, epoch milliseconds
 */
public record VenueUpdate(
    String asset,
    String instrument,
    String quoteAsset,
    Kind kind,
    BigDecimal price,
    BigDecimal size,
    long eventTimeMs) {

  /** What the venue sent. */
  public enum Kind {
    TRADE,
    QUOTE
  }
}
