package dev.sextant.ingest.chain.tail;

/**
 * The adaptive window of blocks asked per log query during backfill: halved when the node refuses a
 * range, doubled back after each success.
 */
public final class LogRange {

  /** An inclusive block range. */
  public record Range(long from, long to) {
    public long size() {
      return to - from + 1;
    }
  }

  private final long max;
  private long size;

  /** Starts at {@code initial} blocks per query and never grows above {@code max}. */
  public LogRange(long initial, long max) {
    if (initial < 1 || max < initial) {
      throw new IllegalArgumentException("need 1 <= initial <= max, got " + initial + ", " + max);
    }
    this.size = initial;
    this.max = max;
  }

  public long size() {
    return size;
  }

  /**
   * The next range to query from {@code fromBlock}, at most the current size and never past {@code
   * toBlock}.
   */
  public Range next(long fromBlock, long toBlock) {
    if (fromBlock > toBlock) {
      throw new IllegalArgumentException("empty range " + fromBlock + ".." + toBlock);
    }
    // Subtract rather than add so a huge toBlock cannot overflow.
    long to = toBlock - fromBlock < size ? toBlock : fromBlock + size - 1;
    return new Range(fromBlock, to);
  }

  /**
   * The node refused the last range: halve the window. Returns false when it is already one block,
   * which no smaller range can fix: the caller surfaces that as an error.
   */
  public boolean refused() {
    if (size == 1) {
      return false;
    }
    size = size / 2;
    return true;
  }

  /** The last range was answered: double the window, up to the configured maximum. */
  public void succeeded() {
    size = size > max / 2 ? max : size * 2;
  }
}
