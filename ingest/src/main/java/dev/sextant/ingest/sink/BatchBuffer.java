package dev.sextant.ingest.sink;

import java.util.ArrayList;
import java.util.List;

/**
 * Gathers a source's records and position into batches and says when a batch is due: when full, or
 * when it has been open for the linger time.
 */
public final class BatchBuffer {

  private final int maxRecords;
  private final long maxLingerNanos;
  private final List<Outgoing<?>> records = new ArrayList<>();
  private String position;
  private long openedNanos;

  /** A buffer with the batching limits of {@code config}. */
  public BatchBuffer(SinkConfig config) {
    this.maxRecords = config.maxBatchRecords();
    this.maxLingerNanos = config.maxBatchLinger().toNanos();
  }

  /** Adds a record to the open batch. */
  public void add(Outgoing<?> record) {
    records.add(record);
  }

  /**
   * Moves the batch's position: the source has consumed input up to {@code newPosition}, whether or
   * not it produced records. The first progress opens the batch's linger clock.
   */
  public void advance(String newPosition, long nowNanos) {
    if (position == null) {
      openedNanos = nowNanos;
    }
    position = newPosition;
  }

  /** True when the batch has moved the position, so committing it would advance the cursor. */
  public boolean hasProgress() {
    return position != null;
  }

  /** The number of records in the open batch. */
  public int size() {
    return records.size();
  }

  /** True when the batch holds as many records as one transaction may. */
  public boolean isFull() {
    return records.size() >= maxRecords;
  }

  /** True when the batch should be committed now. */
  public boolean isDue(long nowNanos) {
    return hasProgress() && (isFull() || nowNanos - openedNanos >= maxLingerNanos);
  }

  /** Nanoseconds until the batch is due; {@link Long#MAX_VALUE} when it has no progress. */
  public long nanosUntilDue(long nowNanos) {
    if (!hasProgress()) {
      return Long.MAX_VALUE;
    }
    return isFull() ? 0 : Math.max(0, openedNanos + maxLingerNanos - nowNanos);
  }

  /**
   * The open batch, leaving the buffer empty.
   *
   * @throws IllegalStateException when the batch has no progress
   */
  public Batch drain() {
    if (!hasProgress()) {
      throw new IllegalStateException("no progress to commit");
    }
    Batch batch = new Batch(records, position);
    records.clear();
    position = null;
    return batch;
  }
}
