package dev.sextant.ingest.sink;

import dev.sextant.ingest.time.ProtoTime;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.SourceCursor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a source's batches exactly once: each batch and the source's cursor go in one Kafka
 * transaction, and a restart resumes from the last committed cursor.
 */
public final class TransactionalSink implements BatchSink {

  /** The header naming the source on every record. */
  public static final String SOURCE_HEADER = "sextant.source";

  private static final Logger log = LoggerFactory.getLogger(TransactionalSink.class);

  private final String bootstrapServers;
  private final SinkConfig config;
  private final Clock clock;
  private final byte[] sourceHeader;
  private final Producer<String, byte[]> producer;
  private volatile boolean started;
  private volatile boolean fenced;

  /** A sink for {@code config.sourceId()}; nothing touches Kafka before {@link #start()}. */
  public TransactionalSink(String bootstrapServers, SinkConfig config) {
    this.bootstrapServers = bootstrapServers;
    this.config = config;
    this.clock = Clock.systemUTC();
    this.sourceHeader = config.sourceId().getBytes(StandardCharsets.UTF_8);
    this.producer =
        new KafkaProducer<>(
            producerConfig(bootstrapServers, config),
            new StringSerializer(),
            new ByteArraySerializer());
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

  @Override
  public Optional<String> start() {
    if (started) {
      throw new IllegalStateException("sink of '" + config.sourceId() + "' already started");
    }
    // Fences any older instance with our transactional id and settles its open transaction, so
    // the cursor read next is the last one that will ever be committed before ours.
    producer.initTransactions();
    Optional<SourceCursor> cursor =
        CommittedCursorReader.read(bootstrapServers, config.sourceId(), config.startTimeout());
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
    if (!started || fenced) {
      throw new IllegalStateException(
          "sink of '" + config.sourceId() + "' is " + (fenced ? "fenced" : "not started"));
    }
    try {
      producer.beginTransaction();
      for (Outgoing<?> record : batch.records()) {
        producer.send(toProducerRecord(record));
      }
      producer.send(toProducerRecord(cursor(batch.position())));
      // Fails, and commits nothing, if any send of the transaction failed.
      producer.commitTransaction();
    } catch (KafkaException | IllegalStateException e) {
      if (isFatal(e)) {
        // Another instance took over (or the producer is broken for good): no abort is possible.
        fenced = true;
        log.error("sink of '{}' stops: {}", config.sourceId(), e.toString());
      } else {
        abort(e);
      }
      throw e;
    }
  }

  /**
   * True when {@code e} means this producer can never write again: another instance with the same
   * transactional id fenced it, or the broker lost its sequence or denied it.
   */
  public static boolean isFatal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ProducerFencedException
          || t instanceof OutOfOrderSequenceException
          || t instanceof AuthorizationException) {
        return true;
      }
    }
    return false;
  }

  private Outgoing<SourceCursor> cursor(String position) {
    SourceCursor cursor =
        SourceCursor.newBuilder()
            .setSource(config.sourceId())
            .setPosition(position)
            .setUpdated(ProtoTime.of(clock.instant()))
            .build();
    return new Outgoing<>(Topics.INGEST_CURSORS, config.sourceId(), cursor);
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
      cause.addSuppressed(e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Closes the producer; nothing is pending, as every write commits or aborts before returning. */
  @Override
  public void close() {
    producer.close(fenced ? java.time.Duration.ZERO : config.closeTimeout());
  }
}
