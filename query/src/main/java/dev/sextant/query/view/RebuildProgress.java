package dev.sextant.query.view;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows when a view holds its topic as it was at start: every partition consumed up to the end
 * offset recorded then. Used by the reader thread only; {@link #ready()} is safe anywhere.
 */
final class RebuildProgress {

  private static final Logger log = LoggerFactory.getLogger(RebuildProgress.class);

  private long startNanos = System.nanoTime();
  private final Map<TopicPartition, Long> targets = new HashMap<>();
  private final CompletableFuture<Duration> ready = new CompletableFuture<>();

  /** The rebuild time counts from here. */
  void start() {
    startNanos = System.nanoTime();
  }

  CompletableFuture<Duration> ready() {
    return ready;
  }

  /** Records the end offsets at start; partitions already empty need no reading. */
  void target(Map<TopicPartition, Long> endOffsets) {
    endOffsets.forEach(
        (partition, end) -> {
          if (end > 0) {
            targets.put(partition, end);
          }
        });
  }

  /**
   * Completes {@link #ready()} once every target is reached.
   *
   * @param position the reader's next offset in a partition
   * @param consumed records consumed so far, for the log line
   */
  void check(ToLongFunction<TopicPartition> position, long consumed) {
    if (ready.isDone()) {
      return;
    }
    targets.entrySet().removeIf(e -> position.applyAsLong(e.getKey()) >= e.getValue());
    if (targets.isEmpty()) {
      Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
      log.info("view ready in {} ms after {} records", took.toMillis(), consumed);
      ready.complete(took);
    }
  }

  /** Fails {@link #ready()} unless it already completed. */
  void fail(Throwable cause) {
    ready.completeExceptionally(cause);
  }
}
