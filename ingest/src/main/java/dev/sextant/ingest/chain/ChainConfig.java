package dev.sextant.ingest.chain;

import dev.sextant.ingest.chain.decode.PoolRegistry;
import dev.sextant.ingest.chain.rpc.RpcSettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One EVM chain to tail.
 *
 * @param name the chain's name in the configuration ({@code ethereum}, {@code anvil}); the source
 *     id is {@code chain-<name>}
 * @param chainId the EIP-155 chain id the node must report
 * @param rpc the node's URLs, timeouts and retries
 * @param confirmations the reorg depth: a block with this many blocks on top is final (its finality
 *     marker is published and its treasury deposits become Deposit records); deeper reorgs are
 *     refused loudly
 * @param startBlock the first block to read when the source has no cursor; -1 for the head
 * @param stopBlock the last block to read, then {@code run()} returns (the CLI's {@code --to});
 *     empty to tail forever
 * @param contracts watched contract addresses (lowercase); empty for every log whose event
 *     signature the decoder knows
 * @param tokens tokens beyond the registry's (a local chain's test tokens), for decimals and the
 *     stablecoin symbol of deposits
 * @param pools the DEX pools whose swaps become trades
 * @param treasury the address (lowercase) whose incoming stablecoin transfers are deposits; empty
 *     for none
 * @param backfillBlocks the first {@code eth_getLogs} range in backfill; halves on refusal
 * @param backfillMaxBlocks the cap the range grows back to
 * @param pollInterval how often to poll the head over HTTP while no WebSocket head arrives
 */
public record ChainConfig(
    String name,
    long chainId,
    RpcSettings rpc,
    int confirmations,
    long startBlock,
    OptionalLong stopBlock,
    Set<String> contracts,
    List<PoolRegistry.Token> tokens,
    List<PoolRegistry.Pool> pools,
    Optional<String> treasury,
    int backfillBlocks,
    int backfillMaxBlocks,
    Duration pollInterval) {

  public static final int DEFAULT_CONFIRMATIONS = 64;
  public static final int DEFAULT_BACKFILL_BLOCKS = 2_000;
  public static final int DEFAULT_BACKFILL_MAX_BLOCKS = 10_000;
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  public ChainConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rpc, "rpc");
    Objects.requireNonNull(stopBlock, "stopBlock");
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (name.isBlank()) {
      throw new IllegalArgumentException("chain name must not be blank");
    }
    if (confirmations < 1) {
      throw new IllegalArgumentException("confirmations must be at least 1, got " + confirmations);
    }
    if (backfillBlocks < 1 || backfillMaxBlocks < backfillBlocks) {
      throw new IllegalArgumentException(
          "need 1 <= backfillBlocks <= backfillMaxBlocks, got "
              + backfillBlocks
              + " and "
              + backfillMaxBlocks);
    }
    contracts =
        contracts.stream()
            .map(a -> a.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    tokens = List.copyOf(tokens);
    pools = List.copyOf(pools);
    treasury = treasury.map(a -> a.toLowerCase(Locale.ROOT));
  }

  /** The source id: cursor key, transactional id and dead-letter source. */
  public String sourceId() {
    return "chain-" + name;
  }
}
