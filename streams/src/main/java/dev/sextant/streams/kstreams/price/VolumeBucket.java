package dev.sextant.streams.kstreams.price;

import java.math.BigDecimal;

/**
 * Trade volume of one venue instrument in one slice of the volume window.
 *
 * @param startMs start of the slice, epoch milliseconds, a multiple of the bucket width
 * @param volume traded base quantity in the slice
 */
public record VolumeBucket(long startMs, BigDecimal volume) {}
