package dev.sextant.schemas.registry;

import dev.sextant.schemas.registry.RegistryDocument.AssetEntry;
import dev.sextant.schemas.registry.RegistryDocument.ContractEntry;
import dev.sextant.schemas.registry.RegistryDocument.VenueEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a parsed registry document and builds its records, failing on the first error with a
 * message that names the origin, the entry and the field.
 */
final class RegistryValidator {

  /** Instrument ids split on '-' and ':', so symbols and codes may hold neither. */
  private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9.]{0,19}");

  private static final Pattern VENUE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*(@[0-9]+)?");
  private static final int MAX_DECIMALS = 36;

  private final String origin;
  private final Map<String, Asset> assets = new LinkedHashMap<>();
  private final Map<String, String> contractOwners = new HashMap<>();
  private final Map<String, String> aliasOwners = new HashMap<>();

  private RegistryValidator(String origin) {
    this.origin = origin;
  }

  /** The validated assets and venues, in file order. */
  record Result(List<Asset> assets, List<Venue> venues) {}

  static Result validate(RegistryDocument document, String origin) {
    RegistryValidator validator = new RegistryValidator(origin);
    for (int i = 0; i < document.assets().size(); i++) {
      Asset asset = validator.asset(i, document.assets().get(i));
      validator.assets.put(asset.symbol(), asset);
    }
    validator.assets.values().forEach(validator::checkPeg);
    Map<String, Venue> venues = new LinkedHashMap<>();
    for (int i = 0; i < document.venues().size(); i++) {
      Venue venue = validator.venue(i, document.venues().get(i));
      if (venues.putIfAbsent(venue.name(), venue) != null) {
        throw validator.error("venue " + venue.name(), "duplicate venue name");
      }
    }
    return new Result(List.copyOf(validator.assets.values()), List.copyOf(venues.values()));
  }

  private Asset asset(int index, AssetEntry entry) {
    if (entry == null) {
      throw error("asset #" + (index + 1), "empty entry");
    }
    String symbol = symbol("asset #" + (index + 1), "symbol", entry.symbol());
    String where = "asset " + symbol;
    if (assets.containsKey(symbol)) {
      throw error(where, "duplicate symbol");
    }
    String name = required(where, "name", entry.name());
    Asset.Kind kind = kind(where, entry.kind(), Asset.Kind.class);
    String peggedTo = entry.peggedTo() == null ? "" : entry.peggedTo().strip();
    if (kind == Asset.Kind.STABLECOIN && peggedTo.isEmpty()) {
      throw error(where, "peggedTo is missing: a stablecoin names the fiat it tracks, e.g. USD");
    }
    if (kind != Asset.Kind.STABLECOIN && !peggedTo.isEmpty()) {
      throw error(where, "peggedTo '" + peggedTo + "' is only for kind STABLECOIN");
    }
    List<String> aliases = entry.aliases() == null ? List.of() : entry.aliases();
    for (String alias : aliases) {
      required(where, "aliases", alias);
      String owner = aliasOwners.putIfAbsent(alias.toLowerCase(Locale.ROOT), symbol);
      if (owner != null && !owner.equals(symbol)) {
        throw error(where, "alias '" + alias + "' is also an alias of asset " + owner);
      }
    }
    List<ContractEntry> entries = entry.contracts() == null ? List.of() : entry.contracts();
    if (kind == Asset.Kind.FIAT && !entries.isEmpty()) {
      throw error(where, "a fiat asset has no contracts");
    }
    List<TokenContract> contracts = new ArrayList<>();
    Set<Long> chains = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      TokenContract contract = contract(where, i, entries.get(i));
      if (!chains.add(contract.chainId())) {
        throw error(where, "more than one contract on chain " + contract.chainId());
      }
      String key = contract.chainId() + ":" + contract.address().toLowerCase(Locale.ROOT);
      String owner = contractOwners.putIfAbsent(key, symbol);
      if (owner != null) {
        throw error(
            where + " contract on chain " + contract.chainId(),
            "address " + contract.address() + " is also the contract of asset " + owner);
      }
      contracts.add(contract);
    }
    return new Asset(symbol, name, kind, peggedTo, aliases, contracts);
  }

  private TokenContract contract(String asset, int index, ContractEntry entry) {
    if (entry == null || entry.chainId() == null) {
      throw error(asset + " contract #" + (index + 1), "chainId is missing");
    }
    if (entry.chainId() <= 0) {
      throw error(asset + " contract #" + (index + 1), "chainId must be positive (EIP-155)");
    }
    String where = asset + " contract on chain " + entry.chainId();
    String address = required(where, "address", entry.address());
    if (!Eip55.isAddress(address)) {
      throw error(where, "address " + address + " is not 0x followed by 40 hex digits");
    }
    if (!Eip55.isChecksummed(address)) {
      throw error(
          where,
          "address "
              + address
              + " is not EIP-55 checksummed (expected "
              + Eip55.checksum(address)
              + ")");
    }
    if (entry.decimals() == null) {
      throw error(where, "decimals is missing");
    }
    if (entry.decimals() < 0 || entry.decimals() > MAX_DECIMALS) {
      throw error(where, "decimals " + entry.decimals() + " is outside 0.." + MAX_DECIMALS);
    }
    return new TokenContract(entry.chainId(), address, entry.decimals());
  }

  private void checkPeg(Asset asset) {
    if (asset.peggedTo().isEmpty()) {
      return;
    }
    Asset fiat = assets.get(asset.peggedTo());
    if (fiat == null || fiat.kind() != Asset.Kind.FIAT) {
      throw error(
          "asset " + asset.symbol(),
          "peggedTo '" + asset.peggedTo() + "' is not a FIAT asset of the registry");
    }
  }

  private Venue venue(int index, VenueEntry entry) {
    if (entry == null) {
      throw error("venue #" + (index + 1), "empty entry");
    }
    String name = required("venue #" + (index + 1), "name", entry.name());
    String where = "venue " + name;
    if (!VENUE_NAME.matcher(name).matches()) {
      throw error(where, "name must be lowercase, e.g. coinbase or uniswap-v3@1");
    }
    Venue.Kind kind = kind(where, entry.kind(), Venue.Kind.class);
    long chainId = entry.chainId() == null ? 0 : entry.chainId();
    if (kind == Venue.Kind.CEX && (chainId != 0 || name.contains("@"))) {
      throw error(where, "a CEX has chainId 0 and no @chain in its name");
    }
    if (kind == Venue.Kind.DEX && (chainId <= 0 || !name.endsWith("@" + chainId))) {
      throw error(where, "a DEX has a positive chainId and ends its name with @chainId");
    }
    Map<String, String> symbols = entry.symbols() == null ? Map.of() : entry.symbols();
    for (Map.Entry<String, String> mapping : symbols.entrySet()) {
      symbol(where + " symbols", "venue code", mapping.getKey());
      if (!assets.containsKey(mapping.getValue())) {
        throw error(
            where + " symbols",
            mapping.getKey() + " maps to " + mapping.getValue() + ", which is not an asset");
      }
    }
    List<String> quoteCodes = entry.quoteCodes() == null ? List.of() : entry.quoteCodes();
    Set<String> seen = new HashSet<>();
    for (String code : quoteCodes) {
      if (!seen.add(symbol(where + " quoteCodes", "quote code", code))) {
        throw error(where + " quoteCodes", "duplicate quote code " + code);
      }
    }
    return new Venue(name, kind, chainId, symbols, quoteCodes);
  }

  private String symbol(String where, String field, String value) {
    required(where, field, value);
    if (!SYMBOL.matcher(value).matches()) {
      throw error(where, field + " '" + value + "' must be uppercase letters and digits, e.g. BTC");
    }
    return value;
  }

  private <E extends Enum<E>> E kind(String where, String value, Class<E> kinds) {
    required(where, "kind", value);
    for (E kind : kinds.getEnumConstants()) {
      if (kind.name().equals(value)) {
        return kind;
      }
    }
    throw error(where, "kind '" + value + "' is not one of " + List.of(kinds.getEnumConstants()));
  }

  private String required(String where, String field, String value) {
    if (value == null || value.isBlank()) {
      throw error(where, field + " is missing");
    }
    return value;
  }

  private IllegalArgumentException error(String where, String message) {
    return new IllegalArgumentException(origin + ": " + where + ": " + message);
  }
}
