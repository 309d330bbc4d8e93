package dev.sextant.ingest.chain.tail;

import dev.sextant.ingest.chain.ChainConfig;
import dev.sextant.ingest.chain.decode.EvmLog;
import dev.sextant.ingest.chain.rpc.BlockHeader;
import dev.sextant.ingest.chain.rpc.ChainRpc;
import dev.sextant.ingest.chain.rpc.RpcException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a committed checkpoint back against the chain as the node has it now: the kept blocks
 * still canonical, the events of the unconfirmed ones rebuilt from their logs (fetched by hash,
 * never published again), and the retractions of the blocks a reorg orphaned while the tailer was
 * down. Changes nothing itself, so a failed call can simply be tried again.
 */
final class Resume {

  /**
   * A checkpoint brought back.
   *
   * @param kept the kept blocks still canonical, oldest first
   * @param finalized the highest block announced final
   * @param rebuilt the decoded events of the kept blocks above it, by hash
   * @param retractions the retractions of the orphaned kept blocks (empty when none)
   */
  record Resumed(
      List<BlockRef> kept,
      long finalized,
      Map<String, DecodedBlock> rebuilt,
      TailTransaction retractions) {}

  private static final Logger log = LoggerFactory.getLogger(Resume.class);

  private final ChainConfig config;
  private final ChainRpc rpc;
  private final BlockDecoder decoder;
  private final ChainRecords records;
  private final Clock clock;

  Resume(
      ChainConfig config, ChainRpc rpc, BlockDecoder decoder, ChainRecords records, Clock clock) {
    this.config = config;
    this.rpc = rpc;
    this.decoder = decoder;
    this.records = records;
    this.clock = clock;
  }

  /**
   * Compares {@code checkpoint} with the node's canonical headers.
   *
   * @param knownHead the node's head, for the rebuilt events' confirmations
   * @throws RpcException {@code INCONSISTENT} while the node is behind the checkpoint (retried
   *     until it catches up)
   * @throws IllegalStateException when a block at or below the final one is no longer canonical
   */
  Resumed from(TailCheckpoint checkpoint, long knownHead) {
    List<BlockRef> saved = checkpoint.blocks();
    long finalized = checkpoint.finalizedUpTo();
    List<BlockHeader> canonical = rpc.headers(saved.getFirst().number(), saved.getLast().number());
    Map<String, DecodedBlock> rebuilt = new HashMap<>();
    int orphanFrom = saved.size();
    for (int i = 0; i < saved.size(); i++) {
      BlockRef ref = saved.get(i);
      BlockHeader header = canonical.get(i);
      if (header.number() != ref.number()) {
        throw new RpcException(
            RpcException.Kind.INCONSISTENT,
            "asked for header " + ref.number() + ", the node returned " + header.number());
      }
      if (!header.hash().equals(ref.hash())) {
        orphanFrom = i;
        break;
      }
      if (ref.number() > finalized) {
        List<EvmLog> logs = rpc.logs(header, config.contracts());
        rebuilt.put(ref.hash(), decoder.decode(header, logs, knownHead, clock.instant()).block());
      }
    }
    TailTransaction retractions = new TailTransaction();
    if (orphanFrom < saved.size()) {
      BlockRef forked = saved.get(orphanFrom);
      if (orphanFrom == 0 || forked.number() <= finalized) {
        throw new IllegalStateException(
            "chain '"
                + config.name()
                + "' reorganised while the tailer was down, deeper than its "
                + config.confirmations()
                + " confirmations: block "
                + forked.number()
                + " ("
                + forked.hash()
                + ") is no longer canonical, and the final block is "
                + finalized
                + "; refusing to guess: resync the chain from its finalized cursor");
      }
      List<BlockRef> orphans = saved.subList(orphanFrom, saved.size()).reversed();
      Instant now = clock.instant();
      for (BlockRef orphan : orphans) {
        Optional<DecodedBlock> gone = recover(orphan, knownHead);
        if (gone.isPresent()) {
          retractions.addAll(records.retraction(gone.get(), now));
        } else {
          retractions.add(records.removed(orphan, now));
          retractions.unrecoverableRetraction();
        }
      }
      retractions.reorg(orphans.size());
      log.warn(
          "chain '{}': blocks {}..{} were orphaned while the tailer was down; retracting them",
          config.name(),
          forked.number(),
          saved.getLast().number());
    }
    return new Resumed(saved.subList(0, orphanFrom), finalized, rebuilt, retractions);
  }

  /** The decoded events of an orphaned block, when the node still has it by hash. */
  private Optional<DecodedBlock> recover(BlockRef orphan, long knownHead) {
    Optional<BlockHeader> header = rpc.header(orphan.hash());
    if (header.isEmpty() || !header.get().ref().equals(orphan)) {
      return Optional.empty();
    }
    try {
      List<EvmLog> logs = rpc.logs(header.get(), config.contracts());
      return Optional.of(decoder.decode(header.get(), logs, knownHead, clock.instant()).block());
    } catch (RpcException e) {
      if (e.retryable()) {
        throw e;
      }
      return Optional.empty(); // e.g. "unknown block": its logs are gone with it
    }
  }
}
