package dev.sextant.schemas.registry;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tradable instrument: {@code venue:BASE-QUOTE}, with a suffix for derivatives ({@code -PERP} or
 * an expiry {@code -YYMMDD}). Examples: {@code coinbase:BTC-USD}, {@code
 * binance-futures:BTC-USDT-PERP}, {@code okx:BTC-USD-220527}, {@code uniswap-v3@1:WETH-USDC}.
 *
 * @param venue venue name, lowercase; DEX venues carry the chain ({@code uniswap-v3@1})
 * @param base base asset symbol
 * @param quote quote asset symbol
 * @param suffix empty for spot, {@code PERP} or {@code YYMMDD} for derivatives
 */
public record Instrument(String venue, String base, String quote, String suffix) {

  private static final Pattern VENUE = Pattern.compile("[a-z0-9][a-z0-9._-]*(@[0-9]+)?");
  private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9.]*");
  private static final Pattern SUFFIX = Pattern.compile("|PERP|[0-9]{6}");

  public Instrument {
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(quote, "quote");
    Objects.requireNonNull(suffix, "suffix");
    if (!VENUE.matcher(venue).matches()) {
      throw new IllegalArgumentException(
          "bad venue '" + venue + "': lowercase name, e.g. coinbase");
    }
    if (!SYMBOL.matcher(base).matches() || !SYMBOL.matcher(quote).matches()) {
      throw new IllegalArgumentException(
          "bad symbols '" + base + "-" + quote + "': uppercase asset symbols, e.g. BTC-USD");
    }
    if (!SUFFIX.matcher(suffix).matches()) {
      throw new IllegalArgumentException(
          "bad suffix '" + suffix + "': PERP or an expiry YYMMDD, or none for spot");
    }
  }

  /** A spot instrument. */
  public static Instrument spot(String venue, String base, String quote) {
    return new Instrument(venue, base, quote, "");
  }

  /**
   * Parses an instrument id.
   *
   * @throws IllegalArgumentException with the reason when {@code id} is not an instrument id
   */
  public static Instrument parse(String id) {
    int colon = id.indexOf(':');
    if (colon <= 0 || colon == id.length() - 1) {
      throw new IllegalArgumentException(
          "'" + id + "' is not an instrument: expected venue:BASE-QUOTE, e.g. coinbase:BTC-USD");
    }
    String[] parts = id.substring(colon + 1).split("-", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "'" + id + "' is not an instrument: expected venue:BASE-QUOTE[-PERP|-YYMMDD]");
    }
    try {
      return new Instrument(
          id.substring(0, colon), parts[0], parts[1], parts.length == 3 ? parts[2] : "");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + id + "' is not an instrument: " + e.getMessage(), e);
    }
  }

  /** True when {@code text} looks like an instrument id rather than an asset symbol. */
  public static boolean looksLikeInstrument(String text) {
    return text.indexOf(':') > 0;
  }

  /** The instrument id, e.g. {@code coinbase:BTC-USD}. */
  public String id() {
    return venue + ":" + base + "-" + quote + (suffix.isEmpty() ? "" : "-" + suffix);
  }

  @Override
  public String toString() {
    return id();
  }
}
