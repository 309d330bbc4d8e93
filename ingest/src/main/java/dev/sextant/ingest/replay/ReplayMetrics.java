package dev.sextant.ingest.replay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The replay's Micrometer counters, all tagged with the source id. */
final class ReplayMetrics {

  static final String FRAMES = "sextant.ingest.frames";
  static final String FRAMES_SKIPPED = "sextant.ingest.frames.skipped";
  static final String TRADES = "sextant.ingest.trades";
  static final String DEAD_LETTERS = "sextant.ingest.deadletters";
  static final String IGNORED = "sextant.ingest.ignored";
  static final String TRANSACTIONS = "sextant.ingest.transactions";

  private final MeterRegistry registry;
  private final String source;
  private final Counter frames;
  private final Counter skipped;
  private final Counter trades;
  private final Counter transactions;

  ReplayMetrics(MeterRegistry registry, String source) {
    this.registry = registry;
    this.source = source;
    this.frames = counter(FRAMES, "Frames read from the source");
    this.skipped = counter(FRAMES_SKIPPED, "Frames skipped as already committed");
    this.trades = counter(TRADES, "Trades published");
    this.transactions = counter(TRANSACTIONS, "Batches committed with their cursor");
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).tag("source", source).register(registry);
  }

  void frameRead() {
    frames.increment();
  }

  void frameSkipped() {
    skipped.increment();
  }

  void tradesPublished(long count) {
    trades.increment(count);
  }

  void transactionCommitted() {
    transactions.increment();
  }

  /** Counts a published dead letter; kinds are a small fixed set, so the tag stays bounded. */
  void deadLetterPublished(String kind) {
    Counter.builder(DEAD_LETTERS)
        .description("Dead letters published")
        .tag("source", source)
        .tag("kind", kind)
        .register(registry)
        .increment();
  }

  /** Counts an ignored frame; callers pass "other" for types outside the venue's known set. */
  void ignored(String type) {
    Counter.builder(IGNORED)
        .description("Frames of types not published")
        .tag("source", source)
        .tag("type", type)
        .register(registry)
        .increment();
  }
}
