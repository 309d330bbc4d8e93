package dev.sextant.ingest.market.binance;

import dev.sextant.ingest.market.FeedControl;
import dev.sextant.ingest.market.GapKind;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.schemas.v1.BookUpdate;
import java.net.URI;
import java.util.ArrayDeque;

/** Keeps one instrument's depth diff stream in step with its REST snapshot. */
final class DepthSync {

  // As Binance documents ("How to manage a local order book correctly"): buffer the deltas, fetch
  // a snapshot, drop the deltas it already holds, check that the first one left bridges it and
  // that each later one links to the one before; on a break, report the gap and start over.
  // Spot links by update ids (U == previous u + 1, first delta U <= lastUpdateId+1 <= u); USD-M
  // futures by pu == previous u, first delta U <= lastUpdateId <= u.

  /** Deltas buffered while a snapshot is on its way: 100 s of a 100 ms stream. */
  static final int MAX_BUFFERED = 1_000;

  /** Longest wait before fetching again after a failed snapshot, in frame time. */
  static final long MAX_RETRY_NANOS = 60_000_000_000L;

  private static final long FIRST_RETRY_NANOS = 500_000_000L;

  /**
   * A decoded depth delta.
   *
   * @param first {@code U}
   * @param last {@code u}
   * @param prev {@code pu} on futures, 0 on spot
   * @param update the record to publish
   */
  record Delta(long first, long last, long prev, BookUpdate update) {}

  /**
   * A decoded REST snapshot.
   *
   * @param lastUpdateId the update id the snapshot is at
   * @param update the KIND_SNAPSHOT record to publish
   */
  record Snapshot(long lastUpdateId, BookUpdate update) {}

  private enum State {
    /** No delta since the connection opened or the book broke: nothing to fetch for yet. */
    AWAITING,
    /** Deltas are buffered and a snapshot is on its way, held, or to be fetched again. */
    SYNCING,
    /** Publishing deltas as they link. */
    LIVE
  }

  private final String instrument;
  private final URI snapshotUri;
  private final boolean futures;
  private final MarketOutput output;
  private final FeedControl control;

  private final ArrayDeque<Delta> buffer = new ArrayDeque<>();
  private State state = State.AWAITING;
  private Snapshot held;
  private boolean fetchInFlight;
  private int failures;
  private long retryAtNanos;
  private long lastUpdate;
  private boolean resyncPending;

  DepthSync(
      String instrument,
      URI snapshotUri,
      boolean futures,
      MarketOutput output,
      FeedControl control) {
    this.instrument = instrument;
    this.snapshotUri = snapshotUri;
    this.futures = futures;
    this.output = output;
    this.control = control;
  }

  /** The URI this book fetches its snapshot from. */
  URI snapshotUri() {
    return snapshotUri;
  }

  /** True while deltas are being published. */
  boolean live() {
    return state == State.LIVE;
  }

  /** A delta arrived on the stream. */
  void onDelta(Delta delta, long receivedNanos) {
    switch (state) {
      case AWAITING -> {
        buffer.addLast(delta);
        state = State.SYNCING;
        fetch();
      }
      case SYNCING -> {
        if (held != null) {
          linkHeld(delta, receivedNanos);
        } else {
          if (buffer.size() == MAX_BUFFERED) {
            // The oldest go first; if they were needed, the bridge check fails and we refetch.
            buffer.removeFirst();
          }
          buffer.addLast(delta);
          if (!fetchInFlight && receivedNanos >= retryAtNanos) {
            fetch();
          }
        }
      }
      case LIVE -> {
        if (links(delta)) {
          publish(delta);
        } else {
          breakBook(GapKind.SEQUENCE, linkDetail(delta));
          buffer.addLast(delta);
          fetch();
        }
      }
    }
  }

