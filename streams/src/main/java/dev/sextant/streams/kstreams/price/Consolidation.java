package dev.sextant.streams.kstreams.price;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A consolidated USD price and the venues it was made from.
 *
 * @param price the volume-weighted price, at the configured scale
 * @param venues the venues used, by instrument id
 * @param spreadBps (highest - lowest venue price) / price, in basis points
 * @param eventTimeMs the newest update among the venues used
 */
public record Consolidation(
    BigDecimal price, List<Contribution> venues, double spreadBps, long eventTimeMs) {

  public Consolidation {
    venues = List.copyOf(venues);
  }

  /** The instruments used, comma separated: with the price, what decides a new output. */
  public String venueList() {
    return venues.stream().map(Contribution::instrument).collect(Collectors.joining(","));
  }
}
