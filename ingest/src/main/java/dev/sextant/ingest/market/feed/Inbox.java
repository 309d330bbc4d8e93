package dev.sextant.ingest.market.feed;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between the socket readers and the pump thread, bounded by events and by bytes.
 *
 * <p>A reader never blocks a thread: when the queue is full its event is parked, and it asks its
 * socket for no further message until the pump has taken the event in and run its {@code resume}.
 * With no demand the socket stops reading, the kernel buffers fill and TCP pushes back on the
 * venue. Each reader parks at most one message at a time, so memory stays bounded.
 */
final class Inbox {

  private record Entry(FeedEvent event, Runnable resume) {}

  private final int maxEvents;
  private final long maxBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final ArrayDeque<FeedEvent> queue = new ArrayDeque<>();
  private final ArrayDeque<Entry> parked = new ArrayDeque<>();
  private long bytes;
  private volatile int depth;
  private boolean closed;

  Inbox(int maxEvents, long maxBytes) {
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
  }

  /**
   * Queues {@code event}, or parks it when the queue is full.
   *
   * @param resume run on the pump thread once a parked event is queued: the reader's cue to read on
   * @return true when queued now (the caller resumes itself), false when parked or closed
   */
  boolean offer(FeedEvent event, Runnable resume) {
    lock.lock();
    try {
      if (closed) {
        return false;
      }
      // Behind parked events, to keep arrival order.
      if (parked.isEmpty() && fits(event)) {
        add(event);
        return true;
      }
      parked.add(new Entry(event, resume));
      depth = queue.size() + parked.size();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next event, waiting up to {@code timeoutNanos}; null when none came. Only the pump calls
   * it.
   */
  FeedEvent poll(long timeoutNanos) throws InterruptedException {
    List<Runnable> resumes = null;
    FeedEvent event;
    lock.lock();
    try {
      long wait = timeoutNanos;
      while (queue.isEmpty() && wait > 0 && !closed) {
        wait = notEmpty.awaitNanos(wait);
      }
      event = queue.poll();
      if (event != null) {
        bytes -= event.bytes();
      }
      while (!parked.isEmpty() && fits(parked.peek().event())) {
        Entry entry = parked.poll();
        add(entry.event());
        if (resumes == null) {
          resumes = new ArrayList<>();
        }
        resumes.add(entry.resume());
      }
      depth = queue.size() + parked.size();
    } finally {
      lock.unlock();
    }
    if (resumes != null) {
      resumes.forEach(Runnable::run);
    }
    return event;
  }

  /** Events waiting for the pump, parked ones included. */
  int depth() {
    return depth;
  }

  /** Drops everything and refuses what comes; wakes the pump. */
  void close() {
    lock.lock();
    try {
      closed = true;
      queue.clear();
      parked.clear();
      bytes = 0;
      depth = 0;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private boolean fits(FeedEvent event) {
    // One event always fits an empty queue, however large, or a big frame would never pass.
    return queue.isEmpty() || (queue.size() < maxEvents && bytes + event.bytes() <= maxBytes);
  }

  private void add(FeedEvent event) {
    queue.add(event);
    bytes += event.bytes();
    depth = queue.size() + parked.size();
    notEmpty.signal();
  }
}
