package dev.sextant.ingest.replay;

import dev.sextant.ingest.sink.SinkConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to replay one capture file.
 *
 * @param file the capture file, plain or gzip
 * @param sourceId the source id: cursor key, {@code sextant.source} header, transactional id
 * @param speed 0 replays as fast as possible; 1.0 keeps the recorded pace; 10 is ten times faster
 * @param batchSize at most this many records per transaction
 * @param batchLinger a batch is committed at the latest this long after its first frame
 * @param progressEveryFrames log progress every this many frames
 * @param closeTimeout how long {@code close()} waits for the replay thread, then for the producer
 * @param producerOverrides producer settings applied last, e.g. {@code buffer.memory}
 * @param maxLineBytes a capture line longer than this is skipped and dead-lettered, its head only
 */
public record ReplayConfig(
    Path file,
    String sourceId,
    double speed,
    int batchSize,
    Duration batchLinger,
    long progressEveryFrames,
    Duration closeTimeout,
    Map<String, String> producerOverrides,
    int maxLineBytes) {

  public static final String DEFAULT_SOURCE_ID = "coinbase-exchange-replay";
  public static final long DEFAULT_PROGRESS_EVERY_FRAMES = 10_000;

  public ReplayConfig {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(batchLinger, "batchLinger");
    Objects.requireNonNull(closeTimeout, "closeTimeout");
    producerOverrides = Map.copyOf(producerOverrides);
    if (!(speed >= 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be a finite number >= 0, was " + speed);
    }
    if (progressEveryFrames < 1) {
      throw new IllegalArgumentException(
          "progressEveryFrames must be >= 1, was " + progressEveryFrames);
    }
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be >= 1, was " + maxLineBytes);
    }
    sinkConfig(sourceId, batchSize, batchLinger, closeTimeout, producerOverrides); // validates
  }

  /** Replays {@code file} as fast as possible, with the default source id and batching. */
  public static ReplayConfig of(Path file) {
    return new ReplayConfig(
        file,
        DEFAULT_SOURCE_ID,
        0,
        SinkConfig.DEFAULT_MAX_BATCH_RECORDS,
        SinkConfig.DEFAULT_MAX_BATCH_LINGER,
        DEFAULT_PROGRESS_EVERY_FRAMES,
        SinkConfig.DEFAULT_CLOSE_TIMEOUT,
        Map.of(),
        CaptureReader.DEFAULT_MAX_LINE_BYTES);
  }

  /** This config with another source id. */
  public ReplayConfig withSourceId(String newSourceId) {
    return new ReplayConfig(
        file,
        newSourceId,
        speed,
        batchSize,
        batchLinger,
        progressEveryFrames,
        closeTimeout,
        producerOverrides,
        maxLineBytes);
  }

  /** This config with another speed. */
  public ReplayConfig withSpeed(double newSpeed) {
    return new ReplayConfig(
        file,
        sourceId,
        newSpeed,
        batchSize,
        batchLinger,
        progressEveryFrames,
        closeTimeout,
        producerOverrides,
        maxLineBytes);
  }

  /** This config with other batch limits. */
  public ReplayConfig withBatching(int newBatchSize, Duration newBatchLinger) {
    return new ReplayConfig(
        file,
        sourceId,
        speed,
        newBatchSize,
        newBatchLinger,
        progressEveryFrames,
        closeTimeout,
        producerOverrides,
        maxLineBytes);
  }

  /** This config with producer settings applied last. */
  public ReplayConfig withProducerOverrides(Map<String, String> overrides) {
    return new ReplayConfig(
        file,
        sourceId,
        speed,
        batchSize,
        batchLinger,
        progressEveryFrames,
        closeTimeout,
        overrides,
        maxLineBytes);
  }

  /** This config with another bound on a capture line. */
  public ReplayConfig withMaxLineBytes(int newMaxLineBytes) {
    return new ReplayConfig(
        file,
        sourceId,
        speed,
        batchSize,
        batchLinger,
        progressEveryFrames,
        closeTimeout,
        producerOverrides,
        newMaxLineBytes);
  }

  /** The sink's part of this config. */
  public SinkConfig sinkConfig() {
    return sinkConfig(sourceId, batchSize, batchLinger, closeTimeout, producerOverrides);
  }

  private static SinkConfig sinkConfig(
      String sourceId,
      int batchSize,
      Duration batchLinger,
      Duration closeTimeout,
      Map<String, String> producerOverrides) {
    return new SinkConfig(
        sourceId,
        batchSize,
        batchLinger,
        SinkConfig.DEFAULT_START_TIMEOUT,
        closeTimeout,
        producerOverrides);
  }
}
