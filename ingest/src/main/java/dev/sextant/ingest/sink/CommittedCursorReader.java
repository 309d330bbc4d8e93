package dev.sextant.ingest.sink;

import dev.sextant.ingest.kafka.CommittedReader;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.SourceCursor;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Reads a source's last committed cursor from {@code ingest.cursors.v1}. */
final class CommittedCursorReader {

  private static final String TOPIC = Topics.INGEST_CURSORS.name();

  private CommittedCursorReader() {}

  /**
   * The last committed cursor of {@code sourceId}. Call it after {@code initTransactions()}, which
   * settles the previous instance's open transaction, so its outcome is visible here.
   *
   * @throws org.apache.kafka.common.errors.TimeoutException when the topic is not read to its end
   *     within {@code timeout}
   */
  static Optional<SourceCursor> read(String bootstrapServers, String sourceId, Duration timeout) {
    var deserializer = Topics.INGEST_CURSORS.serde().deserializer();
    AtomicReference<SourceCursor> last = new AtomicReference<>();
    CommittedReader.read(
        bootstrapServers,
        clientId(sourceId),
        TOPIC,
        timeout,
        CommittedReader.Start.BEGINNING,
        record -> {
          if (sourceId.equals(record.key())) {
            // A tombstone resets the source: it starts from the beginning.
            last.set(
                record.value() == null ? null : deserializer.deserialize(TOPIC, record.value()));
          }
        });
    return Optional.ofNullable(last.get());
  }

  static Map<String, Object> consumerConfig(String bootstrapServers, String sourceId) {
    return CommittedReader.consumerConfig(bootstrapServers, clientId(sourceId));
  }

  private static String clientId(String sourceId) {
    return "sextant-ingest-cursor-" + sourceId;
  }
}
