package dev.sextant.ingest.market.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Merges Bybit's {@code tickers} pushes per symbol: a snapshot carries every field, a delta only
 * the changed ones, so the best bid and ask are what the latest push of each field said.
 */
final class BybitTickers {

  /** The best bid and ask as last sent; a field is null until Bybit has sent it. */
  static final class Top {
    String bidPrice;
    String bidSize;
    String askPrice;
    String askSize;

    /** True when all four fields are known and non-empty. */
    boolean complete() {
      return present(bidPrice) && present(bidSize) && present(askPrice) && present(askSize);
    }

    private static boolean present(String text) {
      return text != null && !text.isEmpty();
    }
  }

  private final Map<String, Top> tops = new HashMap<>();

  /** Forgets every symbol: a new connection starts with snapshots. */
  void clear() {
    tops.clear();
  }

  /** Merges one push's {@code data} object and returns the symbol's merged top. */
  Top merge(String symbol, boolean snapshot, JsonNode data) {
    Top top = tops.computeIfAbsent(symbol, k -> new Top());
    if (snapshot) {
      top.bidPrice = null;
      top.bidSize = null;
      top.askPrice = null;
      top.askSize = null;
    }
    top.bidPrice = field(data, "bid1Price", top.bidPrice);
    top.bidSize = field(data, "bid1Size", top.bidSize);
    top.askPrice = field(data, "ask1Price", top.askPrice);
    top.askSize = field(data, "ask1Size", top.askSize);
    return top;
  }

  private static String field(JsonNode data, String name, String previous) {
    JsonNode value = data.get(name);
    return value == null || !value.isValueNode() || value.isNull() ? previous : value.asText();
  }
}
