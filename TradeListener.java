package dev.sextant.query.view;

import dev.sextant.schemas.v1.Position;
import dev.sextant.schemas.v1.Trade;

/** Receives each trade after the view applied it, on the reader's thread; must never block. */
@FunctionalInterface
public interface TradeListener {

  /**
   * Called once per trade, in Kafka order per partition.
   *
   * @param change what the trade changed in the {@link LatestPriceView}
   */
  void onTrade(Trade trade, Position position, PriceChange change);
}
