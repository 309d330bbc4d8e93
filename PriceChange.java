package dev.sextant.query.view;

import java.util.Objects;

/**
 * What one applied trade changed in the view: always the instrument's price, and the asset's price
 * when the trade became the asset's answer.
 *
 * @param instrumentPrice the instrument's new latest price
 * @param assetPrice the asset's new price, or {@code null} when the asset's answer did not change
 */
public record PriceChange(LatestPrice instrumentPrice, LatestPrice assetPrice) {

  public PriceChange {
    Objects.requireNonNull(instrumentPrice, "instrumentPrice");
  }

  /** The asset whose price changed, or {@code null}. */
  public String asset() {
    return assetPrice == null ? null : assetPrice.instrument().base();
  }
}
