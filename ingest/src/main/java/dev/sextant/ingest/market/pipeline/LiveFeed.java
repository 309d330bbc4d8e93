package dev.sextant.ingest.market.pipeline;

import dev.sextant.ingest.market.feed.ConnectionStatus;
import java.util.List;
import java.util.Optional;

/** A running live feed: its connections and the thread that pumps their frames. */
public interface LiveFeed extends AutoCloseable {

  /** Connects and starts pumping frames. */
  void start();

  /** True while the feed delivers frames: started, not closed and not failed. */
  boolean isRunning();

  /**
   * What stopped the feed, when a session or the listener threw; the feed then delivers nothing
   * more until it is started anew.
   */
  Optional<Throwable> failure();

  /**
   * True once no thread delivers frames to the listener any more: the pump ended (or never
   * started). {@link #close()} may return before that, when the pump is blocked downstream.
   */
  boolean isStopped();

  /**
   * Asks every connection to drop its socket and connect anew (on the pump thread, between frames),
   * so every session starts again from a fresh subscription: books from a snapshot after a reported
   * gap.
   */
  void reconnectAll(String reason);

  /** Per connection: whether connected, reconnects and the age of its last inbound frame. */
  List<ConnectionStatus> status();

  /** Disconnects and stops the pump thread; when it returns no more frames are delivered. */
  @Override
  void close();
}
