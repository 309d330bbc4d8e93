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
 * @param protocol the market protocol whose frames the capture holds ({@code coinbase-exchange},
 *     {@code okx}, ...)
 * @param sinkConfig the source id (cursor key, {@code sextant.source} header, transactional id),
 *     batching and timeouts; its close timeout also bounds how long {@code close()} waits for the
 *     replay thread
 * @param speed 0 replays as fast as possible; 1.0 keeps the recorded pace; 10 is ten times faster
 * @param progressEveryFrames log progress every this many frames
 * @param maxLineBytes a capture line longer than this is skipped and dead-lettered, its head only
 */
public record ReplayConfig(
    Path file,
    String protocol,
    SinkConfig sinkConfig,
    double speed,
    long progressEveryFrames,
    int maxLineBytes) {

  /** The protocol of captures that predate the protocol name: the bundled Coinbase capture. */
  public static final String DEFAULT_PROTOCOL = "coinbase-exchange";

  public static final String DEFAULT_SOURCE_ID = "coinbase-exchange-replay";
  public static final long DEFAULT_PROGRESS_EVERY_FRAMES = 10_000;

  public ReplayConfig {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(sinkConfig, "sinkConfig");
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
  }

  /** Replays a Coinbase Exchange {@code file} as fast as possible, with the default batching. */
  public static ReplayConfig of(Path file) {
    return new ReplayConfig(
        file,
        DEFAULT_PROTOCOL,
        SinkConfig.of(DEFAULT_SOURCE_ID),
        0,
        DEFAULT_PROGRESS_EVERY_FRAMES,
        CaptureReader.DEFAULT_MAX_LINE_BYTES);
  }

  /** The source id. */
  public String sourceId() {
    return sinkConfig.sourceId();
  }

  /** How long {@code close()} waits for the replay thread, then for the producer. */
  public Duration closeTimeout() {
    return sinkConfig.closeTimeout();
  }

  /** This config for a capture of another protocol. */
  public ReplayConfig withProtocol(String newProtocol) {
    return new ReplayConfig(
        file, newProtocol, sinkConfig, speed, progressEveryFrames, maxLineBytes);
  }

  /** This config with another sink configuration. */
  public ReplayConfig withSinkConfig(SinkConfig newSinkConfig) {
    return new ReplayConfig(
        file, protocol, newSinkConfig, speed, progressEveryFrames, maxLineBytes);
  }

  /** This config with another source id. */
  public ReplayConfig withSourceId(String newSourceId) {
    SinkConfig s = sinkConfig;
    return withSinkConfig(
        new SinkConfig(
            newSourceId,
            s.maxBatchRecords(),
            s.maxBatchLinger(),
            s.startTimeout(),
            s.closeTimeout(),
            s.producerOverrides()));
  }

  /** This config with another speed. */
  public ReplayConfig withSpeed(double newSpeed) {
    return new ReplayConfig(
        file, protocol, sinkConfig, newSpeed, progressEveryFrames, maxLineBytes);
  }

  /** This config with other batch limits. */
  public ReplayConfig withBatching(int newBatchSize, Duration newBatchLinger) {
    SinkConfig s = sinkConfig;
    return withSinkConfig(
        new SinkConfig(
            s.sourceId(),
            newBatchSize,
            newBatchLinger,
            s.startTimeout(),
            s.closeTimeout(),
            s.producerOverrides()));
  }

  /** This config with producer settings applied last. */
  public ReplayConfig withProducerOverrides(Map<String, String> overrides) {
    SinkConfig s = sinkConfig;
    return withSinkConfig(
        new SinkConfig(
            s.sourceId(),
            s.maxBatchRecords(),
            s.maxBatchLinger(),
            s.startTimeout(),
            s.closeTimeout(),
            overrides));
  }

  /** This config with another bound on a capture line. */
  public ReplayConfig withMaxLineBytes(int newMaxLineBytes) {
    return new ReplayConfig(
        file, protocol, sinkConfig, speed, progressEveryFrames, newMaxLineBytes);
  }
}
