package dev.sextant.ingest.market.feed;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Sends text frames and pings on one socket, one at a time: the JDK's WebSocket refuses a send
 * while the previous one is still in flight, so later ones wait here in order.
 */
final class Outbound {

  /** A queued ping, told apart from queued text frames (strings). */
  private static final Object PING = new Object();

  private final WebSocket socket;
  private final ArrayDeque<Object> waiting = new ArrayDeque<>();
  private boolean busy;
  private boolean closed;

  Outbound(WebSocket socket) {
    this.socket = socket;
  }

  /** Queues a text frame. */
  void text(String frame) {
    enqueue(frame);
  }

  /** Queues a WebSocket ping with an empty payload. */
  void ping() {
    enqueue(PING);
  }

  /** Drops what still waits; the socket is being abandoned. */
  synchronized void close() {
    closed = true;
    waiting.clear();
  }

  private void enqueue(Object item) {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (busy) {
        waiting.add(item);
        return;
      }
      busy = true;
    }
    send(item);
  }

  private void send(Object item) {
    CompletableFuture<WebSocket> sent;
    try {
      sent =
          item == PING
              ? socket.sendPing(ByteBuffer.allocate(0))
              : socket.sendText((String) item, true);
    } catch (RuntimeException e) {
      // The output is closed: the reader reports the socket's end, this just stops sending.
      close();
      return;
    }
    sent.whenComplete(
        (ws, error) -> {
          Object next;
          synchronized (this) {
            next = error == null && !closed ? waiting.poll() : null;
            if (error != null) {
              closed = true;
              waiting.clear();
            }
            if (next == null) {
              busy = false;
              return;
            }
          }
          send(next);
        });
  }
}
