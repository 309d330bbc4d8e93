package dev.sextant.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The asset and venue registry, loaded from {@code registry/registry.yaml} and validated at start.
 */
public final class Registry {

  private static final String DEFAULT_RESOURCE = "/registry/registry.yaml";

  private final Map<String, Asset> assets = new LinkedHashMap<>();
  private final Map<String, Venue> venues = new LinkedHashMap<>();
  private final Map<String, Asset> byContract = new HashMap<>();

  private Registry(List<Asset> assets, List<Venue> venues) {
    for (Asset asset : assets) {
      this.assets.put(asset.symbol(), asset);
      for (TokenContract contract : asset.contracts()) {
        byContract.put(contractKey(contract.chainId(), contract.address()), asset);
      }
    }
    venues.forEach(venue -> this.venues.put(venue.name(), venue));
  }

  /**
   * The registry bundled with Sextant ({@code /registry/registry.yaml} on the classpath), loaded
   * afresh on each call: nothing is cached globally, so the caller keeps the instance it needs.
   */
  public static Registry loadDefault() {
    try (InputStream yaml = Registry.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (yaml == null) {
        throw new IllegalStateException(DEFAULT_RESOURCE + " is not on the classpath");
      }
      return load(yaml, "registry.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
    }
  }

  /**
   * Loads and validates a registry.
   *
   * @param origin names the source in error messages (a file name)
   * @throws IllegalArgumentException naming the entry and field when the data is invalid
   */
  public static Registry load(InputStream yaml, String origin) {
    RegistryValidator.Result valid =
        RegistryValidator.validate(RegistryDocument.parse(yaml, origin), origin);
    return new Registry(valid.assets(), valid.venues());
  }

  /** The asset with this symbol (case-sensitive, e.g. "BTC"). */
  public Optional<Asset> asset(String symbol) {
    return Optional.ofNullable(assets.get(symbol));
  }

  /** The venue with this name (e.g. "coinbase", "uniswap-v3@1"). */
  public Optional<Venue> venue(String name) {
    return Optional.ofNullable(venues.get(name));
  }

  /** Every asset, in file order. */
  public Collection<Asset> assets() {
    return List.copyOf(assets.values());
  }

  /** Every venue, in file order. */
  public Collection<Venue> venues() {
    return List.copyOf(venues.values());
  }

  /** The asset whose token contract on {@code chainId} is {@code address}, in any letter case. */
  public Optional<Asset> assetByContract(long chainId, String address) {
    return Optional.ofNullable(byContract.get(contractKey(chainId, address)));
  }

  /** True when {@code symbol} is a registry asset of kind STABLECOIN (USDT, not USD). */
  public boolean isStablecoin(String symbol) {
    return asset(symbol).map(a -> a.kind() == Asset.Kind.STABLECOIN).orElse(false);
  }

  /**
   * The Sextant asset symbol for a venue's own code: Kraken's "XBT" is "BTC". Codes the venue does
   * not alias pass through uppercased, so an unlisted asset still gets a well-formed instrument.
   *
   * @throws IllegalArgumentException when the venue is not in the registry or the code is blank
   */
  public String assetSymbol(String venue, String venueCode) {
    Venue known = requireVenue(venue);
    if (venueCode == null || venueCode.isBlank()) {
      throw new IllegalArgumentException(venue + ": blank asset code");
    }
    // Venues mix case across APIs (Binance streams are lowercase), so codes compare uppercased.
    String code = venueCode.strip().toUpperCase(Locale.ROOT);
    return known.symbols().getOrDefault(code, code);
  }

  /**
   * The instrument for a venue's base and quote codes (mapped through {@link #assetSymbol}).
   *
   * @throws IllegalArgumentException when the venue is unknown or the codes make no instrument
   */
  public Instrument instrument(String venue, String venueBase, String venueQuote, String suffix) {
    return new Instrument(
        venue, assetSymbol(venue, venueBase), assetSymbol(venue, venueQuote), suffix);
  }

  /**
   * The instrument for a concatenated venue symbol such as Binance's "BTCUSDT", split on the
   * venue's longest matching quote code.
   *
   * @throws IllegalArgumentException when the venue is unknown or no quote code ends the symbol
   */
  public Instrument instrumentFromConcatenated(String venue, String venueSymbol, String suffix) {
    Venue known = requireVenue(venue);
    SymbolPair pair =
        known
            .splitConcatenated(venueSymbol == null ? "" : venueSymbol.strip())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        venue
                            + ": cannot split '"
                            + venueSymbol
                            + "' into base and quote: it ends with none of the quote codes "
                            + known.quoteCodes()));
    return instrument(venue, pair.base(), pair.quote(), suffix);
  }

  private Venue requireVenue(String venue) {
    return venue(venue)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown venue '" + venue + "': the registry has " + venues.keySet()));
  }

  private static String contractKey(long chainId, String address) {
    return chainId + ":" + (address == null ? "" : address.toLowerCase(Locale.ROOT));
  }
}
