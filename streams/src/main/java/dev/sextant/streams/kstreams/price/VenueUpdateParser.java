package dev.sextant.streams.kstreams.price;

import com.google.protobuf.Timestamp;
import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.registry.Asset;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Trade;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Turns trades and quotes into {@link VenueUpdate}s, resolving the instrument with the registry and
 * rejecting what the consolidated price cannot use. Pure: no state, no side effects.
 */
public final class VenueUpdateParser {

  private static final String USD = "USD";
  private static final BigDecimal TWO = BigDecimal.valueOf(2);

  private final Registry registry;

  public VenueUpdateParser(Registry registry) {
    this.registry = registry;
  }

  /** Reads a trade; {@code key} (the record key) names the instrument when the value does not. */
  public Parsed trade(String key, Trade trade) {
    if (trade.getRemoved()) {
      // A DEX retraction: its volume is not subtracted (a small over-weight for one window).
      return new Parsed.Rejected(Parsed.RETRACTION, trade.getTradeId());
    }
    return resolve(instrumentId(key, trade.getInstrument()))
        .map(
            resolved -> {
              if (!trade.hasEventTime() || isZero(trade.getEventTime())) {
                return reject(Parsed.MISSING_TIME, resolved.id());
              }
              if (!Times.isValid(trade.getEventTime())) {
                return reject(Parsed.BAD_TIME, resolved.id());
              }
              Optional<BigDecimal> price = Decimals.bounded(trade.getPrice());
              Optional<BigDecimal> size = Decimals.bounded(trade.getSize());
              if (price.isEmpty() || size.isEmpty()) {
                return reject(Parsed.BAD_DECIMAL, resolved.id());
              }
              if (price.get().signum() <= 0 || size.get().signum() <= 0) {
                return reject(Parsed.NON_POSITIVE, resolved.id());
              }
              return ok(
                  resolved, VenueUpdate.Kind.TRADE, price.get(), size.get(), trade.getEventTime());
            })
        .orElseGet(
            () -> reject(Parsed.UNKNOWN_INSTRUMENT, instrumentId(key, trade.getInstrument())));
  }

  /** Reads a quote; its price is the mid of a positive, uncrossed best bid and ask. */
  public Parsed quote(String key, Quote quote) {
    return resolve(instrumentId(key, quote.getInstrument()))
        .map(
            resolved -> {
              if (!quote.hasEventTime() || isZero(quote.getEventTime())) {
                return reject(Parsed.MISSING_TIME, resolved.id());
              }
              if (!Times.isValid(quote.getEventTime())) {
                return reject(Parsed.BAD_TIME, resolved.id());
              }
              Optional<BigDecimal> bid = Decimals.bounded(quote.getBidPrice());
              Optional<BigDecimal> ask = Decimals.bounded(quote.getAskPrice());
              if (bid.isEmpty() || ask.isEmpty()) {
                return reject(Parsed.BAD_DECIMAL, resolved.id());
              }
              if (bid.get().signum() <= 0 || ask.get().signum() <= 0) {
                return reject(Parsed.NON_POSITIVE, resolved.id());
              }
              // Locked (bid == ask) is a real, brief market state; crossed is a broken feed.
              if (bid.get().compareTo(ask.get()) > 0) {
                return reject(Parsed.CROSSED_QUOTE, resolved.id());
              }
              BigDecimal mid = bid.get().add(ask.get()).divide(TWO);
              return ok(
                  resolved, VenueUpdate.Kind.QUOTE, mid, BigDecimal.ZERO, quote.getEventTime());
            })
        .orElseGet(
            () -> reject(Parsed.UNKNOWN_INSTRUMENT, instrumentId(key, quote.getInstrument())));
  }

  /**
   * The resolved instrument, or a rejection as a value: empty means unknown (unparsable id, or a
   * venue or asset the registry lacks); a known but unusable instrument resolves to a marker.
   */
  private Optional<Resolved> resolve(String id) {
    Instrument instrument;
    try {
      instrument = Instrument.parse(id);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (registry.venue(instrument.venue()).isEmpty()) {
      return Optional.empty();
    }
    Optional<Asset> base = registry.asset(instrument.base());
    Optional<Asset> quote = registry.asset(instrument.quote());
    if (base.isEmpty() || quote.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Resolved(instrument, base.get(), quote.get()));
  }

  private Parsed ok(
      Resolved r, VenueUpdate.Kind kind, BigDecimal price, BigDecimal size, Timestamp time) {
    if (!r.usable()) {
      return reject(Parsed.UNSUPPORTED_INSTRUMENT, r.id());
    }
    return new Parsed.Ok(
        new VenueUpdate(
            r.base().symbol(),
            r.id(),
            r.quote().symbol(),
            kind,
            price,
            size,
            Times.toMillis(time)));
  }

  private static Parsed reject(String reason, String detail) {
    return new Parsed.Rejected(reason, detail);
  }

  private static String instrumentId(String key, String valueInstrument) {
    if (valueInstrument != null && !valueInstrument.isEmpty()) {
      return valueInstrument;
    }
    return key == null ? "" : key;
  }

  private static boolean isZero(Timestamp t) {
    return t.getSeconds() == 0 && t.getNanos() == 0;
  }

  /**
   * A registry instrument. Usable for a USD price when spot (derivatives trade at a basis), the
   * base is a crypto asset or a stablecoin, and the quote is USD or, for a crypto base only, a USD
   * stablecoin (a stablecoin's own rate comes only from USD markets, so rates never depend on each
   * other).
   */
  private record Resolved(Instrument instrument, Asset base, Asset quote) {
    String id() {
      return instrument.id();
    }

    boolean usable() {
      if (!instrument.suffix().isEmpty()) {
        return false;
      }
      boolean baseOk = base.kind() == Asset.Kind.CRYPTO || base.kind() == Asset.Kind.STABLECOIN;
      boolean quoteUsd = quote.kind() == Asset.Kind.FIAT && USD.equals(quote.symbol());
      boolean quoteUsdStable =
          quote.kind() == Asset.Kind.STABLECOIN
              && USD.equals(quote.peggedTo())
              && base.kind() == Asset.Kind.CRYPTO;
      return baseOk && (quoteUsd || quoteUsdStable);
    }
  }
}
