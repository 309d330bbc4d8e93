package dev.sextant.streams.kstreams.price;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The state kept per asset: its stream time, each venue's latest and what was last published.
 *
 * @param streamTimeMs the newest event time seen for the asset ({@link VenueState#NONE} at first)
 * @param venues venue state by instrument id
 * @param lastPrice the last published price (plain string), empty before the first
 * @param lastVenues the instruments of the last published price, comma separated
 * @param positions by input stream ({@link SourcePosition#stream()}: the topic and partition a
 *     venue update was first read from, before the repartition), the last record applied to this
 *     book; under at-least-once the changelog can be ahead of the committed input offsets, and a
 *     restart redelivers records the book already holds (their volume would count twice)
 */
public record AssetBook(
    long streamTimeMs,
    SortedMap<String, VenueState> venues,
    String lastPrice,
    String lastVenues,
    SortedMap<String, InputPosition> positions) {

  public AssetBook {
    venues = Collections.unmodifiableSortedMap(new TreeMap<>(venues));
    positions = Collections.unmodifiableSortedMap(new TreeMap<>(positions));
  }

  /** The book of an asset never seen. */
  public static AssetBook empty() {
    return new AssetBook(VenueState.NONE, new TreeMap<>(), "", "", new TreeMap<>());
  }

  /**
   * Whether the record at ({@code topic}, {@code partition}, {@code offset}) is already applied.
   */
  public boolean hasApplied(String topic, int partition, long offset) {
    InputPosition last = positions.get(topic);
    return last != null && last.covers(partition, offset);
  }

  /**
   * This book remembering that the record at ({@code topic}, {@code partition}, {@code offset}) is
   * in it.
   */
  public AssetBook appliedAt(String topic, int partition, long offset) {
    TreeMap<String, InputPosition> next = new TreeMap<>(positions);
    next.put(topic, new InputPosition(partition, offset));
    return new AssetBook(streamTimeMs, venues, lastPrice, lastVenues, next);
  }

  /**
   * This book with {@code update} applied: stream time advances to the newest event time, the
   * venue's state takes the update, and venues silent past {@code evictAfter} are dropped so the
   * state stays bounded.
   */
  public AssetBook apply(VenueUpdate update, PriceConfig config) {
    long stream = Math.max(streamTimeMs, update.eventTimeMs());
    long evictBefore = stream - config.evictAfter().toMillis();
    TreeMap<String, VenueState> next = new TreeMap<>();
    for (VenueState v : venues.values()) {
      if (v.lastUpdateMs() >= evictBefore) {
        next.put(v.instrument(), v.prune(stream, config));
      }
    }
    VenueState current =
        next.getOrDefault(
            update.instrument(), VenueState.empty(update.instrument(), update.quoteAsset()));
    next.put(update.instrument(), current.apply(update, stream, config));
    return new AssetBook(stream, next, lastPrice, lastVenues, positions);
  }

  /** This book remembering what was just published. */
  public AssetBook published(String price, String venueList) {
    return new AssetBook(streamTimeMs, venues, price, venueList, positions);
  }
}
