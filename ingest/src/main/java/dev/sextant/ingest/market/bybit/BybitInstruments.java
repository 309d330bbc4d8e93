package dev.sextant.ingest.market.bybit;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FrameException;
import dev.sextant.ingest.market.InstrumentLimit;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps Bybit symbols of one category to Sextant instruments and back: spot {@code BTCUSDT} is
 * {@code bybit:BTC-USDT}, linear {@code BTCUSDT} is {@code bybit:BTC-USDT-PERP}.
 */
final class BybitInstruments {

  private final BybitCategory category;
  private final Registry registry;
  private final boolean acceptAll;
  private final Map<String, String> ids = new HashMap<>();

  /**
   * @param configured the planned instruments; empty to accept any symbol the registry maps
   */
  BybitInstruments(BybitCategory category, Registry registry, List<Instrument> configured) {
    this.category = category;
    this.registry = registry;
    this.acceptAll = configured.isEmpty();
    for (Instrument instrument : configured) {
      ids.put(symbol(instrument), instrument.id());
    }
  }

  /** The Bybit symbol of a Sextant instrument: base and quote concatenated. */
  static String symbol(Instrument instrument) {
    return instrument.base() + instrument.quote();
  }

  /**
   * The Sextant instrument id of a Bybit symbol on this connection.
   *
   * @throws FrameException UNKNOWN_INSTRUMENT when it is not configured or maps to none
   */
  String instrument(String symbol) {
    if (symbol == null || symbol.isEmpty()) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing symbol");
    }
    String id = ids.get(symbol);
    if (id != null) {
      return id;
    }
    if (!acceptAll) {
      throw unknown(symbol, "is not subscribed on this " + category.path() + " connection");
    }
    id = map(symbol);
    InstrumentLimit.admit(ids.size(), symbol);
    ids.put(symbol, id);
    return id;
  }

  private String map(String symbol) {
    if (symbol.indexOf('-') >= 0) {
      throw unknown(symbol, "is a dated future, which Sextant does not map");
    }
    try {
      if (category == BybitCategory.LINEAR && symbol.endsWith("PERP") && symbol.length() > 4) {
        // USDC perpetuals are named BTCPERP.
        return registry
            .instrument("bybit", symbol.substring(0, symbol.length() - 4), "USDC", "PERP")
            .id();
      }
      return registry.instrumentFromConcatenated("bybit", symbol, category.suffix()).id();
    } catch (IllegalArgumentException e) {
      throw unknown(symbol, e.getMessage());
    }
  }

  private static FrameException unknown(String symbol, String why) {
    String shown = symbol.length() > 64 ? symbol.substring(0, 64) + "..." : symbol;
    return new FrameException(ErrorKind.UNKNOWN_INSTRUMENT, "Bybit symbol '" + shown + "' " + why);
  }
}
