package dev.sextant.ingest.news.poll;

import dev.sextant.ingest.retry.RetryBackoff;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry policy of the news source's own steps (taking the sink over, reading back, writing,
 * settling, probing): each failure is counted, shown on the status board ({@code RETRYING} since
 * the first failure of the run) and waited out with backoff; the next success ends the run. A
 * feed's failures are not the source's and never come here. Owned by the source's thread.
 */
final class SourceRetries {

  private static final Logger log = LoggerFactory.getLogger(SourceRetries.class);

  private final String sourceId;
  private final RetryBackoff backoff;
  private final NewsSourceMetrics metrics;
  private final NewsStatusBoard board;
  private final Clock clock;
  private final CountDownLatch closing;

  /** Waits on {@code closing}, which the source opens to stop. */
  SourceRetries(
      String sourceId,
      RetryBackoff backoff,
      NewsSourceMetrics metrics,
      NewsStatusBoard board,
      Clock clock,
      CountDownLatch closing) {
    this.sourceId = sourceId;
    this.backoff = backoff;
    this.metrics = metrics;
    this.board = board;
    this.clock = clock;
    this.closing = closing;
  }

  /**
   * Counts {@code e}, the failure of {@code step}, and waits before the step is tried again.
   *
   * @return false when the source was closed, or its thread interrupted, meanwhile
   */
  boolean waitOut(String step, RuntimeException e) {
    metrics.failure(step);
    String error = e.getMessage() == null ? e.toString() : e.getMessage();
    board.retrying(step + ": " + error, clock.instant());
    long wait = backoff.nextNanos(Optional.empty());
    log.warn(
        "news source '{}': {}: {}; retrying in {} ms",
        sourceId,
        step,
        error,
        TimeUnit.NANOSECONDS.toMillis(wait));
    try {
      return !closing.await(wait, TimeUnit.NANOSECONDS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The source's own steps work (again): the next failure waits the shortest time. */
  void recovered() {
    backoff.reset();
    board.polling();
  }
}
