package dev.sextant.ingest.market;

import dev.sextant.schemas.v1.Quote;
import java.util.HashMap;
import java.util.Map;

/**
 * Lets a quote through only when its best bid or ask price or size (as the venue wrote them)
 * differs from the last quote let through for the instrument, because venues re-send unchanged tops
 * of book (Coinbase with every trade, OKX and Bybit on every ticker push).
 */
public final class QuoteGate {

  private record Top(String bidPrice, String bidSize, String askPrice, String askSize) {}

  private final Map<String, Top> last = new HashMap<>();

  /** True when {@code quote} changes the instrument's top of book; it is then remembered. */
  public boolean changed(Quote quote) {
    Top top =
        new Top(
            quote.getBidPrice().getValue(),
            quote.getBidSize().getValue(),
            quote.getAskPrice().getValue(),
            quote.getAskSize().getValue());
    return !top.equals(last.put(quote.getInstrument(), top));
  }
}
