package dev.sextant.streams.kstreams.price;

import java.math.BigDecimal;
import java.util.Optional;

/** The USD price of a USD stablecoin, as last consolidated. */
@FunctionalInterface
public interface StablecoinRates {

  /**
   * The latest USD rate of {@code stablecoin} and its event time.
   *
   * @return empty when no rate has been published
   */
  Optional<Rate> rate(String stablecoin);

  /**
   * A stablecoin's USD price.
   *
   * @param usd USD per one unit of the stablecoin
   * @param eventTimeMs event time of the consolidated price it comes from
   */
  record Rate(BigDecimal usd, long eventTimeMs) {}
}
