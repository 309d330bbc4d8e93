package dev.sextant.streams.kstreams.price;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The latest of one venue instrument for its asset: last trade, last quote mid and recent volume.
 *
 * @param instrument the instrument id
 * @param quoteAsset "USD" or the USD stablecoin it is quoted in
 * @param tradePrice last trade price by event time, null before the first trade
 * @param tradeTimeMs event time of that trade, {@link #NONE} before the first trade
 * @param mid last quote mid by event time, null before the first quote
 * @param quoteTimeMs event time of that quote, {@link #NONE} before the first quote
 * @param buckets trade volume per bucket, oldest first, only buckets still inside the window
 */
public record VenueState(
    String instrument,
    String quoteAsset,
    BigDecimal tradePrice,
    long tradeTimeMs,
    BigDecimal mid,
    long quoteTimeMs,
    List<VolumeBucket> buckets) {

  /** Marks a time that has not happened yet. */
  public static final long NONE = Long.MIN_VALUE;

  public VenueState {
    buckets = List.copyOf(buckets);
  }

  /** A venue seen for the first time. */
  public static VenueState empty(String instrument, String quoteAsset) {
    return new VenueState(instrument, quoteAsset, null, NONE, null, NONE, List.of());
  }

  /** Event time of the newest trade or quote of this venue. */
  public long lastUpdateMs() {
    return Math.max(tradeTimeMs, quoteTimeMs);
  }

  /**
   * This state with {@code update} applied at asset stream time {@code streamTimeMs}: an older
   * trade adds its volume but never replaces a newer trade's price; an older quote is ignored.
   */
  public VenueState apply(VenueUpdate update, long streamTimeMs, PriceConfig config) {
    long t = update.eventTimeMs();
    if (update.kind() == VenueUpdate.Kind.QUOTE) {
      if (t < quoteTimeMs) {
        return this;
      }
      return new VenueState(
          instrument, quoteAsset, tradePrice, tradeTimeMs, update.price(), t, buckets);
    }
    boolean newer = t >= tradeTimeMs;
    List<VolumeBucket> added = addVolume(update.size(), t, streamTimeMs, config);
    return new VenueState(
        instrument,
        quoteAsset,
        newer ? update.price() : tradePrice,
        newer ? t : tradeTimeMs,
        mid,
        quoteTimeMs,
        added);
  }

  /** This state without the buckets that ended before the window reaching to stream time. */
  public VenueState prune(long streamTimeMs, PriceConfig config) {
    long from = windowStart(streamTimeMs, config);
    if (buckets.isEmpty() || buckets.getFirst().startMs() >= from) {
      return this;
    }
    List<VolumeBucket> kept = buckets.stream().filter(b -> b.startMs() >= from).toList();
    return new VenueState(instrument, quoteAsset, tradePrice, tradeTimeMs, mid, quoteTimeMs, kept);
  }

  /** Trade volume in the buckets inside the window reaching to stream time. */
  public BigDecimal rollingVolume(long streamTimeMs, PriceConfig config) {
    long from = windowStart(streamTimeMs, config);
    BigDecimal sum = BigDecimal.ZERO;
    for (VolumeBucket b : buckets) {
      if (b.startMs() >= from) {
        sum = sum.add(b.volume());
      }
    }
    return sum;
  }

  /** True when the trade at {@code eventTimeMs} falls in a bucket the window has already left. */
  public static boolean beforeWindow(long eventTimeMs, long streamTimeMs, PriceConfig config) {
    return bucketStart(eventTimeMs, config) < windowStart(streamTimeMs, config);
  }

  private List<VolumeBucket> addVolume(
      BigDecimal size, long t, long streamTimeMs, PriceConfig config) {
    if (beforeWindow(t, streamTimeMs, config)) {
      return buckets;
    }
    long start = bucketStart(t, config);
    List<VolumeBucket> out = new ArrayList<>(buckets.size() + 1);
    boolean placed = false;
    for (VolumeBucket b : buckets) {
      if (!placed && b.startMs() == start) {
        out.add(new VolumeBucket(start, b.volume().add(size)));
        placed = true;
      } else {
        if (!placed && b.startMs() > start) {
          out.add(new VolumeBucket(start, size));
          placed = true;
        }
        out.add(b);
      }
    }
    if (!placed) {
      out.add(new VolumeBucket(start, size));
    }
    return out;
  }

  // The bucket holding stream time is the newest; the window keeps volumeBuckets buckets, so it
  // reaches back between one window and one window plus a bucket.
  private static long windowStart(long streamTimeMs, PriceConfig config) {
    long width = config.bucketMillis();
    return bucketStart(streamTimeMs, config) - (long) (config.volumeBuckets() - 1) * width;
  }

  private static long bucketStart(long t, PriceConfig config) {
    return Math.floorDiv(t, config.bucketMillis()) * config.bucketMillis();
  }
}
