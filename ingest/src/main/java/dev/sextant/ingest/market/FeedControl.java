package dev.sextant.ingest.market;

import java.net.URI;

/** What a {@link ProtocolSession} may ask of the connection that feeds it. */
public interface FeedControl {

  /** Sends a text frame now; dropped when the socket is down (the next open resubscribes). */
  void send(String frame);

  /**
   * Fetches {@code uri} over HTTP GET, in the background. The response (or the failure) comes back
   * later through {@link ProtocolSession#onFrame} as a {@link RestFrame}, in order with the
   * socket's frames, so recording the frames records the snapshot too.
   */
  void fetch(URI uri);

  /**
   * Drops the connection and reconnects; {@link ProtocolSession#onOpen} runs again. For venues
   * whose only way to resync is a new connection (a Coinbase Advanced Trade sequence gap).
   */
  void reconnect(String reason);

  /** The control of a replay: frames, snapshots and reconnects are already in the capture. */
  FeedControl NONE =
      new FeedControl() {
        @Override
        public void send(String frame) {}

        @Override
        public void fetch(URI uri) {}

        @Override
        public void reconnect(String reason) {}
      };
}
