package dev.sextant.streams.kstreams.news;

import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The two clocks of the news scores.
 *
 * <p>{@link #streamTime}: the largest record timestamp the task has seen (for news items, when the
 * ingest wrote the item). Everything that handles a record uses it: the too-old decision, the
 * windows of the score sent for a change, pruning. A replay of old items therefore gives the scores
 * those items had when they were first written, and the same input gives the same output whatever
 * the wall clock says.
 *
 * <p>{@link #present}: the later of stream time and the wall clock, used only by the punctuator
 * that ages mentions out of the windows of a quiet partition. It is the one non-deterministic part.
 */
final class StreamClock {

  private StreamClock() {}

  /** Stream time: deterministic for a given order of input records. */
  static long streamTime(ProcessorContext<?, ?> context) {
    return context.currentStreamTimeMs();
  }

  /** The present: stream time, or the wall clock when it is later (a quiet partition). */
  static long present(ProcessorContext<?, ?> context) {
    return Math.max(context.currentStreamTimeMs(), context.currentSystemTimeMs());
  }
}
