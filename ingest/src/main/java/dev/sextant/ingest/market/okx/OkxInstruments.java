package dev.sextant.ingest.market.okx;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FrameException;
import dev.sextant.ingest.market.InstrumentLimit;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps OKX instrument ids to Sextant instruments and back: {@code BTC-USDT} is spot, {@code
 * BTC-USDT-SWAP} the perpetual ({@code -PERP}) and {@code BTC-USD-220527} a dated future.
 */
final class OkxInstruments {

  private static final Pattern EXPIRY = Pattern.compile("[0-9]{6}");

  private final Registry registry;
  private final boolean acceptAll;
  private final Map<String, String> ids = new HashMap<>();

  /**
   * @param configured the planned instruments; empty to accept any instrument the registry maps
   */
  OkxInstruments(Registry registry, List<Instrument> configured) {
    this.registry = registry;
    this.acceptAll = configured.isEmpty();
    for (Instrument instrument : configured) {
      ids.put(instId(instrument), instrument.id());
    }
  }

  /** The OKX instId of a Sextant instrument. */
  static String instId(Instrument instrument) {
    String pair = instrument.base() + "-" + instrument.quote();
    return switch (instrument.suffix()) {
      case "" -> pair;
      case "PERP" -> pair + "-SWAP";
      default -> pair + "-" + instrument.suffix();
    };
  }

  /**
   * The Sextant instrument id of an OKX instId.
   *
   * @throws FrameException UNKNOWN_INSTRUMENT when it is not configured or maps to none
   */
  String instrument(String instId) {
    if (instId == null) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"instId\"");
    }
    String id = ids.get(instId);
    if (id != null) {
      return id;
    }
    if (!acceptAll) {
      throw unknown(instId, "is not subscribed on this connection");
    }
    id = map(instId);
    InstrumentLimit.admit(ids.size(), instId);
    ids.put(instId, id);
    return id;
  }

  private String map(String instId) {
    String[] parts = instId.split("-", -1);
    String suffix;
    if (parts.length == 2) {
      suffix = "";
    } else if (parts.length == 3 && parts[2].equals("SWAP")) {
      suffix = "PERP";
    } else if (parts.length == 3 && EXPIRY.matcher(parts[2]).matches()) {
      suffix = parts[2];
    } else {
      throw unknown(instId, "is neither spot, a perpetual swap nor a dated future");
    }
    try {
      return registry.instrument("okx", parts[0], parts[1], suffix).id();
    } catch (IllegalArgumentException e) {
      throw unknown(instId, e.getMessage());
    }
  }

  private static FrameException unknown(String instId, String why) {
    String shown = instId.length() > 64 ? instId.substring(0, 64) + "..." : instId;
    return new FrameException(ErrorKind.UNKNOWN_INSTRUMENT, "OKX instId '" + shown + "' " + why);
  }
}
