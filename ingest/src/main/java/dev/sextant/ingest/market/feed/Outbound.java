package dev.sextant.ingest.market.feed;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Sends text frames and pings on one socket until it is abandoned. Jetty queues sends in order
 * itself, from any thread; this only makes sure nothing goes out on a socket the feed gave up.
 */
final class Outbound {

  private final Session socket;
  private volatile boolean closed;

  Outbound(Session socket) {
    this.socket = socket;
  }

  /** Sends a text frame. */
  void text(String frame) {
    if (!closed) {
      // A failed send means the socket is going down: its reader reports the end.
      socket.sendText(frame, Callback.NOOP);
    }
  }

  /** Sends a WebSocket ping with an empty payload. */
  void ping() {
    if (!closed) {
      socket.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
    }
  }

  /** Stops sending; the socket is being abandoned. */
  void close() {
    closed = true;
  }
}
