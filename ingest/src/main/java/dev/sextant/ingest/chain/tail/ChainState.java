package dev.sextant.ingest.chain.tail;

import dev.sextant.ingest.chain.ChainConfig;
import dev.sextant.ingest.chain.decode.EvmLog;
import dev.sextant.ingest.chain.rpc.BlockHeader;
import dev.sextant.ingest.chain.rpc.RpcException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the tailer has published of the chain: the kept canonical headers, the events of the blocks
 * not final yet, and the highest block announced final. It turns each move of the tip into the
 * records of a transaction; it makes no RPC call, so a failed fetch never leaves it half moved.
 */
final class ChainState {

  private static final Logger log = LoggerFactory.getLogger(ChainState.class);

  private final ChainConfig config;
  private final BlockDecoder decoder;
  private final ChainRecords records;
  private final TreasuryDeposits deposits;
  private final Clock clock;
  // The published blocks above `announced`, by hash: what a reorg retracts and finality deposits.
  private final Map<String, DecodedBlock> unconfirmed = new HashMap<>();
  private ChainTip tip;
  // The highest block whose finality marker and deposits are published.
  private long announced = -1;
  // The first block to read while the tip is empty.
  private long start;

  ChainState(
      ChainConfig config,
      BlockDecoder decoder,
      ChainRecords records,
      TreasuryDeposits deposits,
      Clock clock) {
    this.config = config;
    this.decoder = decoder;
    this.records = records;
    this.deposits = deposits;
    this.clock = clock;
    this.tip = new ChainTip(config.confirmations());
  }

  /** Nothing published yet: the chain starts at block {@code first}. */
  void startAt(long first) {
    tip = new ChainTip(config.confirmations());
    announced = -1;
    unconfirmed.clear();
    start = first;
  }

  /**
   * Resumes after a restart: {@code kept} linked canonical headers (oldest first), final up to
   * {@code finalized}, with the rebuilt events of the kept blocks above it. The blocks the restored
   * tip holds final but whose finality was never announced (only when the confirmation depth was
   * lowered between runs) are announced in {@code tx}.
   */
  void resume(
      List<BlockRef> kept, long finalized, Map<String, DecodedBlock> rebuilt, TailTransaction tx) {
    tip = new ChainTip(config.confirmations(), kept);
    announced = finalized;
    unconfirmed.clear();
    unconfirmed.putAll(rebuilt);
    finality(
        tx,
        kept.stream()
            .filter(b -> b.number() > announced && b.number() <= tip.finalizedUpTo())
            .toList());
  }

  /** The next block to publish. */
  long nextNumber() {
    return tip.tip().map(t -> t.number() + 1).orElse(start);
  }

  /** The first block to read while nothing is published. */
  long start() {
    return start;
  }

  Optional<BlockRef> tip() {
    return tip.tip();
  }

  /** The oldest kept block's number; -1 while nothing is kept. */
  long oldestKept() {
    List<BlockRef> kept = tip.snapshot();
    return kept.isEmpty() ? -1 : kept.getFirst().number();
  }

  boolean knows(String hash) {
    return tip.knows(hash);
  }

  /** Whether {@code header} would extend or fork the kept chain, rather than need more headers. */
  boolean attaches(BlockHeader header) {
    return tip.tip().isEmpty() || tip.knows(header.parentHash());
  }

  /**
   * Applies a header to the tip; a header contradicting a kept one is the node's inconsistency,
   * which the tailer retries.
   */
  TipChange apply(BlockHeader header) {
    try {
      return tip.apply(header.ref());
    } catch (IllegalArgumentException e) {
      throw new RpcException(
          RpcException.Kind.INCONSISTENT, 0, null, "the node contradicts itself: " + e, e);
    }
  }

  /**
   * Adds the records of the block just applied, decoded from its {@code logs}.
   *
   * @param knownHead the node's head as last seen, for the events' confirmations
   */
  void publish(TailTransaction tx, BlockHeader header, List<EvmLog> logs, long knownHead) {
    BlockDecoder.Output out = decoder.decode(header, logs, knownHead, clock.instant());
    tx.addAll(out.records());
    tx.notOurs(out.notOurs());
    unconfirmed.put(header.hash(), out.block());
  }

  /**
   * Adds the retractions of the orphaned blocks, newest first.
   *
   * @throws IllegalStateException when a block was announced final: a reorg deeper than the
   *     confirmations, measured from the highest tip seen (possible after reorgs to shorter
   *     branches, which ChainTip alone cannot tell)
   */
  void retract(TailTransaction tx, List<BlockRef> orphaned) {
    Instant now = clock.instant();
    for (BlockRef orphan : orphaned) {
      if (orphan.number() <= announced) {
        throw new IllegalStateException(
            "chain '"
                + config.name()
                + "' reorganised deeper than its "
                + config.confirmations()
                + " confirmations: block "
                + orphan.number()
                + " ("
                + orphan.hash()
                + ") was published as final (final up to "
                + announced
                + "); refusing to guess: resync the chain from its finalized cursor");
      }
      DecodedBlock block = unconfirmed.remove(orphan.hash());
      if (block != null) {
        tx.addAll(records.retraction(block, now));
      } else {
        tx.add(records.removed(orphan, now));
        tx.unrecoverableRetraction();
      }
    }
    tx.reorg(orphaned.size());
    log.info(
        "chain '{}': reorg of depth {} at block {}",
        config.name(),
        orphaned.size(),
        orphaned.getLast().number());
  }

  /** Adds the deposits of the newly final blocks; the transaction's marker names the last. */
  void finality(TailTransaction tx, List<BlockRef> newlyFinal) {
    Instant now = clock.instant();
    for (BlockRef ref : newlyFinal) {
      if (ref.number() <= announced) {
        continue; // announced before a restart, or before a reorg to a shorter branch
      }
      DecodedBlock block = unconfirmed.remove(ref.hash());
      if (block == null) {
        throw new IllegalStateException("block " + ref + " became final but was never decoded");
      }
      tx.addAll(deposits.of(block, now));
      tx.finalized(block.header());
      announced = ref.number();
    }
  }

  /** The highest block announced final, -1 for none. */
  long announced() {
    return announced;
  }

  /** The cursor position after the last applied block. */
  Supplier<String> checkpoint() {
    // The kept headers as of now; the text (about 4 KB at depth 64) only when a batch needs it.
    List<BlockRef> kept = tip.snapshot();
    long finalUpTo = announced;
    return () -> TailCheckpoint.encode(kept, finalUpTo);
  }
}
