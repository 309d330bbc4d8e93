package dev.sextant.ingest.market.bybit;

import dev.sextant.schemas.v1.Quote;
import java.util.HashMap;
import java.util.Map;

/**
 * Lets a quote through only when its best bid or ask price or size differs from the last quote
 * published for the instrument, because the venue re-sends unchanged tickers.
 */
final class QuoteGate {

  private record Top(String bidPrice, String bidSize, String askPrice, String askSize) {}

  private final Map<String, Top> last = new HashMap<>();

  /** True when {@code quote} changes the instrument's top of book; it is then remembered. */
  boolean changed(Quote quote) {
    Top top =
        new Top(
            quote.getBidPrice().getValue(),
            quote.getBidSize().getValue(),
            quote.getAskPrice().getValue(),
            quote.getAskSize().getValue());
    return !top.equals(last.put(quote.getInstrument(), top));
  }
}
