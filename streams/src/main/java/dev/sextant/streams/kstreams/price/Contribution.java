package dev.sextant.streams.kstreams.price;

import java.math.BigDecimal;

/**
 * One venue's part in a consolidated price.
 *
 * @param instrument the instrument id
 * @param usdPrice the venue's price in USD (a stablecoin quote already converted)
 * @param volume its trade volume in the window, base units: its weight
 * @param lastUpdateMs event time of its newest trade or quote
 */
public record Contribution(
    String instrument, BigDecimal usdPrice, BigDecimal volume, long lastUpdateMs) {}
