package dev.sextant.ingest.chain.rpc;

import dev.sextant.ingest.chain.tail.BlockRef;
import java.time.Instant;
import java.util.Objects;

/**
 * A block header as the node reports it: enough to follow the chain and stamp event times.
 *
 * @param number the block number
 * @param hash the block hash, {@code 0x} + 64 lowercase hex digits
 * @param parentHash the parent's hash, same form
 * @param time the block's timestamp
 */
public record BlockHeader(long number, String hash, String parentHash, Instant time) {

  public BlockHeader {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(parentHash, "parentHash");
    Objects.requireNonNull(time, "time");
  }

  /** The header's place in the chain, as {@code ChainTip} tracks it. */
  public BlockRef ref() {
    return new BlockRef(number, hash, parentHash);
  }
}
