package dev.sextant.streams.kstreams.news;

import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The "now" the rolling windows end at: the later of the task's stream time and the wall clock.
 *
 * <p>Stream time alone would freeze the windows of a quiet partition (a score would keep saying "12
 * mentions in the last hour" for a day); the wall clock alone would ignore records stamped ahead of
 * it. The test driver's mock wall clock keeps both deterministic in tests.
 */
final class StreamClock {

  private StreamClock() {}

  static long now(ProcessorContext<?, ?> context) {
    return Math.max(context.currentStreamTimeMs(), context.currentSystemTimeMs());
  }
}
