package dev.sextant.ingest.replay;

import dev.sextant.ingest.deadletter.DeadLetters;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.coinbase.Adapted;
import dev.sextant.ingest.market.coinbase.CoinbaseExchangeAdapter;
import dev.sextant.ingest.market.coinbase.ProductMapping;
import dev.sextant.ingest.sink.Batch;
import dev.sextant.ingest.sink.BatchBuffer;
import dev.sextant.ingest.sink.BatchSink;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.DeadLetter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One pass over a capture file: read, pace, adapt, batch and commit, on the caller's thread. */
final class ReplayRun {

  private static final Logger log = LoggerFactory.getLogger(ReplayRun.class);

  private final ReplayConfig config;
  private final BatchSink sink;
  private final ProductMapping products;
  private final ReplayMetrics metrics;
  private final Clock clock;
  private final CountDownLatch stopSignal;
  private final BatchBuffer buffer;
  private final Pacer pacer;
  private final DeadLetters deadLetters;

  private long framesRead;
  private long framesSkipped;
  private long trades;
  private long deadLettersPublished;
  private long ignored;
  private long transactions;
  private String lastPosition;

  ReplayRun(
      ReplayConfig config,
      BatchSink sink,
      ProductMapping products,
      ReplayMetrics metrics,
      Clock clock,
      CountDownLatch stopSignal) {
    this.config = config;
    this.sink = sink;
    this.products = products;
    this.metrics = metrics;
    this.clock = clock;
    this.stopSignal = stopSignal;
    this.buffer = new BatchBuffer(config.sinkConfig());
    this.pacer = new Pacer(config.speed());
    this.deadLetters = new DeadLetters(config.sourceId());
  }

  /**
   * Replays the file from the committed cursor until its end or until {@code stopSignal} opens.
   *
   * @throws InterruptedException when interrupted while pacing; the open batch is then dropped,
   *     uncommitted, and the next run reads it again
   */
  ReplaySummary run() throws IOException, InterruptedException {
    long startNanos = System.nanoTime();
    long resumeAfter = LineCursor.parse(config.sourceId(), sink.start());
    log.info(
        "replay of '{}' from {} starts after line {} at speed {}",
        config.sourceId(),
        config.file(),
        resumeAfter,
        config.speed());
    boolean endOfFile = false;
    try (CaptureReader reader = CaptureReader.open(config.file(), config.maxLineBytes())) {
      while (stopSignal.getCount() > 0) {
        Optional<CapturedFrame> next = reader.next();
        if (next.isEmpty()) {
          endOfFile = true;
          break;
        }
        CapturedFrame frame = next.get();
        if (frame.line() <= resumeAfter) {
          framesSkipped++;
          metrics.frameSkipped();
          continue;
        }
        if (!awaitPace(frame)) {
          break;
        }
        handle(frame);
        if (buffer.isDue(System.nanoTime())) {
          flush();
        }
      }
    }
    // Also when stopping early: the cursor then covers exactly the frames read.
    if (buffer.hasProgress()) {
      flush();
    }
    ReplaySummary summary = summary(resumeAfter, endOfFile, startNanos);
    log.info(
        "replay of '{}' {}: {} frames read, {} skipped, {} trades, {} dead letters, {} ignored,"
            + " {} transactions, cursor {}, in {}",
        config.sourceId(),
        endOfFile ? "done" : "stopped",
        framesRead,
        framesSkipped,
        trades,
        deadLettersPublished,
        ignored,
        transactions,
        summary.lastPosition().orElse("unchanged"),
        summary.elapsed());
    return summary;
  }

  /** Waits until the frame is due, committing batches that fall due meanwhile; false if stopped. */
  private boolean awaitPace(CapturedFrame frame) throws InterruptedException {
    long now = System.nanoTime();
    long due = now + pacer.delayNanos(frame.recordedEpochNanos(), now);
    while (due - now > 0) {
      if (buffer.isDue(now)) {
        flush(); // a slow replay must not hold a transaction open across the wait
      }
      long wait = Math.min(due - now, buffer.nanosUntilDue(now));
      if (stopSignal.await(wait, TimeUnit.NANOSECONDS)) {
        return false;
      }
      now = System.nanoTime();
    }
    return true;
  }

  private void handle(CapturedFrame frame) {
    framesRead++;
    metrics.frameRead();
    Instant ingestTime = clock.instant();
    if (frame.isMalformed()) {
      deadLetter(frame, ErrorKind.MALFORMED_FRAME, frame.error().orElseThrow(), ingestTime);
    } else {
      switch (adapt(frame, ingestTime)) {
        case Adapted.Trade(var trade) ->
            buffer.add(new Outgoing<>(Topics.MARKET_TRADES, trade.getInstrument(), trade));
        case Adapted.Ignored(String type, boolean known) -> {
          ignored++;
          metrics.ignored(known ? type : "other");
        }
        case Adapted.Failed(ErrorKind kind, String error) ->
            deadLetter(frame, kind, error, ingestTime);
      }
    }
    buffer.advance(LineCursor.format(frame.line()), System.nanoTime());
    if (framesRead % config.progressEveryFrames() == 0) {
      log.info(
          "replay of '{}': line {}, {} frames read, {} trades, {} dead letters, {} ignored",
          config.sourceId(),
          frame.line(),
          framesRead,
          trades,
          deadLettersPublished,
          ignored);
    }
  }

  /**
   * Adapts one frame; an adapter bug on it becomes that frame's dead letter, so that it cannot stop
   * the replay on the same line at every restart.
   */
  private Adapted adapt(CapturedFrame frame, Instant ingestTime) {
    try {
      return CoinbaseExchangeAdapter.adapt(frame.text(), ingestTime, products);
    } catch (RuntimeException e) {
      log.warn(
          "{} line {}: the adapter failed; dead-lettering the frame",
          config.file(),
          frame.line(),
          e);
      return new Adapted.Failed(
          ErrorKind.ADAPTER_ERROR,
          "adapter failed: " + e.getClass().getName() + ": " + e.getMessage());
    }
  }

  private void deadLetter(CapturedFrame frame, ErrorKind kind, String error, Instant ingestTime) {
    log.debug("{} line {}: {} ({})", config.file(), frame.line(), error, kind);
    buffer.add(
        deadLetters.record(frame.raw(), kind, error, DeadLetters.line(frame.line()), ingestTime));
  }

  private void flush() {
    Batch batch = buffer.drain();
    sink.write(batch);
    transactions++;
    metrics.transactionCommitted();
    lastPosition = batch.position();
    long batchTrades = 0;
    for (Outgoing<?> record : batch.records()) {
      if (record.value() instanceof DeadLetter letter) {
        deadLettersPublished++;
        metrics.deadLetterPublished(letter.getErrorKind());
      } else {
        batchTrades++;
      }
    }
    trades += batchTrades;
    metrics.tradesPublished(batchTrades);
  }

  private ReplaySummary summary(long resumeAfter, boolean endOfFile, long startNanos) {
    return new ReplaySummary(
        config.sourceId(),
        config.file(),
        resumeAfter,
        framesRead,
        framesSkipped,
        trades,
        deadLettersPublished,
        ignored,
        transactions,
        Optional.ofNullable(lastPosition),
        endOfFile,
        Duration.ofNanos(System.nanoTime() - startNanos));
  }
}