  /** The requested snapshot arrived. */
  void onSnapshot(Snapshot snapshot, long receivedNanos) {
    if (state != State.SYNCING || !fetchInFlight) {
      output.ignored("depth-snapshot-unrequested");
      return;
    }
    fetchInFlight = false;
    while (!buffer.isEmpty() && stale(buffer.peekFirst(), snapshot.lastUpdateId())) {
      buffer.removeFirst();
      output.ignored("depth-before-snapshot");
    }
    if (buffer.isEmpty()) {
      // Everything buffered is in the snapshot: publish it with the first delta that bridges it.
      held = snapshot;
      return;
    }
    if (!bridges(buffer.peekFirst(), snapshot.lastUpdateId())) {
      // The snapshot is older than the first buffered delta: fetch a newer one, after the backoff
      // (a REST mirror that lags would otherwise be asked again at once, again and again).
      output.ignored("depth-snapshot-stale");
      retryLater(receivedNanos);
      return;
    }
    goLive(snapshot);
    Delta first = buffer.removeFirst();
    publish(first);
    while (!buffer.isEmpty()) {
      Delta next = buffer.peekFirst();
      if (!links(next)) {
        breakBook(GapKind.SEQUENCE, linkDetail(next));
        fetch();
        return;
      }
      publish(buffer.removeFirst());
    }
  }

  /** The snapshot request failed (the caller dead-letters why); retry after a backoff. */
  void onSnapshotFailed(long receivedNanos) {
    if (state != State.SYNCING || !fetchInFlight) {
      return;
    }
    fetchInFlight = false;
    retryLater(receivedNanos);
  }

  /** The next delta at or after a growing wait fetches the snapshot again. */
  private void retryLater(long receivedNanos) {
    failures = Math.min(failures + 1, 30);
    long wait = Math.min(MAX_RETRY_NANOS, FIRST_RETRY_NANOS << Math.min(failures - 1, 20));
    retryAtNanos = receivedNanos + wait;
  }

  /** A depth frame of this book could not be decoded: its update is lost, so the book is too. */
  void onLostDelta(String detail) {
    if (state == State.LIVE) {
      breakBook(GapKind.SEQUENCE, detail);
      fetch();
    } else if (state == State.SYNCING) {
      // The next delta starts the buffer again and fetches, unless a snapshot is on its way.
      buffer.clear();
      held = null;
    }
  }

  /** A new connection: the stream restarts, so the book waits for a fresh snapshot. */
  void onReconnect() {
    if (state == State.LIVE) {
      output.gap(instrument, GapKind.RECONNECT, "connection reopened");
      resyncPending = true;
    }
    state = State.AWAITING;
    buffer.clear();
    held = null;
    fetchInFlight = false;
    failures = 0;
    retryAtNanos = 0;
  }

  private void linkHeld(Delta delta, long receivedNanos) {
    if (stale(delta, held.lastUpdateId())) {
      output.ignored("depth-before-snapshot");
      return;
    }
    Snapshot snapshot = held;
    held = null;
    if (bridges(delta, snapshot.lastUpdateId())) {
      goLive(snapshot);
      publish(delta);
    } else {
      output.ignored("depth-snapshot-stale");
      buffer.addLast(delta);
      retryLater(receivedNanos);
    }
  }

  private void goLive(Snapshot snapshot) {
    failures = 0;
    output.book(snapshot.update());
    if (resyncPending) {
      resyncPending = false;
      output.resynced(instrument);
    }
    lastUpdate = snapshot.lastUpdateId();
    state = State.LIVE;
  }

  private void publish(Delta delta) {
    output.book(delta.update());
    lastUpdate = delta.last();
  }

  private void breakBook(GapKind kind, String detail) {
    output.gap(instrument, kind, detail);
    resyncPending = true;
    state = State.SYNCING;
    buffer.clear();
    held = null;
  }

  private void fetch() {
    fetchInFlight = true;
    control.fetch(snapshotUri);
  }

  /** Already in a snapshot at {@code lastUpdateId}: spot u <= id, futures u < id. */
  private boolean stale(Delta delta, long lastUpdateId) {
    return futures ? delta.last() < lastUpdateId : delta.last() <= lastUpdateId;
  }

  /** The first delta after a snapshot: spot U <= id+1 <= u, futures U <= id <= u. */
  private boolean bridges(Delta delta, long lastUpdateId) {
    long target = futures ? lastUpdateId : lastUpdateId + 1;
    return delta.first() <= target && target <= delta.last();
  }

  /** Each later delta: spot U == previous u + 1, futures pu == previous u. */
  private boolean links(Delta delta) {
    return futures ? delta.prev() == lastUpdate : delta.first() == lastUpdate + 1;
  }

  private String linkDetail(Delta delta) {
    return futures
        ? "depth update pu=" + delta.prev() + " does not follow u=" + lastUpdate
        : "depth update U=" + delta.first() + " does not follow u=" + lastUpdate;
  }
}
