package dev.sextant.ingest.market.testing;

import dev.sextant.ingest.market.FrameListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link FrameListener} that keeps what it is told, readable from the test thread. */
public final class RecordingListener implements FrameListener {

  /** One frame as the listener saw it. */
  public record Seen(String connection, String frame, long receivedEpochNanos) {}

  /** One oversized frame. */
  public record Big(String connection, String head, long totalBytes, long receivedEpochNanos) {}

  /** One opened connection, with how many frames the listener had seen before it. */
  public record Opened(String connection, long epochNanos, int framesBefore) {}

  private final List<Opened> opens = Collections.synchronizedList(new ArrayList<>());
  private final List<Seen> frames = Collections.synchronizedList(new ArrayList<>());
  private final List<Big> oversized = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong ticks = new AtomicLong();
  private final Set<String> threads = ConcurrentHashMap.newKeySet();

  @Override
  public void opened(String connection, long epochNanos) {
    threads.add(Thread.currentThread().getName());
    opens.add(new Opened(connection, epochNanos, frames.size()));
  }

  @Override
  public void frame(String connection, String frame, long receivedEpochNanos) {
    threads.add(Thread.currentThread().getName());
    frames.add(new Seen(connection, frame, receivedEpochNanos));
  }

  @Override
  public void oversized(String connection, String head, long totalBytes, long receivedEpochNanos) {
    threads.add(Thread.currentThread().getName());
    oversized.add(new Big(connection, head, totalBytes, receivedEpochNanos));
  }

  @Override
  public void tick(long nanoTime) {
    threads.add(Thread.currentThread().getName());
    ticks.incrementAndGet();
  }

  public List<Seen> frames() {
    synchronized (frames) {
      return List.copyOf(frames);
    }
  }

  public List<Opened> opens() {
    synchronized (opens) {
      return List.copyOf(opens);
    }
  }

  public List<Big> oversized() {
    synchronized (oversized) {
      return List.copyOf(oversized);
    }
  }

  public long ticks() {
    return ticks.get();
  }

  public Set<String> threads() {
    return Set.copyOf(threads);
  }
}
