package dev.sextant.ingest.market.coinbase;

import dev.sextant.schemas.v1.Quote;
import java.util.HashMap;
import java.util.Map;

/**
 * Passes a quote only when its best bid or ask price or size differs from the last one passed for
 * the instrument: Coinbase sends a ticker for every trade, most of them with the same top of book.
 */
final class QuoteFilter {

  private final Map<String, Quote> last = new HashMap<>();

  /** True when {@code quote} changes the instrument's top of book; it is then remembered. */
  boolean changed(Quote quote) {
    Quote previous = last.get(quote.getInstrument());
    if (previous != null
        && previous.getBidPrice().equals(quote.getBidPrice())
        && previous.getBidSize().equals(quote.getBidSize())
        && previous.getAskPrice().equals(quote.getAskPrice())
        && previous.getAskSize().equals(quote.getAskSize())) {
      return false;
    }
    last.put(quote.getInstrument(), quote);
    return true;
  }
}
