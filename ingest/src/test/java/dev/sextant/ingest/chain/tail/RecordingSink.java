package dev.sextant.ingest.chain.tail;

import dev.sextant.ingest.sink.Batch;
import dev.sextant.ingest.sink.BatchSink;
import dev.sextant.ingest.sink.Outgoing;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sink that keeps committed batches in memory. It can crash like {@code kill -9} at a chosen
 * write (that batch is lost, the earlier ones stay committed), and fail writes transiently.
 */
final class RecordingSink implements BatchSink {

  /** The process died: nothing after this point runs. */
  static final class Crash extends Error {
    Crash() {
      super("simulated kill -9");
    }
  }

  private final List<Batch> committed = new CopyOnWriteArrayList<>();
  private final AtomicInteger writes = new AtomicInteger();
  private final AtomicInteger awaits = new AtomicInteger();
  private volatile int crashAtWrite = -1;
  private volatile int failingWrites;

  /** The {@code write}-th write from now (1 = the next) crashes the process. */
  void crashAtWrite(int write) {
    writes.set(0);
    crashAtWrite = write;
  }

  /** A restarted process: no crash planned, the committed batches kept. */
  void restarted() {
    crashAtWrite = -1;
  }

  /** The next {@code count} writes fail (the transaction aborts). */
  void failWrites(int count) {
    failingWrites = count;
  }

  List<Batch> batches() {
    return List.copyOf(committed);
  }

  List<Outgoing<?>> records() {
    return committed.stream().flatMap(b -> b.records().stream()).toList();
  }

  int awaits() {
    return awaits.get();
  }

  @Override
  public Optional<String> start() {
    return committed.isEmpty() ? Optional.empty() : Optional.of(committed.getLast().position());
  }

  @Override
  public void write(Batch batch) {
    if (writes.incrementAndGet() == crashAtWrite) {
      throw new Crash();
    }
    if (failingWrites > 0) {
      failingWrites--;
      throw new IllegalStateException("broker unavailable");
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
