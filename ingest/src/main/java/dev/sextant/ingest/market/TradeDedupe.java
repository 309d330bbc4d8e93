package dev.sextant.ingest.market;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;

/**
 * Remembers the most recent venue trade ids per instrument, so trades a venue sends again after a
 * reconnect (Coinbase's and Bybit's trade snapshots, Kraken's replays) are published once.
 *
 * <p>Bounded: an instrument keeps its last {@code capacity} ids, far more than any venue replays
 * after a reconnect. Not thread-safe: one per session.
 */
public final class TradeDedupe {

  /** Ids kept per instrument by default. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private final int capacity;
  private final Map<String, Window> windows = new HashMap<>();

  public TradeDedupe() {
    this(DEFAULT_CAPACITY);
  }

  public TradeDedupe(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  /** True the first time {@code tradeId} is offered for {@code instrument}, false after that. */
  public boolean firstSeen(String instrument, String tradeId) {
    return windows.computeIfAbsent(instrument, k -> new Window()).add(tradeId);
  }

  private final class Window {
    private final ArrayDeque<String> order = new ArrayDeque<>();
    private final HashSet<String> ids = new HashSet<>();

    boolean add(String id) {
      if (!ids.add(id)) {
        return false;
      }
      order.addLast(id);
      if (order.size() > capacity) {
        ids.remove(order.removeFirst());
      }
      return true;
    }
  }
}
