package dev.sextant.ingest.replay;

import dev.sextant.ingest.deadletter.DeadLetters;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.LostFrame;
import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.MarketSessions;
import dev.sextant.ingest.market.OpenFrame;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.pipeline.MarketPipeline;
import dev.sextant.ingest.sink.BatchSink;
import dev.sextant.schemas.registry.Registry;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over a capture file: read, pace, decode through the protocol's sessions, batch and
 * commit, on the caller's thread.
 */
final class ReplayRun {

  private static final Logger log = LoggerFactory.getLogger(ReplayRun.class);

  private final ReplayConfig config;
  private final BatchSink sink;
  private final ReplayMetrics metrics;
  private final Clock clock;
  private final CountDownLatch stopSignal;
  private final Pacer pacer;
  private final MarketPipeline pipeline;
  private final MarketSessions sessions;
  private final Set<String> openConnections = new HashSet<>();

  private long framesRead;
  private long framesSkipped;

  ReplayRun(
      ReplayConfig config,
      BatchSink sink,
      MarketProtocol protocol,
      Registry registry,
      MeterRegistry meters,
      Clock clock,
      CountDownLatch stopSignal) {
    this.config = config;
    this.sink = sink;
    this.metrics = new ReplayMetrics(meters, config.sourceId());
    this.clock = clock;
    this.stopSignal = stopSignal;
    this.pacer = new Pacer(config.speed());
    this.pipeline = new MarketPipeline(protocol, config.sinkConfig(), sink, meters);
    this.sessions = MarketSessions.forReplay(protocol, registry, pipeline);
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
        "replay of '{}' ({}) from {} starts after line {} at speed {}",
        config.sourceId(),
        config.protocol(),
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
        pipeline.tick(System.nanoTime());
      }
    }
    // Also when stopping early: the cursor then covers exactly the frames read.
    pipeline.flush();
    // The summary and the cursor it reports hold only once the last commit is done.
    sink.awaitCommitted();
    ReplaySummary summary = summary(resumeAfter, endOfFile, startNanos);
    log.info(
        "replay of '{}' {}: {} frames read, {} skipped, {} trades, {} quotes, {} book updates,"
            + " {} dead letters, {} ignored, {} transactions, cursor {}, in {}",
        config.sourceId(),
        endOfFile ? "done" : "stopped",
        framesRead,
        framesSkipped,
        summary.tradesPublished(),
        summary.quotesPublished(),
        summary.booksPublished(),
        summary.deadLetters(),
        summary.ignored(),
        summary.transactions(),
        summary.lastPosition().orElse("unchanged"),
        summary.elapsed());
    return summary;
  }

  /** Waits until the frame is due, committing batches that fall due meanwhile; false if stopped. */
  private boolean awaitPace(CapturedFrame frame) throws InterruptedException {
    long now = System.nanoTime();
    long due = now + pacer.delayNanos(frame.recordedEpochNanos(), now);
    while (due - now > 0) {
      pipeline.tick(now); // a slow replay must not hold a transaction open across the wait
      long wait = Math.min(due - now, pipeline.nanosUntilDue(now));
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
    // The replay is the source now: its records are stamped with the time it ingests them.
    long receivedNanos = epochNanos(clock.instant());
    pipeline.begin(
        frame.text(),
        receivedNanos,
        DeadLetters.line(frame.line()),
        LineCursor.format(frame.line()));
    if (frame.isMalformed()) {
      pipeline.deadLetter(ErrorKind.MALFORMED_FRAME, frame.error().orElseThrow());
    } else {
      decode(frame, receivedNanos);
    }
    if (framesRead % config.progressEveryFrames() == 0) {
      log.info(
          "replay of '{}': line {}, {} frames read, {} transactions",
          config.sourceId(),
          frame.line(),
          framesRead,
          pipeline.transactions());
    }
  }

  /**
   * Hands the frame to its connection's session; a decoder bug on it becomes that frame's dead
   * letter, so that it cannot stop the replay on the same line at every restart.
   */
  private void decode(CapturedFrame frame, long receivedNanos) {
    try {
      ProtocolSession session = sessions.session(frame.connection());
      // Subscribe frames have nowhere to go in a replay. A marker reopens the session where the
      // recorded feed reconnected; a capture without one opens each connection once.
      if (OpenFrame.isOpen(frame.text())) {
        openConnections.add(frame.connection());
        session.onOpen(receivedNanos);
        return;
      }
      if (openConnections.add(frame.connection())) {
        session.onOpen(receivedNanos);
      }
      if (LostFrame.isLost(frame.text())) {
        // Where the recorded feed dropped a frame unread: the same dead letter and resync.
        pipeline.deadLetter(
            ErrorKind.OVERSIZED_FRAME, LostFrame.error(LostFrame.bytes(frame.text()).orElse(0)));
        session.onLost(receivedNanos);
        return;
      }
      session.onFrame(frame.text(), receivedNanos);
    } catch (RuntimeException e) {
      log.warn(
          "{} line {}: the decoder failed; dead-lettering the frame",
          config.file(),
          frame.line(),
          e);
      pipeline.deadLetter(
          ErrorKind.ADAPTER_ERROR,
          "adapter failed: " + e.getClass().getName() + ": " + e.getMessage());
    }
  }

  static long epochNanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  private ReplaySummary summary(long resumeAfter, boolean endOfFile, long startNanos) {
    return new ReplaySummary(
        config.sourceId(),
        config.protocol(),
        config.file(),
        resumeAfter,
        framesRead,
        framesSkipped,
        pipeline.tradesCommitted(),
        pipeline.quotesCommitted(),
        pipeline.booksCommitted(),
        pipeline.deadLettersCommitted(),
        pipeline.ignoredCount(),
        pipeline.transactions(),
        pipeline.lastPosition(),
        endOfFile,
        Duration.ofNanos(System.nanoTime() - startNanos));
  }
}
