package dev.sextant.ingest.sink.testing;

import dev.sextant.ingest.sink.Batch;
import dev.sextant.ingest.sink.BatchSink;
import dev.sextant.ingest.sink.Outgoing;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A sink that keeps committed batches in memory. It can crash like {@code kill -9} at a chosen
 * write (that batch is lost, the earlier ones stay committed), and fail starts and writes with the
 * exceptions a Kafka sink throws. A new source instance on the same sink (a restart) starts from
 * the last committed position.
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
  public void failWrites(int count, Supplier<? extends RuntimeException> failure) {
    writeFailure = failure;
    failingWrites = count;
  }

  /** The next {@code count} starts fail with {@code failure}. */
  public void failStarts(int count, Supplier<? extends RuntimeException> failure) {
    startFailure = failure;
    failingStarts = count;
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
  public Optional<String> start() {
    starts.incrementAndGet();
    if (failingStarts > 0) {
      failingStarts--;
      throw startFailure.get();
    }
    return committed.isEmpty() ? Optional.empty() : Optional.of(committed.getLast().position());
  }

  @Override
  public void write(Batch batch) {
    if (writes.incrementAndGet() == crashAtWrite) {
      throw new Crash();
    }
    if (failingWrites > 0) {
      failingWrites--;
      throw writeFailure.get();
    }
    committed.add(batch);
  }

  @Override
  public void awaitCommitted() {
    awaits.incrementAndGet();
  }

  @Override
  public void close() {}
}
