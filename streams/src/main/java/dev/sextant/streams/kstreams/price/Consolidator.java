package dev.sextant.streams.kstreams.price;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Computes an asset's consolidated USD price from its book: drops stale venues and venues whose
 * stablecoin has no live rate, rejects outliers by MAD, and weights the rest by trade volume.
 */
public final class Consolidator {

  private static final String USD = "USD";
  private static final BigDecimal BPS = BigDecimal.valueOf(10_000);

  private final PriceConfig config;
  private final MadFilter madFilter;

  public Consolidator(PriceConfig config) {
    this.config = config;
    this.madFilter = new MadFilter(config.madK(), config.madFloorBps());
  }

  /** The consolidated price, or empty when no venue is usable. */
  public Optional<Consolidation> consolidate(AssetBook book, StablecoinRates rates) {
    long now = book.streamTimeMs();
    List<Contribution> live = new ArrayList<>();
    for (VenueState venue : book.venues().values()) {
      venuePrice(venue, now, rates)
          .ifPresent(
              usd ->
                  live.add(
                      new Contribution(
                          venue.instrument(),
                          usd,
                          venue.rollingVolume(now, config),
                          venue.lastUpdateMs())));
    }
    List<Contribution> used = madFilter.keep(live);
    if (used.isEmpty()) {
      return Optional.empty();
    }
    BigDecimal price = weightedMean(used);
    return Optional.of(new Consolidation(price, used, spreadBps(used, price), newestUpdate(used)));
  }

  /**
   * The venue's USD price: the quote mid while the quote is fresh, else the last trade price; empty
   * when the venue is stale, has neither, or its stablecoin has no live rate.
   */
  private Optional<BigDecimal> venuePrice(VenueState venue, long now, StablecoinRates rates) {
    if (now - venue.lastUpdateMs() > config.staleAfter().toMillis()) {
      return Optional.empty();
    }
    boolean freshQuote =
        venue.mid() != null && now - venue.quoteTimeMs() <= config.quoteFreshness().toMillis();
    BigDecimal native_ = freshQuote ? venue.mid() : venue.tradePrice();
    if (native_ == null) {
      return Optional.empty();
    }
    if (USD.equals(venue.quoteAsset())) {
      return Optional.of(native_);
    }
    return rates
        .rate(venue.quoteAsset())
        .filter(rate -> now - rate.eventTimeMs() <= config.staleAfter().toMillis())
        .map(rate -> native_.multiply(rate.usd()));
  }

  /**
   * Sum(price * volume) / sum(volume), exact until the one division, which rounds half-even to the
   * configured scale; equal weights when no venue traded in the window.
   */
  private BigDecimal weightedMean(List<Contribution> used) {
    BigDecimal weights = BigDecimal.ZERO;
    BigDecimal weighted = BigDecimal.ZERO;
    for (Contribution c : used) {
      weights = weights.add(c.volume());
      weighted = weighted.add(c.usdPrice().multiply(c.volume()));
    }
    if (weights.signum() == 0) {
      weights = BigDecimal.valueOf(used.size());
      weighted = used.stream().map(Contribution::usdPrice).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
    // One rounding, straight to the published scale: rounding to 34 digits first and then to the
    // scale can land on an exact half and round the wrong way.
    return weighted.divide(weights, config.priceScale(), RoundingMode.HALF_EVEN);
  }

  private static double spreadBps(List<Contribution> used, BigDecimal price) {
    if (price.signum() == 0) {
      return 0.0; // a price below the published scale: no meaningful ratio
    }
    BigDecimal high =
        used.stream().map(Contribution::usdPrice).reduce(BigDecimal::max).orElseThrow();
    BigDecimal low =
        used.stream().map(Contribution::usdPrice).reduce(BigDecimal::min).orElseThrow();
    return high.subtract(low).multiply(BPS).divide(price, MathContext.DECIMAL64).doubleValue();
  }

  private static long newestUpdate(List<Contribution> used) {
    return used.stream().mapToLong(Contribution::lastUpdateMs).max().orElseThrow();
  }
}
