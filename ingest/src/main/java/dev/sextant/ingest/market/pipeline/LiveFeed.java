package dev.sextant.ingest.market.pipeline;

/** A running live feed: its connections and the thread that pumps their frames. */
public interface LiveFeed extends AutoCloseable {

  /** Connects and starts pumping frames. */
  void start();

  /** Disconnects and stops the pump thread; when it returns no more frames are delivered. */
  @Override
  void close();
}
