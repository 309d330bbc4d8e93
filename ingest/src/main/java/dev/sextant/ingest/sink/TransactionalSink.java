package dev.sextant.ingest.sink;

import dev.sextant.ingest.time.ProtoTime;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.SourceCursor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a source's batches exactly once: each batch and the source's cursor go in one Kafka
 * transaction, and a restart resumes from the last committed cursor.
 *
 * <p>A commit that times out (or is interrupted) has an unknown outcome: the broker may complete it
 * after the producer gave up waiting, and Kafka then refuses an abort. The sink retries the commit
 * itself a few times; when that does not settle it, or when an abort fails (other than fenced), it
 * replaces the producer at {@link #settle()} or before the next write, whichever comes first: the
 * new one's {@code initTransactions()} fences the old epoch and completes or aborts its open
 * transaction, and the committed cursor then says whether the batch went in, so a batch written
 * again is never written twice. A caller that reads back what was published after a failed write
 * calls {@link #settle()} first: until then the old producer may still complete the commit.
 *
 * <p>Fencing: one writer per source. {@link #start()} fences any older instance; an instance that
 * learns it was fenced (its producer fenced, its abort fenced, or Kafka refusing it for good) stops
 * for good: every later {@link #write} and {@link #settle()} throws a {@link FencedException}, and
 * {@link #isFatal} says so. Since a replaced producer's {@code initTransactions()} would fence
 * whoever took the source over meanwhile, the sink reads the committed cursor after each
 * replacement: when it is neither the last one this sink committed nor the unsettled one, another
 * writer committed in between, and the sink stops as fenced rather than write from a stale
 * position. (The other writer, fenced in turn by the replacement, stops at its next write: a
 * restart takes the source over cleanly.) A tombstone written meanwhile counts as another writer.
 */
public final class TransactionalSink implements BatchSink {

  /**
   * The sink was fenced: another instance took its source over, or Kafka refused it for good. It
   * can write no more; {@link #isFatal} is true for it. The cause is the failure that fenced it.
   */
  public static final class FencedException extends KafkaException {
    FencedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * How often a commit is tried in all when it times out. Each try waits up to {@code max.block.ms}
   * (the start timeout), so this bounds how long one write may block.
   */
  static final int COMMIT_ATTEMPTS = 3;

  /** Reads the source's last committed cursor (read committed). */
  @FunctionalInterface
  interface CursorSource {
    Optional<SourceCursor> read();
  }

  /** A batch whose commit outcome is unknown, with the cursor record it committed (or not). */
  private record Unsettled(Batch batch, SourceCursor cursor) {}

  /** The header naming the source on every record. */
  public static final String SOURCE_HEADER = "sextant.source";

  private static final Logger log = LoggerFactory.getLogger(TransactionalSink.class);

  private final SinkConfig config;
  private final Clock clock;
  private final byte[] sourceHeader;
  private final Supplier<Producer<String, byte[]>> producers;
  private final CursorSource committedCursor;
  private volatile Producer<String, byte[]> producer;
  private volatile boolean started;
  private boolean initialized; // the first producer's initTransactions() succeeded
  private volatile RuntimeException fencedBy; // the failure that fenced the sink, if any
  private volatile boolean closed;
  // Owned by the writing thread.
  private boolean stale; // the producer must be replaced before the next write
  private boolean unchecked; // the producer was replaced and the committed cursor not read since
  private Unsettled unsettled;
  private Optional<SourceCursor> lastCommitted = Optional.empty(); // by this sink, or at start

  /** A sink for {@code config.sourceId()}; nothing touches Kafka before {@link #start()}. */
  public TransactionalSink(String bootstrapServers, SinkConfig config) {
    this(
        config,
        () ->
            new KafkaProducer<>(
                producerConfig(bootstrapServers, config),
                new StringSerializer(),
                new ByteArraySerializer()),
        () ->
            CommittedCursorReader.read(bootstrapServers, config.sourceId(), config.startTimeout()),
        Clock.systemUTC());
  }

  /**
   * A sink whose producers come from {@code producers} (one now, another each time one must be
   * replaced) and whose committed cursor is read by {@code committedCursor}.
   */
  TransactionalSink(
      SinkConfig config,
      Supplier<Producer<String, byte[]>> producers,
      CursorSource committedCursor,
      Clock clock) {
    this.config = config;
    this.clock = clock;
    this.sourceHeader = config.sourceId().getBytes(StandardCharsets.UTF_8);
    this.producers = producers;
    this.committedCursor = committedCursor;
    this.producer = producers.get();
  }

  /** The producer settings: idempotent, all replicas, one transactional id per source. */
  static Map<String, Object> producerConfig(String bootstrapServers, SinkConfig config) {
    Map<String, Object> props = new HashMap<>(config.producerOverrides());
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, config.transactionalId());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
    // Exactly once is not negotiable: overrides cannot turn these off.
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    // Bounds initTransactions() and a commit when the broker is away.
    props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.startTimeout().toMillis());
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    // Transactions v2 (KIP-890) bump the producer epoch at every commit, and the broker refuses a
    // partition's first batch of the new epoch unless its sequence is 0 (KAFKA-18202). With
    // several requests in flight, later batches overtake it, are refused with a retriable
    // OutOfOrderSequence error and logged as errors by the broker, then retried after a backoff:
    // one request in flight per connection costs less than that, for every transaction.
    props.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    return props;
  }

  /**
   * {@inheritDoc}
   *
   * <p>May be called again after it threw (the broker away, the cursor not read in time).
   */
  @Override
  public Optional<String> start() {
    if (started) {
      throw new IllegalStateException("sink of '" + config.sourceId() + "' already started");
    }
    // Fences any older instance with our transactional id and settles its open transaction, so
    // the cursor read next is the last one that will ever be committed before ours. Once only: a
    // start retried after the cursor read failed must not initialise the producer again, which
    // Kafka refuses.
    if (!initialized) {
      producer.initTransactions();
      initialized = true;
    }
    Optional<SourceCursor> cursor = committedCursor.read();
    lastCommitted = cursor;
    started = true;
    log.info(
        "sink of '{}' started (transactional.id {}), committed cursor: {}",
        config.sourceId(),
        config.transactionalId(),
        cursor.map(SourceCursor::getPosition).orElse("none"));
    return cursor.map(SourceCursor::getPosition);
  }

  @Override
  public void write(Batch batch) {
    checkWritable();
    Unsettled last = unsettled;
    if (settleProducer() && last.batch().equals(batch)) {
      return;
    }
    SourceCursor cursor = cursor(batch.position());
    try {
      producer.beginTransaction();
      for (Outgoing<?> record : batch.records()) {
        producer.send(toProducerRecord(record));
      }
      producer.send(
          toProducerRecord(new Outgoing<>(Topics.INGEST_CURSORS, config.sourceId(), cursor)));
    } catch (KafkaException | IllegalStateException e) {
      failed(e);
      throw e;
    }
    commit(batch, cursor);
  }

  /**
   * Commits the open transaction. A timeout is retried (Kafka allows nothing else after it: the
   * commit may be completing); an interrupt is not, as it asks the thread to stop. Either way, when
   * the commit stays unsettled the producer is replaced before the next write.
   */
  private void commit(Batch batch, SourceCursor cursor) {
    for (int attempt = 1; ; attempt++) {
      try {
        // Fails, and commits nothing, if any send of the transaction failed.
        producer.commitTransaction();
        lastCommitted = Optional.of(cursor);
        return;
      } catch (TimeoutException e) {
        if (attempt < COMMIT_ATTEMPTS) {
          log.warn(
              "sink of '{}': commit timed out (try {} of {}), trying it again: {}",
              config.sourceId(),
              attempt,
              COMMIT_ATTEMPTS,
              e.toString());
          continue;
        }
        unsettled(batch, cursor, e);
        throw e;
      } catch (InterruptException e) {
        unsettled(batch, cursor, e);
        throw e;
      } catch (KafkaException | IllegalStateException e) {
        failed(e);
        throw e;
      }
    }
  }

  private void unsettled(Batch batch, SourceCursor cursor, RuntimeException cause) {
    unsettled = new Unsettled(batch, cursor);
    stale = true;
    log.warn(
        "sink of '{}': a commit's outcome is unknown ({}); the producer is replaced when the sink"
            + " is settled or before the next write, which first checks whether the batch went in",
        config.sourceId(),
        cause.toString());
  }

  /** A transaction failed before its commit was sent, or its commit was refused: abort it. */
  private void failed(RuntimeException e) {
    if (isFatal(e)) {
      // Another instance took over (or the producer is broken for good): no abort is possible.
      fence(e);
    } else {
      abort(e);
    }
  }

  /** Stops the sink for good: {@code cause} says why. */
  private FencedException fence(RuntimeException cause) {
    fencedBy = cause;
    log.error("sink of '{}' stops: {}", config.sourceId(), cause.toString());
    return fenced();
  }

  /** What every call throws once the sink is fenced. */
  private FencedException fenced() {
    RuntimeException cause = fencedBy;
    if (cause instanceof FencedException f) {
      return new FencedException(f.getMessage(), f);
    }
    return new FencedException("sink of '" + config.sourceId() + "' is fenced: " + cause, cause);
  }

  private void checkWritable() {
    if (!started) {
      throw new IllegalStateException("sink of '" + config.sourceId() + "' is not started");
    }
    if (fencedBy != null) {
      throw fenced();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Replaces the producer when the last write left it unsettled (a commit of unknown outcome, or
   * an abort that failed): the new one's {@code initTransactions()} fences the old epoch, so the
   * old producer can no longer complete anything, and completes or aborts its open transaction.
   * Then reads the committed cursor: to learn whether a commit of unknown outcome went in, and that
   * no other writer committed meanwhile. When either step throws, the sink stays unsettled and a
   * later call (or write) tries again.
   *
   * @throws FencedException when the sink is fenced, or finds that another writer committed
   */
  @Override
  public boolean settle() {
    if (!started) {
      return false;
    }
    if (fencedBy != null) {
      throw fenced();
    }
    return settleProducer();
  }

  /**
   * Replaces the producer when it is stale, then reads the committed cursor once after a
   * replacement: the old epoch is fenced, so its transaction is settled and its outcome visible to
   * a committed read. The cursor must be the last one this sink committed or the unsettled one;
   * anything else was committed by another writer, whom the replacement may just have fenced.
   *
   * @return whether the batch whose commit was unsettled went in after all
   * @throws FencedException when another writer committed meanwhile
   */
  private boolean settleProducer() {
    if (stale) {
      renew();
    }
    if (!unchecked) {
      return false;
    }
    Optional<SourceCursor> committed = committedCursor.read(); // when it throws, ask again later
    unchecked = false;
    Unsettled last = unsettled;
    unsettled = null;
    if (last != null && committed.equals(Optional.of(last.cursor()))) {
      lastCommitted = committed;
      log.info("sink of '{}': the unsettled commit went in", config.sourceId());
      return true;
    }
    if (!committed.equals(lastCommitted)) {
      throw fence(
          new FencedException(
              "sink of '"
                  + config.sourceId()
                  + "' is fenced: another writer committed cursor "
                  + committed.map(SourceCursor::getPosition).orElse("(none)")
                  + " while this sink's producer was replaced",
              null));
    }
    if (last != null) {
      log.info("sink of '{}': the unsettled commit did not go in", config.sourceId());
    }
    return false;
  }

  /**
   * Replaces the producer: the old one is closed at once, and the new one's {@code
   * initTransactions()} fences its epoch and completes or aborts its open transaction.
   */
  private void renew() {
    if (closed) {
      throw new IllegalStateException("sink of '" + config.sourceId() + "' is closed");
    }
    producer.close(java.time.Duration.ZERO);
    producer = producers.get();
    if (closed) { // closed meanwhile, from another thread: this one must not outlive the sink
      producer.close(java.time.Duration.ZERO);
      throw new IllegalStateException("sink of '" + config.sourceId() + "' is closed");
    }
    // Until it succeeds the sink stays stale, and the next write replaces this one in turn.
    try {
      producer.initTransactions();
    } catch (KafkaException | IllegalStateException e) {
      if (isFatal(e)) {
        fence(e);
      }
      throw e;
    }
    stale = false;
    unchecked = true;
    log.info("sink of '{}': producer replaced", config.sourceId());
  }

  /**
   * True when {@code e} means this producer can never write again: another instance with the same
   * transactional id fenced it, or the broker lost its sequence or denied it.
   */
  public static boolean isFatal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FencedException
          || t instanceof ProducerFencedException
          || t instanceof OutOfOrderSequenceException
          || t instanceof AuthorizationException) {
        return true;
      }
    }
    return false;
  }

  private SourceCursor cursor(String position) {
    return SourceCursor.newBuilder()
        .setSource(config.sourceId())
        .setPosition(position)
        .setUpdated(ProtoTime.of(clock.instant()))
        .build();
  }

  private ProducerRecord<String, byte[]> toProducerRecord(Outgoing<?> record) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(SOURCE_HEADER, sourceHeader);
    return new ProducerRecord<>(
        record.topic().name(), null, record.key(), record.serializedValue(), headers);
  }

  private void abort(RuntimeException cause) {
    // An interrupt would make the abort fail at once; clear it for the abort and restore it after.
    boolean interrupted = Thread.interrupted();
    try {
      producer.abortTransaction();
      log.warn("sink of '{}' aborted a transaction: {}", config.sourceId(), cause.toString());
    } catch (KafkaException | IllegalStateException e) {
      if (isFatal(e)) {
        // Fenced (another instance took over): a new producer would fence it back.
        FencedException fenced = fence(e);
        fenced.addSuppressed(cause);
        throw fenced;
      }
      // The transaction may still be open (or aborting): a new producer settles it.
      cause.addSuppressed(e);
      stale = true;
      log.warn(
          "sink of '{}': abort failed ({}); the producer is replaced before the next write",
          config.sourceId(),
          e.toString());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Closes the producer. Nothing is pending when every write committed or aborted; a transaction
   * left open (unsettled or not aborted) is settled by the next instance's start.
   */
  @Override
  public void close() {
    closed = true;
    producer.close(fencedBy != null || stale ? java.time.Duration.ZERO : config.closeTimeout());
  }
}
