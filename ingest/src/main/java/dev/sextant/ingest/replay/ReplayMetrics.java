package dev.sextant.ingest.replay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The replay's own counters, tagged with the source id; what the frames decode to is counted by the
 * market pipeline's {@code sextant.market.*} meters.
 */
final class ReplayMetrics {

  static final String FRAMES = "sextant.ingest.frames";
  static final String FRAMES_SKIPPED = "sextant.ingest.frames.skipped";

  private final Counter frames;
  private final Counter skipped;

  ReplayMetrics(MeterRegistry registry, String source) {
    this.frames =
        Counter.builder(FRAMES)
            .description("Frames read from the source")
            .tag("source", source)
            .register(registry);
    this.skipped =
        Counter.builder(FRAMES_SKIPPED)
            .description("Frames skipped as already committed")
            .tag("source", source)
            .register(registry);
  }

  void frameRead() {
    frames.increment();
  }

  void frameSkipped() {
    skipped.increment();
  }
}
