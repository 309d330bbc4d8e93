package dev.sextant.ingest.chain.tail;

import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.schemas.v1.Block;
import dev.sextant.schemas.v1.ChainEvent;
import dev.sextant.schemas.v1.DeadLetter;
import dev.sextant.schemas.v1.Deposit;
import dev.sextant.schemas.v1.Trade;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Micrometer meters of one chain's tailer, tagged with the chain's name. Records are counted
 * once committed, so the counts match what consumers can read.
 */
final class TailerMetrics {

  static final String BLOCKS = "sextant.chain.blocks";
  static final String EVENTS = "sextant.chain.events";
  static final String TRADES = "sextant.chain.trades";
  static final String RETRACTIONS = "sextant.chain.retractions";
  static final String UNRECOVERABLE = "sextant.chain.retractions.unrecoverable";
  static final String REORGS = "sextant.chain.reorgs";
  static final String REORG_DEPTH = "sextant.chain.reorg.depth";
  static final String FINALITY_MARKERS = "sextant.chain.finality.markers";
  static final String DEPOSITS = "sextant.chain.deposits";
  static final String DEAD_LETTERS = "sextant.chain.deadletters";
  static final String NOT_OURS = "sextant.chain.logs.notours";
  static final String TRANSACTIONS = "sextant.chain.transactions";
  static final String FAILURES = "sextant.chain.failures";
  static final String RANGE_REFUSALS = "sextant.chain.range.refusals";
  static final String HEAD_LAG = "sextant.chain.head.lag";
  static final String HEAD_TO_COMMIT = "sextant.chain.head.latency";

  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter blocks;
  private final Counter events;
  private final Counter trades;
  private final Counter retractedBlocks;
  private final Counter retractedEvents;
  private final Counter retractedTrades;
  private final Counter unrecoverable;
  private final Counter reorgs;
  private final DistributionSummary reorgDepth;
  private final Counter finalityMarkers;
  private final Counter deposits;
  private final Counter notOurs;
  private final Counter transactions;
  private final Counter rangeRefusals;
  private final Timer headToCommit;
  private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
  private final Map<String, Counter> failures = new ConcurrentHashMap<>();

  /** Meters of chain {@code chain}; the head lag gauge reads {@code headLag}. */
  TailerMetrics(MeterRegistry registry, String chain, Supplier<Number> headLag) {
    this.registry = registry;
    this.tags = Tags.of("chain", chain);
    blocks = counter(BLOCKS, "Canonical blocks published", Tags.empty());
    events = counter(EVENTS, "Decoded events published", Tags.empty());
    trades = counter(TRADES, "DEX trades published", Tags.empty());
    retractedBlocks = counter(RETRACTIONS, "Records retracted after reorgs", type("block"));
    retractedEvents = counter(RETRACTIONS, "Records retracted after reorgs", type("event"));
    retractedTrades = counter(RETRACTIONS, "Records retracted after reorgs", type("trade"));
    unrecoverable =
        counter(
            UNRECOVERABLE,
            "Orphaned blocks retracted without their events (the node no longer had them)",
            Tags.empty());
    reorgs = counter(REORGS, "Reorgs followed", Tags.empty());
    reorgDepth =
        DistributionSummary.builder(REORG_DEPTH)
            .description("Blocks orphaned per reorg")
            .tags(tags)
            .register(registry);
    finalityMarkers = counter(FINALITY_MARKERS, "Finality markers published", Tags.empty());
    deposits = counter(DEPOSITS, "Treasury deposits published", Tags.empty());
    notOurs = counter(NOT_OURS, "Logs of events no decoder handles, skipped", Tags.empty());
    transactions = counter(TRANSACTIONS, "Transactions committed with the cursor", Tags.empty());
    rangeRefusals =
        counter(RANGE_REFUSALS, "Backfill log ranges the node refused (halved)", Tags.empty());
    headToCommit =
        Timer.builder(HEAD_TO_COMMIT)
            .description("From a head's arrival to its block's transaction written")
            .tags(tags)
            .register(registry);
    Gauge.builder(HEAD_LAG, headLag)
        .description("The node's head minus the highest block published")
        .tags(tags)
        .register(registry);
  }

  private static Tags type(String type) {
    return Tags.of("type", type);
  }

  private Counter counter(String name, String description, Tags extra) {
    return Counter.builder(name).description(description).tags(tags).tags(extra).register(registry);
  }

  /** Counts what a committed transaction published. */
  void committed(List<Outgoing<?>> records, TailTransaction tx) {
    transactions.increment();
    for (Outgoing<?> record : records) {
      switch (record.value()) {
        case Block b when b.getFinalized() -> finalityMarkers.increment();
        case Block b when b.getRemoved() -> retractedBlocks.increment();
        case Block b -> blocks.increment();
        case ChainEvent e when e.getRemoved() -> retractedEvents.increment();
        case ChainEvent e -> events.increment();
        case Trade t when t.getRemoved() -> retractedTrades.increment();
        case Trade t -> trades.increment();
        case Deposit d -> deposits.increment();
        case DeadLetter d -> deadLetter(d.getErrorKind());
        default -> {}
      }
    }
    for (int depth : tx.reorgDepths()) {
      reorgs.increment();
      reorgDepth.record(depth);
    }
    notOurs.increment(tx.notOurs());
    unrecoverable.increment(tx.unrecoverable());
    tx.headArrivedNanos()
        .ifPresent(
            arrived ->
                headToCommit.record(
                    Math.max(0, System.nanoTime() - arrived), TimeUnit.NANOSECONDS));
  }

  private void deadLetter(String kind) {
    deadLetters
        .computeIfAbsent(kind, k -> counter(DEAD_LETTERS, "Dead letters", Tags.of("kind", k)))
        .increment();
  }

  /** A failed step the tailer retries: an RPC failure kind, or {@code sink}. */
  void failure(String kind) {
    failures
        .computeIfAbsent(
            kind, k -> counter(FAILURES, "Failures retried with backoff", Tags.of("kind", k)))
        .increment();
  }

  void rangeRefused() {
    rangeRefusals.increment();
  }
}
