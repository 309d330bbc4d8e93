package dev.sextant.ingest.chain.tail;

import dev.sextant.ingest.chain.rpc.BlockHeader;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The heads pushed by the subscription, handed from its thread to the tailer's. Bounded: when the
 * tailer falls behind, the oldest heads are dropped, which costs nothing since the tailer fetches
 * every block it has not seen by number.
 */
final class HeadInbox {

  /** A pushed head and when it arrived ({@link System#nanoTime()}). */
  record Arrival(BlockHeader header, long arrivedNanos) {}

  static final int CAPACITY = 1024;

  private static final Arrival WAKE = new Arrival(null, 0);

  private final BlockingQueue<Arrival> queue = new ArrayBlockingQueue<>(CAPACITY);

  /** Called on the subscription's thread. */
  void offer(BlockHeader header) {
    Arrival arrival = new Arrival(header, System.nanoTime());
    while (!queue.offer(arrival)) {
      queue.poll();
    }
  }

  /**
   * The next head, waiting up to {@code nanos}; empty after the wait or when {@link #wake()} was
   * called.
   */
  Optional<Arrival> poll(long nanos) throws InterruptedException {
    Arrival arrival = queue.poll(nanos, TimeUnit.NANOSECONDS);
    return arrival == null || arrival == WAKE ? Optional.empty() : Optional.of(arrival);
  }

  /** Ends a wait in {@link #poll} early (the tailer is closing). */
  void wake() {
    queue.offer(WAKE);
  }
}
