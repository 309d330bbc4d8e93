package dev.sextant.ingest.sink;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Commits each batch on its own thread while the caller reads and decodes the next one, one batch
 * in flight at most, so a replay at full speed does not sit idle through every commit.
 *
 * <p>Batches still commit one after another, in order, each with its cursor: a failure surfaces on
 * the next {@link #write} or on {@link #awaitCommitted()}, and the batch written after the failed
 * one is not committed. That suits a source that restarts from its committed cursor on failure (a
 * replay), not one that retries the failed batch itself (a live feed).
 */
public final class PipelinedSink implements BatchSink {

  private final BatchSink delegate;
  private final ExecutorService committer;
  private Future<?> inFlight;

  /** Commits through {@code delegate}, which this sink owns and closes. */
  public PipelinedSink(BatchSink delegate, String name) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.committer =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "sextant-commit-" + name);
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public Optional<String> start() {
    return delegate.start();
  }

  /** Waits for the batch in flight, then hands {@code batch} to the committing thread. */
  @Override
  public void write(Batch batch) {
    awaitCommitted();
    inFlight = committer.submit(() -> delegate.write(batch));
  }

  /**
   * Waits until the batch in flight is committed.
   *
   * @throws RuntimeException the failure of that commit, as the delegate threw it
   */
  @Override
  public void awaitCommitted() {
    Future<?> pending = inFlight;
    if (pending == null) {
      return;
    }
    inFlight = null;
    try {
      pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a commit was in flight", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException("commit failed", e.getCause());
    }
  }

  /**
   * Not supported: a failure surfaces on the write after the one that failed, which is never
   * submitted, so whether "the batch of the write that threw" went in has no answer here. A caller
   * of a pipelined sink restarts from the committed cursor instead.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public boolean settle() {
    throw new UnsupportedOperationException(
        "a pipelined sink reports a failure on the write after the failed one and cannot settle"
            + " it: restart from the committed cursor");
  }

  /** Closes the delegate after the commit in flight ends; safe to call more than once. */
  @Override
  public void close() {
    committer.shutdown();
    try {
      Future<?> pending = inFlight;
      if (pending != null) {
        pending.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // Already reported to the writer, or it will restart from the committed cursor.
    } finally {
      delegate.close();
    }
  }
}
