package dev.sextant.ingest.sink;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a source's transactional sink batches and times out.
 *
 * @param sourceId the source id: cursor key, {@code sextant.source} header, transactional id
 * @param maxBatchRecords at most this many records per transaction
 * @param maxBatchLinger a batch with progress is committed at the latest this long after it opened
 * @param startTimeout bound on fencing older instances and reading the committed cursor
 * @param closeTimeout bound on closing the producer
 * @param producerOverrides producer settings applied last (the node's memory budget sets {@code
 *     buffer.memory} here)
 */
public record SinkConfig(
    String sourceId,
    int maxBatchRecords,
    Duration maxBatchLinger,
    Duration startTimeout,
    Duration closeTimeout,
    Map<String, String> producerOverrides) {

  public static final int DEFAULT_MAX_BATCH_RECORDS = 500;
  public static final Duration DEFAULT_MAX_BATCH_LINGER = Duration.ofMillis(200);
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(2);

  public SinkConfig {
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(maxBatchLinger, "maxBatchLinger");
    Objects.requireNonNull(startTimeout, "startTimeout");
    Objects.requireNonNull(closeTimeout, "closeTimeout");
    producerOverrides = Map.copyOf(producerOverrides);
    if (sourceId.isBlank()) {
      throw new IllegalArgumentException("sourceId must not be blank");
    }
    if (maxBatchRecords < 1) {
      throw new IllegalArgumentException("maxBatchRecords must be >= 1, was " + maxBatchRecords);
    }
    if (maxBatchLinger.isNegative() || startTimeout.isNegative() || closeTimeout.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
  }

  /** A config with default batching and timeouts. */
  public static SinkConfig of(String sourceId) {
    return new SinkConfig(
        sourceId,
        DEFAULT_MAX_BATCH_RECORDS,
        DEFAULT_MAX_BATCH_LINGER,
        DEFAULT_START_TIMEOUT,
        DEFAULT_CLOSE_TIMEOUT,
        Map.of());
  }

  /**
   * The producer's {@code transactional.id}: stable per source, so a restarted instance fences the
   * one it replaces.
   */
  public String transactionalId() {
    return "sextant-ingest-" + sourceId;
  }
}
