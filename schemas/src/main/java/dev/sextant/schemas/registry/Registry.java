package dev.sextant.schemas.registry;

import java.io.InputStream;
import java.util.Collection;
import java.util.Optional;

/**
 * The asset and venue registry, loaded from {@code registry/registry.yaml} and validated at start.
 *
 * <p>API skeleton: the loader and data are being written; signatures are the contract.
 */
public final class Registry {

  private Registry() {}

  /** The registry bundled with Sextant ({@code /registry/registry.yaml} on the classpath). */
  public static Registry loadDefault() {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Loads and validates a registry.
   *
   * @param origin names the source in error messages (a file name)
   * @throws IllegalArgumentException naming the entry and field when the data is invalid
   */
  public static Registry load(InputStream yaml, String origin) {
    throw new UnsupportedOperationException("not yet");
  }

  /** The asset with this symbol (case-sensitive, e.g. "BTC"). */
  public Optional<Asset> asset(String symbol) {
    throw new UnsupportedOperationException("not yet");
  }

  /** The venue with this name (e.g. "coinbase", "uniswap-v3@1"). */
  public Optional<Venue> venue(String name) {
    throw new UnsupportedOperationException("not yet");
  }

  public Collection<Asset> assets() {
    throw new UnsupportedOperationException("not yet");
  }

  public Collection<Venue> venues() {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * The Sextant asset symbol for a venue's own code: Kraken's "XBT" is "BTC". Codes the venue does
   * not alias pass through uppercased, so an unlisted asset still gets a well-formed instrument.
   */
  public String assetSymbol(String venue, String venueCode) {
    throw new UnsupportedOperationException("not yet");
  }

  /** The instrument for a venue's base and quote codes (mapped through {@link #assetSymbol}). */
  public Instrument instrument(String venue, String venueBase, String venueQuote, String suffix) {
    throw new UnsupportedOperationException("not yet");
  }
}
