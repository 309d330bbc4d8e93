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
   * Waits until every batch written so far is committed; for sinks that commit in the background.
   *
   * @throws RuntimeException the failure of a commit still unreported
   */
  default void awaitCommitted() {}

  /** Releases the sink; safe to call more than once and from another thread. */
  @Override
  void close();
}
