package dev.sextant.ingest.chain.tail;

import dev.sextant.ingest.chain.ChainConfig;
import dev.sextant.ingest.chain.decode.DexTrades;
import dev.sextant.ingest.chain.decode.EvmLog;
import dev.sextant.ingest.chain.rpc.BlockHeader;
import dev.sextant.ingest.chain.rpc.ChainRpc;
import dev.sextant.ingest.chain.rpc.RpcException;
import dev.sextant.schemas.v1.ChainEvent;
import dev.sextant.schemas.v1.Trade;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a committed checkpoint back against the chain as the node has it now: the kept blocks
 * still canonical, the events of the unconfirmed ones rebuilt from their logs (fetched by hash,
 * never published again), and the retractions of the blocks a reorg orphaned while the tailer was
 * down: rebuilt from the node by hash, or, once the node forgot them, recalled from what was
 * published. Changes nothing itself, so a failed call can simply be tried again.
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

  /**
   * How long before the oldest kept block's time the recall of published events starts: slack for a
   * node clock (block times) ahead of the producer's (record CreateTime).
   */
  static final Duration HISTORY_MARGIN = Duration.ofMinutes(10);

  private static final Logger log = LoggerFactory.getLogger(Resume.class);

  private final ChainConfig config;
  private final ChainRpc rpc;
  private final BlockDecoder decoder;
  private final ChainRecords records;
  private final DexTrades trades;
  private final PublishedEvents history;
  private final Clock clock;

  Resume(
      ChainConfig config,
      ChainRpc rpc,
      BlockDecoder decoder,
      ChainRecords records,
      DexTrades trades,
      PublishedEvents history,
      Clock clock) {
    this.config = config;
    this.rpc = rpc;
    this.decoder = decoder;
    this.records = records;
    this.trades = trades;
    this.history = history;
    this.clock = clock;
  }

  /**
   * Compares {@code checkpoint} with the node's canonical headers.
   *
   * @param knownHead the node's head, for the rebuilt events' confirmations
   * @throws RpcException {@code INCONSISTENT} while the node is behind the checkpoint (retried
   *     until it catches up)
   * @throws PublishedEvents.Unavailable when the node forgot an orphan and what was published of it
   *     cannot be read now (retried)
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
      Map<String, DecodedBlock> fromNode = new HashMap<>();
      Set<String> forgotten = new LinkedHashSet<>();
      for (BlockRef orphan : orphans) {
        recover(orphan, knownHead)
            .ifPresentOrElse(
                b -> fromNode.put(orphan.hash(), b), () -> forgotten.add(orphan.hash()));
      }
      // The oldest kept block is still canonical (checked above), so its time is the node's.
      Map<String, List<DecodedBlock.PublishedEvent>> recalled =
          recall(forgotten, canonical.getFirst().time().minus(HISTORY_MARGIN));
      Instant now = clock.instant();
      for (BlockRef orphan : orphans) {
        DecodedBlock gone = fromNode.get(orphan.hash());
        if (gone != null) {
          retractions.addAll(records.retraction(gone, now));
          continue;
        }
        List<DecodedBlock.PublishedEvent> events = recalled.getOrDefault(orphan.hash(), List.of());
        retractions.addAll(records.retraction(orphan, events, now));
        if (events.isEmpty()) {
          // Nothing standing was found: the block had no events, or they are out of reach.
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

  /**
   * The standing published events of orphaned blocks the node forgot, by block hash, each with the
   * trade it made: derived again from the published event, as when it was published.
   */
  private Map<String, List<DecodedBlock.PublishedEvent>> recall(
      Set<String> blockHashes, Instant notBefore) {
    if (blockHashes.isEmpty()) {
      return Map.of();
    }
    Map<String, List<DecodedBlock.PublishedEvent>> byBlock = new HashMap<>();
    for (ChainEvent event : history.published(config.chainId(), blockHashes, notBefore)) {
      Optional<Trade> trade;
      try {
        trade = trades.trade(event);
      } catch (RuntimeException e) {
        trade = Optional.empty(); // no trade was published: it was dead-lettered instead
      }
      byBlock
          .computeIfAbsent(event.getCursor().getBlockHash(), h -> new ArrayList<>())
          .add(new DecodedBlock.PublishedEvent(event, trade));
    }
    log.info(
        "chain '{}': {} published events recalled for {} orphaned blocks the node forgot",
        config.name(),
        byBlock.values().stream().mapToInt(List::size).sum(),
        blockHashes.size());
    return byBlock;
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
