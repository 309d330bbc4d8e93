package dev.sextant.ingest.market.feed;

import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.FeedControl;
import dev.sextant.ingest.market.FrameListener;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.feed.FeedEvent.Down;
import dev.sextant.ingest.market.feed.FeedEvent.Opened;
import dev.sextant.ingest.market.feed.FeedEvent.Oversized;
import dev.sextant.ingest.market.feed.FeedEvent.Reason;
import dev.sextant.ingest.market.feed.FeedEvent.Rest;
import dev.sextant.ingest.market.feed.FeedEvent.Text;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One planned connection, kept open across drops: connects, subscribes through its session, pings,
 * watches for silence and reconnects with backoff.
 *
 * <p>Its state belongs to the feed's pump thread: the pump hands it the events its socket readers
 * queued ({@link #handle}) and calls {@link #housekeep} after each event and while idle. The
 * readers only count, assemble frames and queue events.
 */
final class WebSocketConnection {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);

  /** What the connection does with its socket. */
  private enum State {
    /** Down, connecting again at {@code nextConnectAt}. */
    WAITING,
    /** A connection attempt is under way. */
    CONNECTING,
    OPEN,
    /** The feed is closed. */
    CLOSED
  }

  /** How a connection reaches the feed that owns it. */
  record Wiring(
      String protocol,
      WebSocketClient client,
      RestFetcher fetcher,
      Inbox inbox,
      Clock clock,
      Duration connectTimeout,
      int maxFrameBytes,
      Duration pingInterval,
      Duration silenceTimeout,
      int subscribeFramesPerSecond) {}

  private final ConnectionPlan plan;
  private final Wiring wiring;
  private final FeedMetrics metrics;
  private final Backoff backoff;
  private final String name;
  private final long pingNanos;
  private final long silenceNanos;
  private final long subscribeGapNanos;
  private final FeedControl control = new Control();
  private ProtocolSession session;

  // Owned by the pump thread.
  private State state = State.WAITING;
  private long generation;
  private long nextConnectAt;
  private Session socket;
  private long openedAt;
  private long nextPingAt;
  private final ArrayDeque<String> subscribes = new ArrayDeque<>();
  private long nextSubscribeAt;
  private int attempts;

  // Read by other threads: the session's control, the readers and the status snapshot.
  private volatile Outbound outbound;
  private volatile boolean connected;
  private volatile long lastInboundNanos;
  private volatile boolean everInbound;
  private volatile boolean parked;
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicReference<String> reconnectRequest = new AtomicReference<>();

  WebSocketConnection(ConnectionPlan plan, Wiring wiring, FeedMetrics metrics, Backoff backoff) {
    this.plan = plan;
    this.wiring = wiring;
    this.metrics = metrics;
    this.backoff = backoff;
    this.name = wiring.protocol() + (plan.label().isEmpty() ? "" : "/" + plan.label());
    this.pingNanos = wiring.pingInterval().toNanos();
    this.silenceNanos = wiring.silenceTimeout().toNanos();
    this.subscribeGapNanos = 1_000_000_000L / Math.max(1, wiring.subscribeFramesPerSecond());
  }

  /** What the session of this connection may ask of it. */
  FeedControl control() {
    return control;
  }

  /** Binds the session this connection feeds; once, before the pump starts. */
  void attach(ProtocolSession session) {
    this.session = session;
  }

  String label() {
    return plan.label();
  }

  /** Wall-clock time since the epoch, in nanoseconds, at the clock's precision. */
  long epochNanos() {
    Instant now = wiring.clock().instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  ConnectionStatus status(long nanoTime) {
    return new ConnectionStatus(
        plan.label(),
        connected,
        reconnects.get(),
        everInbound
            ? Optional.of(Duration.ofNanos(Math.max(0, nanoTime - lastInboundNanos)))
            : Optional.empty());
  }

  /** Handles one event its readers queued; on the pump thread. */
  void handle(FeedEvent event, long now, FrameListener listener) {
    switch (event) {
      case Opened opened -> opened(opened, now);
      case Text text -> {
        if (text.generation() == generation && state == State.OPEN) {
          listener.frame(plan.label(), text.text(), text.epochNanos());
          session.onFrame(text.text(), text.epochNanos());
        }
      }
      case Oversized big -> {
        if (big.generation() == generation && state == State.OPEN) {
          listener.oversized(plan.label(), big.head(), big.size(), big.epochNanos());
          session.onLost(big.epochNanos());
        }
      }
      case Down down -> {
        if (down.generation() == generation && (state == State.OPEN || state == State.CONNECTING)) {
          replace(down.reason(), down.detail(), now);
        }
      }
      case Rest rest -> {
        listener.frame(plan.label(), rest.frame(), rest.epochNanos());
        session.onFrame(rest.frame(), rest.epochNanos());
      }
    }
  }

  /** Connects when due, sends due subscribe frames and pings, and watches for silence. */
  void housekeep(long now) {
    switch (state) {
      case WAITING -> {
        if (now - nextConnectAt >= 0) {
          connect();
        }
      }
      case OPEN -> {
        String request = reconnectRequest.getAndSet(null);
        if (request != null) {
          replace(Reason.REQUESTED, request, now);
        } else if (!parked && now - lastInboundNanos > silenceNanos) {
          LOG.warn(
              "{}: no frame for {} ms, declaring the connection dead",
              name,
              (now - lastInboundNanos) / 1_000_000);
          replace(Reason.SILENT, "no frame for " + wiring.silenceTimeout(), now);
        } else {
          sendDue(now);
        }
      }
      case CONNECTING, CLOSED -> {}
    }
  }

  /** Abandons the socket for good; the feed is closing. */
  void close() {
    state = State.CLOSED;
    generation++;
    abandonSocket();
    metrics.close();
  }

  private void connect() {
    state = State.CONNECTING;
    long attempt = ++generation;
    attempts++;
    if (attempts == 1) {
      LOG.info("{}: connecting to {}", name, plan.endpoint());
    } else {
      // Each failed attempt was logged with its reason and delay already.
      LOG.debug("{}: connecting to {} (attempt {})", name, plan.endpoint(), attempts);
    }
    try {
      ClientUpgradeRequest request = new ClientUpgradeRequest(plan.endpoint());
      // The whole opening handshake, TCP and TLS connect included.
      request.setTimeout(wiring.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
      wiring
          .client()
          .connect(new Reader(attempt), request)
          .whenComplete(
              (ws, error) -> {
                if (error != null) {
                  queue(
                      new Down(this, attempt, Reason.ERROR, RestFetcher.describe(error)), () -> {});
                }
              });
    } catch (IOException | RuntimeException e) {
      // Only when the client is shut down or the URI unusable: reported like a failed attempt.
      queue(new Down(this, attempt, Reason.ERROR, RestFetcher.describe(e)), () -> {});
    }
  }

  private void opened(Opened opened, long now) {
    if (opened.generation() != generation || state != State.CONNECTING) {
      opened.socket().disconnect();
      return;
    }
    state = State.OPEN;
    socket = opened.socket();
    outbound = new Outbound(socket);
    connected = true;
    openedAt = now;
    lastInboundNanos = now;
    everInbound = true;
    nextPingAt = now + pingNanos;
    reconnectRequest.set(null);
    metrics.connected();
    LOG.info("{}: connected to {} after {} attempt(s)", name, plan.endpoint(), attempts);
    attempts = 0;
    List<String> frames = session.onOpen(opened.epochNanos());
    subscribes.clear();
    subscribes.addAll(frames);
    nextSubscribeAt = now;
    sendDue(now);
  }

  /** Sends the subscribe frames that fell due (paced per the venue's limit) and a due ping. */
  private void sendDue(long now) {
    Outbound out = outbound;
    if (!subscribes.isEmpty() && now - nextSubscribeAt >= 0) {
      out.text(subscribes.poll());
      nextSubscribeAt = now + subscribeGapNanos;
    }
    if (pingNanos > 0 && now - nextPingAt >= 0) {
      nextPingAt = now + pingNanos;
      Optional<String> ping = session.pingFrame();
      if (ping.isPresent()) {
        out.text(ping.get());
      } else {
        out.ping();
      }
    }
  }

  /** Gives up the current socket or attempt and schedules the next one after a backoff delay. */
  private void replace(Reason reason, String detail, long now) {
    boolean wasOpen = state == State.OPEN;
    long uptime = wasOpen ? now - openedAt : 0;
    generation++;
    abandonSocket();
    state = State.WAITING;
    long delay = backoff.afterUptime(uptime);
    nextConnectAt = now + delay;
    reconnects.incrementAndGet();
    metrics.disconnected();
    metrics.reconnect(reason);
    LOG.info(
        "{}: {} ({}){}; reconnecting in {} ms",
        name,
        switch (reason) {
          case CLOSED -> "connection closed";
          case ERROR -> wasOpen ? "connection failed" : "could not connect";
          case SILENT -> "connection silent";
          case REQUESTED -> "reconnect requested";
        },
        detail,
        wasOpen ? " after " + Duration.ofNanos(uptime).toMillis() + " ms up" : "",
        delay / 1_000_000);
  }

  private void abandonSocket() {
    connected = false;
    subscribes.clear();
    Outbound out = outbound;
    outbound = null;
    if (out != null) {
      out.close();
    }
    if (socket != null) {
      socket.disconnect();
      socket = null;
    }
  }

  private void queue(FeedEvent event, Runnable resume) {
    wiring.inbox().offer(event, resume);
  }

  private void heard() {
    lastInboundNanos = System.nanoTime();
  }

  /** The session's handle on this connection; safe from any thread. */
  private final class Control implements FeedControl {

    @Override
    public void send(String frame) {
      Outbound out = outbound;
      if (out != null) {
        out.text(frame);
      } else {
        LOG.debug("{}: socket down, frame dropped", name);
      }
    }

    @Override
    public void fetch(URI uri) {
      wiring
          .fetcher()
          .fetch(uri)
          .thenAccept(
              answer -> {
                metrics.restFetch(
                    answer.ok() ? "ok" : answer.status() == 0 ? "failed" : "http_error");
                if (!answer.ok()) {
                  LOG.info("{}: GET {} answered {}", name, uri, answer.status());
                }
                queue(new Rest(WebSocketConnection.this, answer.encode(), epochNanos()), () -> {});
              });
    }

    @Override
    public void reconnect(String reason) {
      reconnectRequest.set(reason);
    }
  }

  /**
   * The Jetty socket listener of one connection attempt. Jetty's automatic demand is off (a plain
   * {@link Session.Listener}): it reads the next frame only once {@link Session#demand()} is
   * called, which this does only after the previous message is queued. That is how a full inbox
   * stops the socket reading. Frames already read are delivered before the end of the stream is
   * reported.
   *
   * <p>Public only because Jetty binds listener methods through a public lookup.
   */
  public final class Reader implements Session.Listener {

    private final long attempt;
    private final FrameAssembler assembler = new FrameAssembler(wiring.maxFrameBytes());
    private volatile Session session;

    Reader(long attempt) {
      this.attempt = attempt;
    }

    @Override
    public void onWebSocketOpen(Session session) {
      this.session = session;
      heard();
      deliver(new Opened(WebSocketConnection.this, attempt, session, epochNanos()));
    }

    @Override
    public void onWebSocketPartialText(String part, boolean last) {
      heard();
      FrameAssembler.Message message = assembler.add(part, last);
      if (message == null) {
        session.demand();
        return;
      }
      long received = epochNanos();
      metrics.bytes(message.bytes());
      if (message.oversized()) {
        metrics.oversized();
        LOG.warn("{}: dropped a frame of {} bytes over the bound", name, message.bytes());
        deliver(
            new Oversized(
                WebSocketConnection.this, attempt, message.head(), message.bytes(), received));
      } else {
        metrics.frame();
        deliver(new Text(WebSocketConnection.this, attempt, message.text(), received));
      }
    }

    @Override
    public void onWebSocketPartialBinary(ByteBuffer payload, boolean last, Callback callback) {
      // No supported venue sends binary frames: it counts as a sign of life and is dropped.
      heard();
      callback.succeed();
      session.demand();
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
      // Jetty answers pings by itself only for listeners it demands for: this one answers.
      heard();
      session.sendPong(payload, Callback.NOOP);
      session.demand();
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
      heard();
      session.demand();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
      queue(
          new Down(
              WebSocketConnection.this,
              attempt,
              Reason.CLOSED,
              "close " + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason)),
          () -> {});
    }

    @Override
    public void onWebSocketError(Throwable error) {
      queue(
          new Down(WebSocketConnection.this, attempt, Reason.ERROR, RestFetcher.describe(error)),
          () -> {});
    }

    /** Queues an event and reads on once it is in: at once, or when the pump makes room. */
    private void deliver(FeedEvent event) {
      Session s = session;
      parked = true;
      Runnable resume =
          () -> {
            parked = false;
            heard();
            // From the pump thread: Jetty hands the reading to its own threads.
            s.demand();
          };
      if (wiring.inbox().offer(event, resume)) {
        parked = false;
        s.demand();
      }
    }
  }
}
