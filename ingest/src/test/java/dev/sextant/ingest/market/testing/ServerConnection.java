package dev.sextant.ingest.market.testing;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One client connection on a {@link VenueServer}: what the client sent, and what the venue does to
 * it (send, ping, drop, close, fall silent).
 */
public final class ServerConnection implements Session.Listener.AutoDemanding {

  private final int index;
  private final String path;
  private final VenueScript script;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger pings = new AtomicInteger();
  private final AtomicInteger pongs = new AtomicInteger();
  private volatile Session session;
  private volatile boolean silent;
  private volatile boolean open;

  ServerConnection(int index, String path, VenueScript script) {
    this.index = index;
    this.path = path;
    this.script = script;
  }

  /** The connection's number on its server, from 0 in order of connection. */
  public int index() {
    return index;
  }

  /** The path the client connected to: {@code /ws}, or one under it such as {@code /ws/linear}. */
  public String path() {
    return path;
  }

  /** The text frames the client sent, in order. */
  public List<String> received() {
    return List.copyOf(received);
  }

  /** The WebSocket pings the client sent. */
  public int pings() {
    return pings.get();
  }

  /** The WebSocket pongs the client sent (answers to {@link #sendPing()}). */
  public int pongs() {
    return pongs.get();
  }

  /** True until the socket closed, either way. */
  public boolean isOpen() {
    return open;
  }

  /**
   * Sends a text frame, unless the connection went silent, and waits until it is written out, so a
   * {@link #drop()} after it cannot overtake it. False when the socket is closed or it failed.
   */
  public boolean send(String text) {
    Session s = session;
    if (silent || s == null || !s.isOpen()) {
      return false;
    }
    Callback.Completable written = new Callback.Completable();
    s.sendText(text, written);
    try {
      written.get(30, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Sends a WebSocket ping, unless the connection went silent. */
  public void sendPing() {
    Session s = session;
    if (!silent && s != null && s.isOpen()) {
      s.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
    }
  }

  /** Ends the TCP connection at once, with no close frame: a venue crash or a network cut. */
  public void drop() {
    Session s = session;
    if (s != null) {
      s.disconnect();
    }
  }

  /** Closes with a close frame. */
  public void close(int code, String reason) {
    Session s = session;
    if (s != null) {
      s.close(code, reason, Callback.NOOP);
    }
  }

  /** From now on sends nothing, not even pongs, yet keeps the socket open: a hung venue. */
  public void goSilent() {
    silent = true;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
    this.open = true;
    script.onConnect(this);
  }

  @Override
  public void onWebSocketText(String message) {
    received.add(message);
    script.onText(this, message);
  }

  @Override
  public void onWebSocketPing(ByteBuffer payload) {
    pings.incrementAndGet();
    Session s = session;
    if (!silent && s != null && s.isOpen()) {
      s.sendPong(payload, Callback.NOOP);
    }
  }

  @Override
  public void onWebSocketPong(ByteBuffer payload) {
    pongs.incrementAndGet();
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason, Callback callback) {
    open = false;
    callback.succeed();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    open = false;
  }
}
