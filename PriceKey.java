package dev.sextant.query.view;

import dev.sextant.schemas.registry.Instrument;
import java.util.Objects;
import java.util.function.Predicate;

/** What a client asks a price for: an asset symbol ({@code BTC}) or an instrument. */
public sealed interface PriceKey {

  /** The message for a missing key, shared by every API that takes one. */
  String REQUIRED = "key is required: an asset symbol (BTC) or an instrument (coinbase:BTC-USD)";

  /** The key as the client wrote it. */
  String text();

  /** An asset symbol known to the registry. */
  record AssetKey(String symbol) implements PriceKey {
    public AssetKey {
      Objects.requireNonNull(symbol, "symbol");
    }

    @Override
    public String text() {
      return symbol;
    }
  }

  /** A well-formed instrument id; the instrument need not have traded. */
  record InstrumentKey(Instrument instrument) implements PriceKey {
    public InstrumentKey {
      Objects.requireNonNull(instrument, "instrument");
    }

    @Override
    public String text() {
      return instrument.id();
    }
  }

  /**
   * Parses a client's key.
   *
   * @param isKnownAsset whether a symbol is a registry asset
   * @throws IllegalArgumentException with a message fit for the client when the key is empty, a
   *     malformed instrument or an unknown asset
   */
  static PriceKey parse(String key, Predicate<String> isKnownAsset) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException(REQUIRED);
    }
    if (Instrument.looksLikeInstrument(key)) {
      return new InstrumentKey(Instrument.parse(key));
    }
    if (!isKnownAsset.test(key)) {
      throw new IllegalArgumentException("unknown asset " + key);
    }
    return new AssetKey(key);
  }
}
