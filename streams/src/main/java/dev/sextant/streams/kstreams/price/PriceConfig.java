package dev.sextant.streams.kstreams.price;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the consolidated price topology; every duration is event time
 * (docs/streams/prices.md).
 *
 * @param staleAfter a venue whose newest update is older than this, against the asset's stream
 *     time, is left out; also how old a stablecoin rate may be
 * @param quoteFreshness a venue's quote mid is its price while the quote is at most this old,
 *     otherwise its last trade price is
 * @param volumeWindow the trailing window of trade volume that weights a venue
 * @param volumeBuckets how many buckets the volume window is kept in (its resolution)
 * @param evictAfter a venue silent for this long is removed from the state
 * @param maxFutureSkew an input whose event time is later than its record timestamp by more than
 *     this is skipped: one far-future time would move the asset's stream time for good
 * @param madK outlier threshold in scaled median absolute deviations
 * @param madFloorBps the smallest outlier threshold, in basis points of the median, so near
 *     identical venues (MAD close to 0) do not reject a venue a cent away
 * @param priceScale decimal places of the published price (rounded half-even)
 * @param storeName the per-asset state store
 * @param ratesStoreName the global store of stablecoin USD rates read back from prices.v1
 * @param namePrefix prefix of the repartition topics and processor names
 */
public record PriceConfig(
    Duration staleAfter,
    Duration quoteFreshness,
    Duration volumeWindow,
    int volumeBuckets,
    Duration evictAfter,
    Duration maxFutureSkew,
    BigDecimal madK,
    BigDecimal madFloorBps,
    int priceScale,
    String storeName,
    String ratesStoreName,
    String namePrefix) {

  public PriceConfig {
    Objects.requireNonNull(staleAfter, "staleAfter");
    Objects.requireNonNull(quoteFreshness, "quoteFreshness");
    Objects.requireNonNull(volumeWindow, "volumeWindow");
    Objects.requireNonNull(evictAfter, "evictAfter");
    Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    Objects.requireNonNull(madK, "madK");
    Objects.requireNonNull(madFloorBps, "madFloorBps");
    Objects.requireNonNull(storeName, "storeName");
    Objects.requireNonNull(ratesStoreName, "ratesStoreName");
    Objects.requireNonNull(namePrefix, "namePrefix");
    requirePositive(staleAfter, "staleAfter");
    requirePositive(quoteFreshness, "quoteFreshness");
    requirePositive(volumeWindow, "volumeWindow");
    if (maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("maxFutureSkew must be >= 0");
    }
    if (volumeBuckets < 1 || volumeWindow.toMillis() % volumeBuckets != 0) {
      throw new IllegalArgumentException(
          "volumeBuckets must be >= 1 and divide volumeWindow in whole milliseconds");
    }
    // A venue's volume and staleness must be judged before the venue can be evicted.
    if (evictAfter.compareTo(staleAfter) < 0 || evictAfter.compareTo(volumeWindow) < 0) {
      throw new IllegalArgumentException("evictAfter must be >= staleAfter and >= volumeWindow");
    }
    if (madK.signum() <= 0 || madFloorBps.signum() < 0) {
      throw new IllegalArgumentException("madK must be > 0 and madFloorBps >= 0");
    }
    if (priceScale < 0 || priceScale > 18) {
      throw new IllegalArgumentException("priceScale must be in [0, 18]");
    }
  }

  /** The live defaults. */
  public static PriceConfig defaults() {
    return new PriceConfig(
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        Duration.ofMinutes(5),
        10,
        Duration.ofMinutes(30),
        Duration.ofMinutes(5),
        new BigDecimal("3"),
        new BigDecimal("10"),
        8,
        "prices-venues",
        "prices-stablecoin-rates",
        "prices");
  }

  /** Width of one volume bucket in milliseconds. */
  public long bucketMillis() {
    return volumeWindow.toMillis() / volumeBuckets;
  }

  private static void requirePositive(Duration d, String name) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0");
    }
  }
}
