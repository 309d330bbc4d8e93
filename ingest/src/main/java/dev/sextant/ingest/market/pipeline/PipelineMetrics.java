package dev.sextant.ingest.market.pipeline;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.GapKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Micrometer meters of one market source, tagged with its protocol, venue and source id. The
 * hot meters (frames, records, lag) are resolved once; the rare ones on first use.
 */
final class PipelineMetrics {

  static final String FRAMES = "sextant.market.frames";
  static final String RECORDS = "sextant.market.records";
  static final String DEAD_LETTERS = "sextant.market.deadletters";
  static final String GAPS = "sextant.market.gaps";
  static final String RESYNCS = "sextant.market.resyncs";
  static final String IGNORED = "sextant.market.ignored";
  static final String LAG = "sextant.market.lag";
  static final String TRANSACTIONS = "sextant.market.transactions";
  static final String TRANSACTION_RECORDS = "sextant.market.transaction.records";
  static final String DROPPED = "sextant.market.dropped";

  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter frames;
  private final Counter trades;
  private final Counter quotes;
  private final Counter books;
  private final Counter resyncs;
  private final Counter transactions;
  private final Counter transactionRecords;
  private final Counter dropped;
  private final Timer lag;
  private final Map<ErrorKind, Counter> deadLetters = new EnumMap<>(ErrorKind.class);
  private final Map<GapKind, Counter> gaps = new EnumMap<>(GapKind.class);
  private final Map<String, Counter> ignored = new ConcurrentHashMap<>();

  PipelineMetrics(MeterRegistry registry, String protocol, String venue, String source) {
    this.registry = registry;
    this.tags = Tags.of("protocol", protocol, "venue", venue, "source", source);
    this.frames = counter(FRAMES, "Frames handed to the protocol's decoder", Tags.empty());
    this.trades = counter(RECORDS, "Records decoded", Tags.of("type", "trade"));
    this.quotes = counter(RECORDS, "Records decoded", Tags.of("type", "quote"));
    this.books = counter(RECORDS, "Records decoded", Tags.of("type", "book"));
    this.resyncs = counter(RESYNCS, "Books rebuilt from a fresh snapshot", Tags.empty());
    this.transactions = counter(TRANSACTIONS, "Batches committed with their cursor", Tags.empty());
    this.transactionRecords =
        counter(TRANSACTION_RECORDS, "Records committed in transactions", Tags.empty());
    this.dropped =
        counter(
            DROPPED, "Records dropped uncommitted (Kafka away too long, or fenced)", Tags.empty());
    this.lag =
        Timer.builder(LAG)
            .description("Receive time minus the venue's event time, per record")
            .tags(tags)
            .register(registry);
  }

  private Counter counter(String name, String description, Tags extra) {
    return Counter.builder(name).description(description).tags(tags).tags(extra).register(registry);
  }

  void frame() {
    frames.increment();
  }

  void trade(long lagNanos) {
    trades.increment();
    lag(lagNanos);
  }

  void quote(long lagNanos) {
    quotes.increment();
    lag(lagNanos);
  }

  void book(long lagNanos) {
    books.increment();
    lag(lagNanos);
  }

  private void lag(long nanos) {
    // A venue clock ahead of ours gives a negative lag, which a timer cannot hold: count it as 0.
    lag.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  void deadLetter(ErrorKind kind) {
    deadLetters
        .computeIfAbsent(
            kind, k -> counter(DEAD_LETTERS, "Dead letters", Tags.of("kind", k.wireName())))
        .increment();
  }

  void gap(GapKind kind) {
    gaps.computeIfAbsent(
            kind,
            k -> counter(GAPS, "Sequence gaps, checksum mismatches and reconnects", kindTag(k)))
        .increment();
  }

  private static Tags kindTag(GapKind kind) {
    return Tags.of("kind", kind.tag());
  }

  void resynced() {
    resyncs.increment();
  }

  /** Ignored frames by type: the protocols name a small fixed set, so the tag stays bounded. */
  void ignored(String type) {
    ignored
        .computeIfAbsent(
            type, t -> counter(IGNORED, "Frames that carry no record", Tags.of("type", t)))
        .increment();
  }

  void dropped(int records) {
    dropped.increment(records);
  }

  void committed(int records) {
    transactions.increment();
    transactionRecords.increment(records);
  }
}
