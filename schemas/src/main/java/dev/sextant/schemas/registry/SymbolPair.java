package dev.sextant.schemas.registry;

/**
 * A base and quote code pair as a venue writes them, before mapping to registry symbols.
 *
 * @param base the venue's base code ("XBT")
 * @param quote the venue's quote code ("USDT")
 */
public record SymbolPair(String base, String quote) {}
