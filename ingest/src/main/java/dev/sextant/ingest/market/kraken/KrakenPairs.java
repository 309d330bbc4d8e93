package dev.sextant.ingest.market.kraken;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FrameException;
import dev.sextant.ingest.market.InstrumentLimit;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.registry.Venue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Maps Kraken WebSocket pair names ("XBT/USD" in v1, "BTC/USD" in v2) to Sextant instruments and
 * back, through the registry; with configured instruments, only those are accepted.
 */
final class KrakenPairs {

  static final String VENUE = "kraken";

  private final Registry registry;
  private final Set<Instrument> accepted;
  private final Map<String, Instrument> byPair = new HashMap<>();

  KrakenPairs(Registry registry, List<Instrument> configured) {
    this.registry = registry;
    this.accepted = Set.copyOf(configured);
  }

  /**
   * The instrument of a pair name as the frames write it.
   *
   * @throws FrameException UNKNOWN_INSTRUMENT when the pair maps to no instrument, or to one that
   *     is not configured
   */
  Instrument instrument(String pair) {
    Instrument known = byPair.get(pair);
    if (known != null) {
      return known;
    }
    int slash = pair == null ? -1 : pair.indexOf('/');
    if (slash <= 0 || slash == pair.length() - 1 || pair.indexOf('/', slash + 1) >= 0) {
      throw new FrameException(
          ErrorKind.UNKNOWN_INSTRUMENT, "pair '" + pair + "' is not of the form BASE/QUOTE");
    }
    Instrument instrument;
    try {
      instrument =
          registry.instrument(VENUE, pair.substring(0, slash), pair.substring(slash + 1), "");
    } catch (IllegalArgumentException e) {
      throw new FrameException(
          ErrorKind.UNKNOWN_INSTRUMENT,
          "pair '" + pair + "' maps to no instrument: " + e.getMessage());
    }
    if (!accepted.isEmpty() && !accepted.contains(instrument)) {
      throw new FrameException(
          ErrorKind.UNKNOWN_INSTRUMENT,
          "pair '" + pair + "' (" + instrument.id() + ") is not subscribed on this connection");
    }
    InstrumentLimit.admit(byPair.size(), pair);
    byPair.put(pair, instrument);
    return instrument;
  }

  /** The v1 pair name of an instrument: Kraken v1 writes BTC as XBT ("XBT/USD"). */
  static String v1Pair(Registry registry, Instrument instrument) {
    return v1Code(registry, instrument.base()) + "/" + v1Code(registry, instrument.quote());
  }

  /** The v2 symbol of an instrument: v2 uses the common codes ("BTC/USD"). */
  static String v2Symbol(Instrument instrument) {
    return instrument.base() + "/" + instrument.quote();
  }

  /**
   * The v1 code of an asset: the registry's alias for it that is not a legacy X/Z-prefixed REST
   * code (BTC: XBT, not XXBT; ETH: ETH, not XETH); the asset's own symbol when there is none.
   */
  static String v1Code(Registry registry, String asset) {
    Venue venue =
        registry
            .venue(VENUE)
            .orElseThrow(() -> new IllegalStateException("the registry has no venue kraken"));
    Map<String, String> aliases = venue.symbols();
    List<String> codes =
        aliases.entrySet().stream()
            .filter(e -> e.getValue().equals(asset))
            .map(Map.Entry::getKey)
            .filter(code -> !isLegacy(code, asset, aliases))
            .sorted()
            .collect(Collectors.toList());
    return codes.isEmpty() ? asset : codes.get(0);
  }

  private static boolean isLegacy(String code, String asset, Map<String, String> aliases) {
    if (code.length() != 4 || (code.charAt(0) != 'X' && code.charAt(0) != 'Z')) {
      return false;
    }
    String rest = code.substring(1);
    return rest.equals(asset) || asset.equals(aliases.get(rest));
  }

  /** Checks that every instrument is a Kraken spot instrument, naming the first that is not. */
  static void requireSpot(List<Instrument> instruments, String protocol) {
    for (Instrument instrument : instruments) {
      if (!VENUE.equals(instrument.venue()) || !instrument.suffix().isEmpty()) {
        throw new IllegalArgumentException(
            protocol
                + " carries Kraken spot instruments (kraken:BASE-QUOTE), not "
                + instrument.id());
      }
    }
  }
}
