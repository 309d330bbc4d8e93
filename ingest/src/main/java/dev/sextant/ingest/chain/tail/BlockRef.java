package dev.sextant.ingest.chain.tail;

import java.util.Objects;

/** The header fields of a block that the tailer needs to follow the canonical chain. */
public record BlockRef(long number, String hash, String parentHash) {

  public BlockRef {
    if (number < 0) {
      throw new IllegalArgumentException("negative block number " + number);
    }
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(parentHash, "parentHash");
  }

  /** Whether {@code child} names this block as its parent, by hash and number. */
  public boolean isParentOf(BlockRef child) {
    return child.number == number + 1 && child.parentHash.equals(hash);
  }
}
