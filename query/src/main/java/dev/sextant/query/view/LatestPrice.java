package dev.sextant.query.view;

import com.google.protobuf.Timestamp;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.v1.Decimal;
import dev.sextant.schemas.v1.Position;
import java.util.Objects;

/**
 * The price of one trade with its provenance, as the views keep it.
 *
 * @param instrument the instrument traded; its quote is the price's currency
 * @param instrumentId {@code instrument.id()}, built once per instrument rather than per trade
 * @param price the exact trade price
 * @param eventTime when the venue says the trade happened
 * @param ingestTime when Sextant received it
 * @param position where the trade sits in Kafka
 */
public record LatestPrice(
    Instrument instrument,
    String instrumentId,
    Decimal price,
    Timestamp eventTime,
    Timestamp ingestTime,
    Position position) {

  public LatestPrice {
    Objects.requireNonNull(instrument, "instrument");
    Objects.requireNonNull(instrumentId, "instrumentId");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(ingestTime, "ingestTime");
    Objects.requireNonNull(position, "position");
  }

  /** A price whose instrument id is built here; for callers off the hot path. */
  public LatestPrice(
      Instrument instrument,
      Decimal price,
      Timestamp eventTime,
      Timestamp ingestTime,
      Position position) {
    this(instrument, instrument.id(), price, eventTime, ingestTime, position);
  }

  /** True unless {@code other} is more recent: by event time, ties by ingest time. */
  public boolean isNewerOrSameAs(LatestPrice other) {
    int byEvent = compare(eventTime, other.eventTime);
    return byEvent > 0 || (byEvent == 0 && compare(ingestTime, other.ingestTime) >= 0);
  }

  private static int compare(Timestamp a, Timestamp b) {
    int bySeconds = Long.compare(a.getSeconds(), b.getSeconds());
    return bySeconds != 0 ? bySeconds : Integer.compare(a.getNanos(), b.getNanos());
  }
}
