package dev.sextant.streams.kstreams.candle;

/**
 * The input record (partition and offset of {@code market.trades.v1}) last applied to a series.
 * Under at-least-once the changelog can be ahead of the committed offsets, so after a crash the
 * records in between are read again: a record at or below this position on the same partition is
 * already in the state and must not be applied twice. All trades of an instrument are on one
 * partition (the topic is keyed by instrument), so one position per series suffices.
 *
 * @param partition the input partition, or -1 when nothing is known
 * @param offset the offset on that partition, or -1 when nothing is known
 */
record InputPosition(int partition, long offset) {

  static final InputPosition NONE = new InputPosition(-1, -1);

  /** Whether the record at {@code partition}/{@code offset} was already applied. */
  boolean covers(int partition, long offset) {
    return partition == this.partition && offset <= this.offset;
  }
}
