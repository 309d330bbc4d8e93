package dev.sextant.streams.kstreams.price;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Rejects outlier venues by median absolute deviation (MAD): a venue is kept when |price - median|
 * is at most max(k * 1.4826 * MAD, median * floorBps / 10000). 1.4826 scales the MAD to a standard
 * deviation for normal data, so k reads as "k sigmas". With fewer than 3 venues there is no
 * majority to judge by, so nothing is rejected.
 */
public final class MadFilter {

  static final BigDecimal NORMAL_SCALE = new BigDecimal("1.4826");
  private static final BigDecimal TWO = BigDecimal.valueOf(2);
  private static final BigDecimal BPS = BigDecimal.valueOf(10_000);

  private final BigDecimal k;
  private final BigDecimal floorBps;

  public MadFilter(BigDecimal k, BigDecimal floorBps) {
    this.k = k;
    this.floorBps = floorBps;
  }

  /** The venues within the threshold, in their given order. */
  public List<Contribution> keep(List<Contribution> venues) {
    if (venues.size() < 3) {
      return venues;
    }
    BigDecimal median = median(venues.stream().map(Contribution::usdPrice).toList());
    BigDecimal mad = median(venues.stream().map(v -> v.usdPrice().subtract(median).abs()).toList());
    BigDecimal byMad = k.multiply(NORMAL_SCALE).multiply(mad);
    BigDecimal floor = median.multiply(floorBps).divide(BPS, MathContext.DECIMAL128);
    BigDecimal threshold = byMad.max(floor);
    List<Contribution> kept = new ArrayList<>(venues.size());
    for (Contribution v : venues) {
      if (v.usdPrice().subtract(median).abs().compareTo(threshold) <= 0) {
        kept.add(v);
      }
    }
    return kept;
  }

  /** The exact median; the mean of the middle two for an even count (halving always ends). */
  static BigDecimal median(List<BigDecimal> values) {
    List<BigDecimal> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    if (n % 2 == 1) {
      return sorted.get(n / 2);
    }
    return sorted.get(n / 2 - 1).add(sorted.get(n / 2)).divide(TWO);
  }
}
