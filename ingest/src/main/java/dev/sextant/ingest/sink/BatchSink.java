package dev.sextant.ingest.sink;

import java.util.Optional;

/** Writes a source's batches together with its cursor, each batch all or nothing. */
public interface BatchSink extends AutoCloseable {

  /**
   * Takes over the source (fencing any older writer) and returns its last committed cursor
   * position, empty when the source never committed.
   */
  Optional<String> start();

  /** Publishes {@code batch} and moves the cursor to its position, atomically. */
  void write(Batch batch);

  /**
   * After {@link #write} threw: settles the failed write, so that what the sink holds no longer
   * changes behind the caller's back, and tells whether its batch went in after all. A commit whose
   * outcome was unknown (it timed out) may otherwise complete later: a caller that reads back what
   * was published before settling may read it without the batch and then write its content again.
   *
   * <p>"Went in" is about the batch the caller passed to the {@link #write} that threw, and only
   * that one: a sink that cannot tell which batch a failure belongs to (one that reports a failure
   * on a later write) does not support settling.
   *
   * @return true when the batch of the write that threw was committed (its cursor is the committed
   *     one); false when it was not, or when nothing was left to settle
   * @throws RuntimeException when it cannot be settled now; call it again later, unless {@link
   *     TransactionalSink#isFatal} says the sink can write no more
   * @throws UnsupportedOperationException when the sink cannot tell which batch failed
   */
  default boolean settle() {
    return false;
  }

  /**
   * Waits until every batch written so far is committed; for sinks that commit in the background.
   *
   * @throws RuntimeException the failure of a commit still unreported
   */
  default void awaitCommitted() {}

  /** Releases the sink; safe to call more than once and from another thread. */
  @Override
  void close();
}
