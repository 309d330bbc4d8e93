package dev.sextant.ingest.market.testkit;

import dev.sextant.ingest.sink.Batch;
import dev.sextant.ingest.sink.BatchSink;
import dev.sextant.ingest.sink.Outgoing;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A sink fake that keeps committed batches in memory and outlives ingestors, to test the replay's
 * resume logic; it says nothing about Kafka's exactly-once, which the broker IT covers.
 */
public final class InMemorySink implements BatchSink {

  private final List<Batch> committed = new ArrayList<>();
  private int failOnWrite; // 1-based write number that fails; 0 never
  private int writes;
  private RuntimeException failEvery; // thrown by every write while set
  private int closes;

  public synchronized InMemorySink failOnWrite(int number) {
    this.failOnWrite = number;
    this.writes = 0;
    return this;
  }

  /** Makes every write throw {@code failure} from now on; {@code null} ends that. */
  public synchronized InMemorySink failEveryWrite(RuntimeException failure) {
    this.failEvery = failure;
    return this;
  }

  @Override
  public synchronized Optional<String> start() {
    return committed.isEmpty() ? Optional.empty() : Optional.of(committed.getLast().position());
  }

  @Override
  public synchronized void write(Batch batch) {
    writes++;
    if (failEvery != null) {
      throw failEvery;
    }
    if (writes == failOnWrite) {
      throw new IllegalStateException("injected failure on write " + writes);
    }
    committed.add(batch);
  }

  @Override
  public synchronized void close() {
    closes++;
  }

  public synchronized List<Batch> batches() {
    return List.copyOf(committed);
  }

  public synchronized List<Outgoing<?>> records() {
    return committed.stream().flatMap(b -> b.records().stream()).toList();
  }

  public synchronized Optional<String> position() {
    return start();
  }

  public synchronized int closes() {
    return closes;
  }
}
