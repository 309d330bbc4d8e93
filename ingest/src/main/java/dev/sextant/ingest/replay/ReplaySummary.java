package dev.sextant.ingest.replay;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What one replay run did.
 *
 * @param sourceId the source id
 * @param protocol the capture's protocol
 * @param file the capture file
 * @param resumedAfterLine the committed cursor the run started from; 0 for a first run
 * @param framesRead frames read and handled (skipped lines not counted)
 * @param framesSkipped frames skipped because a previous run already committed them
 * @param tradesPublished trades committed to {@code market.trades.v1}
 * @param quotesPublished quotes committed to {@code market.quotes.v1}
 * @param booksPublished book updates committed to {@code market.books.v1}
 * @param deadLetters dead letters committed to {@code ingest.deadletter.v1}
 * @param ignored frames (or parts) that carry no record: acks, heartbeats, unpublished channels
 * @param transactions transactions committed
 * @param lastPosition the last committed cursor position of this run, if it committed any
 * @param endOfFile true when the run reached the end of the file; false when closed before
 * @param elapsed wall time of the run
 */
public record ReplaySummary(
    String sourceId,
    String protocol,
    Path file,
    long resumedAfterLine,
    long framesRead,
    long framesSkipped,
    long tradesPublished,
    long quotesPublished,
    long booksPublished,
    long deadLetters,
    long ignored,
    long transactions,
    Optional<String> lastPosition,
    boolean endOfFile,
    Duration elapsed) {

  /** Every record committed, dead letters included. */
  public long recordsPublished() {
    return tradesPublished + quotesPublished + booksPublished + deadLetters;
  }
}
