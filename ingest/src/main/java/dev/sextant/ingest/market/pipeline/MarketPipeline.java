package dev.sextant.ingest.market.pipeline;

import com.google.protobuf.Timestamp;
import dev.sextant.ingest.deadletter.DeadLetters;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FrameListener;
import dev.sextant.ingest.market.GapKind;
import dev.sextant.ingest.market.LostFrame;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.sink.Batch;
import dev.sextant.ingest.sink.BatchBuffer;
import dev.sextant.ingest.sink.BatchSink;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.ingest.sink.SinkConfig;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.DeadLetter;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Trade;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a protocol's sessions decode into Kafka records, batched and committed with the
 * source's cursor through a {@link BatchSink}, on the thread that feeds it frames.
 *
 * <p>It sees each frame first (as the {@link FrameListener} of a live feed, or through {@link
 * #begin} in a replay), so a dead letter carries the frame it came from; it then receives the
 * session's output; and it commits the open batch when due, in {@link #tick}. Commits happen only
 * between frames, so a batch never holds part of a frame's records.
 */
public final class MarketPipeline implements MarketOutput, FrameListener {

  private static final Logger log = LoggerFactory.getLogger(MarketPipeline.class);

  private final String protocol;
  private final DeadLetters deadLetters;
  private final BatchBuffer buffer;
  private final BatchSink sink;
  private final PipelineMetrics metrics;
  private final Map<String, long[]> framesByConnection = new HashMap<>();

  private String frame = "";
  private long receivedEpochNanos;
  private String location = "";
  private String liveConnection = "";
  private long liveFrameNumber;

  private long tradesCommitted;
  private long quotesCommitted;
  private long booksCommitted;
  private long deadLettersCommitted;
  private long transactions;
  private long ignored;
  private String lastPosition;
  private Batch pending;

  /**
   * A pipeline for one source of {@code protocol}, writing to {@code sink} (which the caller starts
   * and closes) with the batching of {@code config}.
   */
  public MarketPipeline(
      MarketProtocol protocol, SinkConfig config, BatchSink sink, MeterRegistry meters) {
    this.protocol = protocol.name();
    this.deadLetters = new DeadLetters(config.sourceId());
    this.buffer = new BatchBuffer(config);
    this.sink = Objects.requireNonNull(sink, "sink");
    this.metrics =
        new PipelineMetrics(meters, protocol.name(), protocol.venue(), config.sourceId());
  }

  /**
   * The name of a connection in dead-letter locations and live cursor positions: the protocol's
   * name, with the label after a '/' when the protocol keeps several connections.
   */
  public String connectionName(String label) {
    return label.isEmpty() ? protocol : protocol + "/" + label;
  }

  @Override
  public void frame(String connection, String text, long receivedEpochNanos) {
    metrics.frame();
    live(connection, text, receivedEpochNanos);
  }

  /** Starts a live frame; its location is only spelled out if it is dead-lettered. */
  private void live(String connection, String text, long receivedEpochNanos) {
    String name = connectionName(connection);
    long number = ++framesByConnection.computeIfAbsent(connection, c -> new long[1])[0];
    start(text, receivedEpochNanos, null, liveSourcePosition(name, receivedEpochNanos));
    this.liveConnection = name;
    this.liveFrameNumber = number;
  }

  /**
   * The cursor position of a live feed: informational only, since a venue cannot replay its stream
   * from a position. It says which connection was last read and when.
   */
  static String liveSourcePosition(String connectionName, long receivedEpochNanos) {
    return connectionName + ":" + receivedEpochNanos;
  }

  /**
   * Starts a frame: what follows (records, dead letters) belongs to it, and committing the open
   * batch moves the source's cursor to {@code position}.
   *
   * @param text the frame, kept as the raw input of its dead letters
   * @param receivedEpochNanos when it was received: the ingest time of its dead letters
   * @param location where it came from, e.g. {@code line 12}
   * @param position the source's cursor once the frame is handled
   */
  public void begin(String text, long receivedEpochNanos, String location, String position) {
    metrics.frame();
    start(text, receivedEpochNanos, Objects.requireNonNull(location, "location"), position);
  }

  private void start(String text, long receivedEpochNanos, String location, String position) {
    this.frame = text;
    this.receivedEpochNanos = receivedEpochNanos;
    this.location = location;
    buffer.advance(position, System.nanoTime());
  }

  /** Where the current frame came from: {@code line 12}, {@code okx frame 3}. */
  private String location() {
    if (location == null) {
      location = liveConnection + " frame " + liveFrameNumber;
    }
    return location;
  }

  /** An oversized frame is dead-lettered with its head; it is not decoded, so not counted. */
  @Override
  public void oversized(String connection, String head, long totalBytes, long receivedEpochNanos) {
    live(connection, head, receivedEpochNanos);
    deadLetter(ErrorKind.OVERSIZED_FRAME, LostFrame.error(totalBytes) + "; only its head is kept");
  }

  @Override
  public void tick(long nanoTime) {
    if (pending != null) {
      flush(); // the batch whose commit failed, first
    }
    if (buffer.isDue(nanoTime)) {
      flush();
    }
  }

  /** Nanoseconds until the open batch is due; {@link Long#MAX_VALUE} when nothing is open. */
  public long nanosUntilDue(long nanoTime) {
    return buffer.nanosUntilDue(nanoTime);
  }

  /**
   * Commits the open batch, if it has progress: its records and the cursor, in one transaction.
   * When the sink fails, the batch is kept (the sink aborted its transaction) and the next flush
   * writes it again before anything newer, so a live feed loses nothing to a broker hiccup.
   */
  public void flush() {
    if (pending == null) {
      if (!buffer.hasProgress()) {
        return;
      }
      pending = buffer.drain();
    }
    sink.write(pending);
    Batch batch = pending;
    pending = null;
    transactions++;
    lastPosition = batch.position();
    metrics.committed(batch.records().size());
    for (Outgoing<?> record : batch.records()) {
      switch (record.value()) {
        case Trade t -> tradesCommitted++;
        case Quote q -> quotesCommitted++;
        case BookUpdate b -> booksCommitted++;
        case DeadLetter d -> deadLettersCommitted++;
        default -> {}
      }
    }
  }

  /**
   * Drops every uncommitted record (the open batch and a batch whose commit failed), counting them
   * in {@code sextant.market.dropped}: for a live feed that cannot commit for so long that holding
   * more would exhaust memory, or that another instance took over.
   *
   * @return the number of records dropped
   */
  public int dropUncommitted() {
    int dropped = uncommitted();
    pending = null;
    if (buffer.hasProgress()) {
      buffer.drain();
    }
    metrics.dropped(dropped);
    return dropped;
  }

  /** Records waiting to be committed: the open batch and a batch whose commit failed. */
  public int uncommitted() {
    return buffer.size() + (pending == null ? 0 : pending.records().size());
  }

  @Override
  public void trade(Trade trade) {
    buffer.add(new Outgoing<>(Topics.MARKET_TRADES, trade.getInstrument(), trade));
    metrics.trade(lagNanos(trade.getEventTime()));
  }

  @Override
  public void quote(Quote quote) {
    buffer.add(new Outgoing<>(Topics.MARKET_QUOTES, quote.getInstrument(), quote));
    metrics.quote(lagNanos(quote.getEventTime()));
  }

  @Override
  public void book(BookUpdate update) {
    buffer.add(new Outgoing<>(Topics.MARKET_BOOKS, update.getInstrument(), update));
    metrics.book(lagNanos(update.getEventTime()));
  }

  private long lagNanos(Timestamp eventTime) {
    return receivedEpochNanos - (eventTime.getSeconds() * 1_000_000_000L + eventTime.getNanos());
  }

  @Override
  public void deadLetter(ErrorKind kind, String error) {
    String where = location();
    log.debug("{}: {} ({})", where, error, kind);
    buffer.add(
        deadLetters.record(
            frame.getBytes(StandardCharsets.UTF_8),
            kind,
            error,
            where,
            Instant.ofEpochSecond(0, receivedEpochNanos)));
    metrics.deadLetter(kind);
  }

  /**
   * Logs and counts a session's gap. Nothing is published for it: the topics carry no gap marker,
   * and what consumers see is that book's next update being a {@code SNAPSHOT}, which they apply as
   * a reset.
   */
  @Override
  public void gap(String instrument, GapKind kind, String detail) {
    log.info("{} {}: {} gap, resyncing: {}", location(), instrument, kind, detail);
    metrics.gap(kind);
  }

  @Override
  public void resynced(String instrument) {
    log.info("{} {}: book resynced", location(), instrument);
    metrics.resynced();
  }

  @Override
  public void ignored(String type) {
    ignored++;
    metrics.ignored(type);
  }

  /** Frames (or parts of frames) that carried no record, so far. */
  public long ignoredCount() {
    return ignored;
  }

  /** Trades committed so far. */
  public long tradesCommitted() {
    return tradesCommitted;
  }

  /** Quotes committed so far. */
  public long quotesCommitted() {
    return quotesCommitted;
  }

  /** Book updates committed so far. */
  public long booksCommitted() {
    return booksCommitted;
  }

  /** Dead letters committed so far. */
  public long deadLettersCommitted() {
    return deadLettersCommitted;
  }

  /** Transactions committed so far. */
  public long transactions() {
    return transactions;
  }

  /** The cursor position of the last commit, if any. */
  public Optional<String> lastPosition() {
    return Optional.ofNullable(lastPosition);
  }
}
