package dev.sextant.ingest.market.binance;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FrameException;
import dev.sextant.ingest.market.InstrumentLimit;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Maps Binance symbols ({@code btcusdt}, {@code btcusdt_250926}) to instruments and back. */
final class BinanceSymbols {

  /** Symbols remembered from the registry; beyond this, hostile names are mapped but not kept. */
  private final Registry registry;

  private final String venue;
  private final boolean futures;
  private final Map<String, Instrument> bySymbol = new HashMap<>();

  BinanceSymbols(Registry registry, String venue, boolean futures, List<Instrument> configured) {
    this.registry = registry;
    this.venue = venue;
    this.futures = futures;
    for (Instrument instrument : configured) {
      bySymbol.put(streamSymbol(instrument), instrument);
    }
  }

  /** The lowercase stream symbol of {@code instrument}: {@code btcusdt}, {@code btcusdt_250926}. */
  String streamSymbol(Instrument instrument) {
    return restSymbol(instrument).toLowerCase(Locale.ROOT);
  }

  /** The uppercase REST symbol of {@code instrument}: {@code BTCUSDT}, {@code BTCUSDT_250926}. */
  String restSymbol(Instrument instrument) {
    String pair = venueCode(instrument.base()) + venueCode(instrument.quote());
    return instrument.suffix().isEmpty() || instrument.suffix().equals("PERP")
        ? pair
        : pair + "_" + instrument.suffix();
  }

  /**
   * The instrument of a stream or REST symbol, any case.
   *
   * @throws FrameException UNKNOWN_INSTRUMENT when it maps to none
   */
  Instrument instrument(String symbol) {
    String key = symbol.toLowerCase(Locale.ROOT);
    Instrument known = bySymbol.get(key);
    if (known != null) {
      return known;
    }
    Instrument mapped = map(key);
    InstrumentLimit.admit(bySymbol.size(), key);
    bySymbol.put(key, mapped);
    return mapped;
  }

  private Instrument map(String symbol) {
    String pair = symbol;
    String suffix = "";
    if (futures) {
      // USD-M: a perpetual is the bare pair; a delivery contract appends _YYMMDD.
      int underscore = symbol.indexOf('_');
      suffix = "PERP";
      if (underscore >= 0) {
        pair = symbol.substring(0, underscore);
        suffix = symbol.substring(underscore + 1);
      }
    }
    try {
      return registry.instrumentFromConcatenated(venue, pair.toUpperCase(Locale.ROOT), suffix);
    } catch (IllegalArgumentException e) {
      throw new FrameException(
          ErrorKind.UNKNOWN_INSTRUMENT,
          "symbol '" + abbreviate(symbol) + "' maps to no instrument: " + e.getMessage());
    }
  }

  private String venueCode(String asset) {
    return registry
        .venue(venue)
        .flatMap(
            v ->
                v.symbols().entrySet().stream()
                    .filter(e -> e.getValue().equals(asset))
                    .map(Map.Entry::getKey)
                    .findFirst())
        .orElse(asset);
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }
}
