package dev.sextant.query.view;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.sextant.schemas.query.v1.PriceQuote;
import java.time.Instant;

/** Turns a {@link LatestPrice} into the API's {@link PriceQuote}. */
public final class PriceQuotes {

  private PriceQuotes() {}

  /**
   * The quote for {@code key} as of {@code now}.
   *
   * @param key the key as the client asked it (asset symbol or instrument id)
   */
  public static PriceQuote of(String key, LatestPrice price, Instant now) {
    return PriceQuote.newBuilder()
        .setKey(key)
        .setQuote(price.instrument().quote())
        .setPrice(price.price())
        .addSources(price.instrumentId())
        .setEventTime(price.eventTime())
        .setIngestTime(price.ingestTime())
        .setAge(age(price.eventTime(), now))
        .setPosition(price.position())
        .build();
  }

  private static Duration age(Timestamp eventTime, Instant now) {
    java.time.Duration age =
        java.time.Duration.between(
            Instant.ofEpochSecond(eventTime.getSeconds(), eventTime.getNanos()), now);
    // A venue clock slightly ahead of ours would give a negative age; "just now" is the truth.
    if (age.isNegative()) {
      age = java.time.Duration.ZERO;
    }
    return Duration.newBuilder().setSeconds(age.getSeconds()).setNanos(age.getNano()).build();
  }
}
