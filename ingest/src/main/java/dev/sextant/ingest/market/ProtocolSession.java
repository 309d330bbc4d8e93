package dev.sextant.ingest.market;

import java.util.List;
import java.util.Optional;

/**
 * Decodes the frames of one planned connection into records, on one thread, one frame at a time. It
 * owns the connection's state: subscriptions, order books and their sequences, recent trade ids.
 *
 * <p>The same session code decodes live frames, replayed captures and {@code market parse}: a
 * session never reads a clock or the network; it asks its {@link FeedControl} and the answers come
 * back as frames (see {@link RestFrame}), so a capture of the frames replays the same decisions.
 */
public interface ProtocolSession {

  /**
   * The socket opened (the first time or after a reconnect): forget what a new connection
   * invalidates (books wait for a fresh snapshot, sequences restart) and return the frames to send
   * to subscribe to everything again, in order. The feed paces them by {@link
   * MarketProtocol#subscribeFramesPerSecond()}.
   *
   * @param receivedEpochNanos when the socket opened
   */
  List<String> onOpen(long receivedEpochNanos);

  /**
   * Decodes one text frame (or a {@link RestFrame}) and emits what it holds to the session's {@link
   * MarketOutput}. Bad input is reported there as a dead letter; this method does not throw for bad
   * input.
   *
   * @param frame the frame's text as received
   * @param receivedEpochNanos when it was received, nanoseconds since the epoch
   */
  void onFrame(String frame, long receivedEpochNanos);

  /**
   * A frame of this connection was lost unread (it was over the size bound): whatever it held is
   * gone, so every open or awaiting book of the connection resyncs as after a sequence gap, and the
   * gap is reported.
   *
   * @param receivedEpochNanos when the lost frame was received
   */
  default void onLost(long receivedEpochNanos) {}

  /**
   * The application-level ping to send every {@link Heartbeat#pingInterval()}, such as OKX's {@code
   * ping} or Bybit's {@code {"op":"ping"}}; empty to send a WebSocket ping frame instead.
   */
  default Optional<String> pingFrame() {
    return Optional.empty();
  }
}
