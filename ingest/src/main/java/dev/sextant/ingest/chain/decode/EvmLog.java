package dev.sextant.ingest.chain.decode;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An EVM log as a node returns it, with the block context the decoder stamps on the event.
 *
 * @param chainId EIP-155 chain id
 * @param address the emitting contract, {@code 0x} + 40 hex digits in any case
 * @param topics topic0 (the event signature hash) then the indexed arguments, each {@code 0x} + 64
 *     hex digits
 * @param data the non-indexed arguments, {@code 0x} + ABI words
 * @param blockNumber the block's number
 * @param blockHash the block's hash
 * @param logIndex the log's index in the block
 * @param txHash the transaction's hash
 * @param removed true when a reorg orphaned the block (a retraction)
 * @param blockTime the block's timestamp
 */
public record EvmLog(
    long chainId,
    String address,
    List<String> topics,
    String data,
    long blockNumber,
    String blockHash,
    int logIndex,
    String txHash,
    boolean removed,
    Instant blockTime) {

  public EvmLog {
    Objects.requireNonNull(address, "address");
    topics = List.copyOf(topics);
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(blockHash, "blockHash");
    Objects.requireNonNull(txHash, "txHash");
    Objects.requireNonNull(blockTime, "blockTime");
  }
}
