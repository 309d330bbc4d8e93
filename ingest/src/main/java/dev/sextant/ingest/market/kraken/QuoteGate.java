package dev.sextant.ingest.market.kraken;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * Lets a best bid/ask through only when it differs from the last one published for its instrument,
 * because Kraken re-sends tickers whose best prices did not change.
 */
final class QuoteGate {

  private record Top(BigDecimal bid, BigDecimal bidSize, BigDecimal ask, BigDecimal askSize) {
    boolean same(Top o) {
      return bid.compareTo(o.bid) == 0
          && bidSize.compareTo(o.bidSize) == 0
          && ask.compareTo(o.ask) == 0
          && askSize.compareTo(o.askSize) == 0;
    }
  }

  private final Map<String, Top> last = new HashMap<>();

  /** True (and remembered) when this top of book differs from the last one passed. */
  boolean changed(
      String instrument, BigDecimal bid, BigDecimal bidSize, BigDecimal ask, BigDecimal askSize) {
    Top top = new Top(bid, bidSize, ask, askSize);
    Top previous = last.get(instrument);
    if (previous != null && previous.same(top)) {
      return false;
    }
    last.put(instrument, top);
    return true;
  }
}
