package dev.sextant.streams.kstreams.app;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.DeadLetter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an input record that cannot be decoded does: it becomes a {@link DeadLetter} on {@code
 * ingest.deadletter.v1} (the raw bytes, the error, topic-partition@offset), is counted, and
 * processing goes on with the next record. Kafka Streams' default stops the stream thread on the
 * first such record, which would let one foreign writer halt every derived topic.
 *
 * <p>Kafka Streams creates this handler from its class name; the meter registry comes in the
 * configuration under {@link #METERS_CONFIG} (an object value, which {@code configure} receives as
 * given), the dead letters' source under {@link #SOURCE_CONFIG}.
 */
public final class UndecodableRecords implements DeserializationExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(UndecodableRecords.class);

  /** Configuration key of the {@link MeterRegistry} the counter is registered in. */
  public static final String METERS_CONFIG = "sextant.streams.meters";

  /** Configuration key of the dead letters' source id (the application id by default). */
  public static final String SOURCE_CONFIG = "sextant.streams.deadletter.source";

  /** Counter of undecodable input records, tagged by topic. */
  public static final String COUNTER = "sextant.streams.undecodable";

  /** The dead letter's {@code error_kind}. */
  public static final String ERROR_KIND = "undecodable_record";

  /** Raw bytes kept at most, so a dead letter stays far below the broker's record size limit. */
  static final int MAX_RAW_BYTES = 64 * 1024;

  private MeterRegistry meters = new SimpleMeterRegistry();
  private String source = StreamsSettings.DEFAULT_APPLICATION_ID;
  private final Clock clock;

  public UndecodableRecords() {
    this(Clock.systemUTC());
  }

  UndecodableRecords(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void configure(Map<String, ?> configs) {
    if (configs.get(METERS_CONFIG) instanceof MeterRegistry registry) {
      meters = registry;
    }
    if (configs.get(SOURCE_CONFIG) instanceof String s && !s.isBlank()) {
      source = s;
    }
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    String location = record.topic() + "-" + record.partition() + "@" + record.offset();
    Counter.builder(COUNTER)
        .description("Input records that could not be decoded, dead-lettered and skipped")
        .tag("topic", record.topic())
        .register(meters)
        .increment();
    LOG.warn(
        "undecodable record at {} dead-lettered and skipped: {}", location, exception.toString());
    byte[] raw = record.value() == null ? new byte[0] : record.value();
    String error = "cannot decode: " + exception;
    if (raw.length > MAX_RAW_BYTES) {
      error += "; raw kept in part (truncated from " + raw.length + " bytes)";
    }
    Instant now = clock.instant();
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setSource(source)
            .setRaw(ByteString.copyFrom(raw, 0, Math.min(raw.length, MAX_RAW_BYTES)))
            .setError(error)
            .setErrorKind(ERROR_KIND)
            .setLocation(location)
            .setIngestTime(
                Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
            .build();
    return Response.resume(
        List.of(
            new ProducerRecord<>(
                Topics.INGEST_DEADLETTER.name(),
                source.getBytes(StandardCharsets.UTF_8),
                letter.toByteArray())));
  }
}
