package dev.sextant.ingest.sink.testing;

import dev.sextant.ingest.sink.Batch;
import dev.sextant.ingest.sink.BatchSink;
import dev.sextant.ingest.sink.Outgoing;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * A sink that keeps committed batches in memory. It can crash like {@code kill -9} at a chosen
 * write (that batch is lost, the earlier ones stay committed), fail starts and writes with the
 * exceptions a Kafka sink throws, and leave a commit's outcome unknown (the batch goes in late
 * unless the writer settles it), fail settles, and refuse every batch carrying a record of a given
 * key as Kafka refuses a record too large. A new source instance on the same sink (a restart)
 * starts from the last committed position.
 */
public final class RecordingSink implements BatchSink {

  /** The process died: nothing after this point runs. */
  public static final class Crash extends Error {
    Crash() {
      super("simulated kill -9");
    }
  }

  private static final Supplier<RuntimeException> BROKER_UNAVAILABLE =
      () -> new IllegalStateException("broker unavailable");

  private final List<Batch> committed = new CopyOnWriteArrayList<>();
  private final AtomicInteger writes = new AtomicInteger();
  private final AtomicInteger awaits = new AtomicInteger();
  private volatile int crashAtWrite = -1;
  private volatile int failingWrites;
  private volatile Supplier<? extends RuntimeException> writeFailure = BROKER_UNAVAILABLE;
  private volatile int failingStarts;
  private volatile Supplier<? extends RuntimeException> startFailure = BROKER_UNAVAILABLE;
  private final AtomicInteger starts = new AtomicInteger();
  private final AtomicInteger settles = new AtomicInteger();
  private volatile int failingSettles;
  private volatile Supplier<? extends RuntimeException> settleFailure = BROKER_UNAVAILABLE;
  private volatile Predicate<String> refusedKeys = key -> false;
  private volatile Supplier<? extends RuntimeException> refusal = BROKER_UNAVAILABLE;
  private final AtomicInteger refused = new AtomicInteger();
  private volatile Boolean nextCommitGoesIn;
  // A write whose commit outcome is unknown: whether it goes in is decided but not yet applied.
  private Batch unsettled;
  private boolean unsettledGoesIn;

  /** The {@code write}-th write from now (1 = the next) crashes the process. */
  public void crashAtWrite(int write) {
    writes.set(0);
    crashAtWrite = write;
  }

  /** A restarted process: no crash planned, the committed batches kept. */
  public void restarted() {
    crashAtWrite = -1;
  }

  /** The next {@code count} writes fail (the transaction aborts). */
  public void failWrites(int count) {
    failWrites(count, BROKER_UNAVAILABLE);
  }

  /** The next {@code count} writes fail with {@code failure} (the transaction aborts). */
  public synchronized void failWrites(int count, Supplier<? extends RuntimeException> failure) {
    writeFailure = failure;
    failingWrites = count;
  }

  /** The next {@code count} starts fail with {@code failure}. */
  public synchronized void failStarts(int count, Supplier<? extends RuntimeException> failure) {
    startFailure = failure;
    failingStarts = count;
  }

  /** The next {@code count} settles fail with {@code failure}. */
  public synchronized void failSettles(int count, Supplier<? extends RuntimeException> failure) {
    settleFailure = failure;
    failingSettles = count;
  }

  /**
   * From now on every batch with a record whose key {@code keys} accepts fails with {@code
   * failure}, as Kafka refuses a batch with a record too large however often it is written; the
   * other batches commit.
   */
  public synchronized void refuseKeys(
      Predicate<String> keys, Supplier<? extends RuntimeException> failure) {
    refusal = failure;
    refusedKeys = keys;
  }

  /** How many batches were refused by {@link #refuseKeys}. */
  public int refused() {
    return refused.get();
  }

  /**
   * The next write's commit has an unknown outcome, as a Kafka commit that timed out: the write
   * throws a {@link TimeoutException}, and its batch goes in after all when {@code goesIn}. When
   * that is known: at {@link #settle()}, which says so; or, when the writer does not settle, just
   * before the next write or start, as an old producer completing its commit late would.
   */
  public void commitOutcomeUnknown(boolean goesIn) {
    nextCommitGoesIn = goesIn;
  }

  /** How many times {@link #settle()} was called. */
  public int settles() {
    return settles.get();
  }

  /** How many times {@link #start()} was called, failed or not. */
  public int starts() {
    return starts.get();
  }

  /** How many writes were tried, failed or not, since the last {@link #crashAtWrite}. */
  public int writes() {
    return writes.get();
  }

  public List<Batch> batches() {
    return List.copyOf(committed);
  }

  public List<Outgoing<?>> records() {
    return committed.stream().flatMap(b -> b.records().stream()).toList();
  }

  public int awaits() {
    return awaits.get();
  }

  @Override
  public synchronized Optional<String> start() {
    completeLate();
    starts.incrementAndGet();
    if (failingStarts > 0) {
      failingStarts--;
      throw startFailure.get();
    }
    return committed.isEmpty() ? Optional.empty() : Optional.of(committed.getLast().position());
  }

  @Override
  public synchronized void write(Batch batch) {
    completeLate();
    if (writes.incrementAndGet() == crashAtWrite) {
      throw new Crash();
    }
    if (failingWrites > 0) {
      failingWrites--;
      throw writeFailure.get();
    }
    Predicate<String> refuses = refusedKeys;
    if (batch.records().stream().anyMatch(r -> refuses.test(r.key()))) {
      refused.incrementAndGet();
      throw refusal.get();
    }
    Boolean goesIn = nextCommitGoesIn;
    if (goesIn != null) {
      nextCommitGoesIn = null;
      unsettled = batch;
      unsettledGoesIn = goesIn;
      throw new TimeoutException("Timeout expired after 60000ms awaiting EndTxn(true)");
    }
    committed.add(batch);
  }

  @Override
  public synchronized boolean settle() {
    settles.incrementAndGet();
    if (failingSettles > 0) {
      failingSettles--;
      throw settleFailure.get();
    }
    boolean wentIn = unsettled != null && unsettledGoesIn;
    completeLate();
    return wentIn;
  }

  /** The commit of unknown outcome completes now (or is aborted now). */
  private void completeLate() {
    if (unsettled != null && unsettledGoesIn) {
      committed.add(unsettled);
    }
    unsettled = null;
  }

  @Override
  public void awaitCommitted() {
    awaits.incrementAndGet();
  }

  @Override
  public void close() {}
}
