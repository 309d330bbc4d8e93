package dev.sextant.ingest.market.feed;

import dev.sextant.ingest.deadletter.DeadLetters;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.FeedConfig;
import dev.sextant.ingest.market.FeedControl;
import dev.sextant.ingest.market.FrameListener;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.MarketSessions;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.schemas.registry.Registry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live market feed: the WebSocket connections of one protocol's plans, and the one pump thread
 * ({@code sextant-feed-<protocol>}) that owns every session of the feed.
 *
 * <p>Socket readers only assemble frames and queue them; the pump takes them in arrival order and
 * makes every session call ({@code onOpen}, {@code onFrame}, {@code pingFrame}) and every {@link
 * FrameListener} call, so sessions and listener need no locks. See {@code docs/market/
 * connections.md}.
 */
public final class MarketFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MarketFeed.class);

  /** The pump wakes at least this often while idle, for ticks, pings, silence and reconnects. */
  static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(4);

  /** Events between the readers and the pump; the byte bound below usually binds first. */
  static final int QUEUE_EVENTS = 16_384;

  /** The queue's byte bound: at least two frames of the largest size. */
  static final long QUEUE_MIN_BYTES = 64L * 1024 * 1024;

  /** How long a REST fetch may take in all, body included. */
  static final Duration REST_TIMEOUT = Duration.ofSeconds(30);

  private final MarketProtocol protocol;
  private final FrameListener listener;
  private final Inbox inbox;
  private final FeedClient client;
  private final Map<String, WebSocketConnection> connections = new LinkedHashMap<>();
  private final Thread pump;
  private final MeterRegistry meters;
  private final Gauge queueDepth;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean running;
  private volatile boolean started;
  private volatile boolean closed;

  /**
   * Plans the connections and creates their sessions; nothing connects before {@link #start()}.
   *
   * @throws IllegalArgumentException when the configuration names another protocol, or the protocol
   *     rejects the instruments
   */
  public MarketFeed(
      MarketProtocol protocol,
      FeedConfig config,
      Registry registry,
      MarketOutput output,
      FrameListener listener,
      MeterRegistry meters) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.meters = Objects.requireNonNull(meters, "meters");
    if (!config.protocol().equals(protocol.name())) {
      throw new IllegalArgumentException(
          "feed configured for '" + config.protocol() + "' given protocol " + protocol.name());
    }
    String threadName = "sextant-feed-" + protocol.name();
    URI endpoint = config.endpoint().orElseGet(protocol::defaultEndpoint);
    List<ConnectionPlan> plans = protocol.plan(endpoint, config.instruments());
    if (plans.isEmpty()) {
      throw new IllegalArgumentException(protocol.name() + ": no connection planned");
    }

    this.inbox = new Inbox(QUEUE_EVENTS, Math.max(QUEUE_MIN_BYTES, 2L * config.maxFrameBytes()));
    this.client = new FeedClient(threadName, config.connectTimeout());
    try {
      RestFetcher fetcher =
          new RestFetcher(
              client.http(), REST_TIMEOUT.plus(config.connectTimeout()), config.maxFrameBytes());
      // Instant.now() on Linux reads the realtime clock at microsecond precision or better.
      WebSocketConnection.Wiring wiring =
          new WebSocketConnection.Wiring(
              protocol.name(),
              client.websockets(),
              fetcher,
              inbox,
              Clock.systemUTC(),
              config.connectTimeout(),
              config.maxFrameBytes(),
              protocol.heartbeat().pingInterval(),
              protocol.heartbeat().silenceTimeout(),
              protocol.subscribeFramesPerSecond());
      for (ConnectionPlan plan : plans) {
        connections.put(
            plan.label(),
            new WebSocketConnection(
                plan,
                wiring,
                new FeedMetrics(meters, protocol.name(), protocol.venue(), plan.label()),
                new Backoff(
                    config.initialBackoff(),
                    config.maxBackoff(),
                    RandomGenerator.of("L64X128MixRandom"))));
      }
      MarketSessions sessions =
          new MarketSessions(
              protocol,
              plans,
              config.restEndpoint().or(protocol::defaultRestEndpoint),
              registry,
              output,
              plan -> connections.get(plan.label()).control());
      for (WebSocketConnection connection : connections.values()) {
        connection.attach(
            new Announced(
                connection.label(),
                sessions.session(connection.label()),
                output,
                connection.control()));
      }
    } catch (RuntimeException e) {
      // Sessions could not be built (two plans with one label): the client's threads must not leak.
      connections.values().forEach(WebSocketConnection::close);
      client.close();
      throw e;
    }
    this.queueDepth = FeedMetrics.queueDepth(meters, protocol.name(), protocol.venue(), inbox);
    this.pump = new Thread(this::pump, threadName);
    pump.setDaemon(true);
  }

  /** Starts the pump thread, which connects every planned connection. */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("feed already started");
    }
    if (closed) {
      throw new IllegalStateException("feed closed");
    }
    started = true;
    running = true;
    pump.start();
  }

  /** Per connection: label, whether connected, reconnects, age of the last inbound frame. */
  public List<ConnectionStatus> status() {
    long now = System.nanoTime();
    List<ConnectionStatus> status = new ArrayList<>(connections.size());
    for (WebSocketConnection connection : connections.values()) {
      status.add(connection.status(now));
    }
    return status;
  }

  /** True while the pump runs: started, not closed and not failed. */
  public boolean isRunning() {
    return running && pump.isAlive();
  }

  /**
   * True when no pump thread runs: never started, or ended. {@link #close()} can return with the
   * pump still alive, blocked in the listener; until this is true the listener is the pump's.
   */
  public boolean isStopped() {
    return !pump.isAlive();
  }

  /**
   * Asks every connection to reconnect, as {@link dev.sextant.ingest.market.FeedControl#reconnect}
   * does for one: the pump drops each open socket at its next round and connects anew, so every
   * session reports a reconnect gap and resubscribes (books start again from a snapshot). A
   * connection that is down already reconnects anyway. Safe from any thread.
   */
  public void reconnectAll(String reason) {
    for (WebSocketConnection connection : connections.values()) {
      connection.control().reconnect(reason);
    }
  }

  /**
   * What stopped the pump, when the listener threw, or a session threw an Error: the feed stops
   * rather than skip frames, since a frame lost here is a gap no venue will resend. (A session's
   * RuntimeException costs the frame and a reconnect instead; see {@code Announced}.)
   */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  /** Stops the pump, closes every socket and ends the feed's threads; waits for them briefly. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      running = false;
    }
    inbox.close();
    if (started && Thread.currentThread() != pump) {
      try {
        pump.join(TimeUnit.SECONDS.toMillis(5));
        if (pump.isAlive()) {
          // Stuck in a session or the listener (a blocked downstream): interrupt it.
          LOG.warn("{}: the pump did not stop within 5 s; interrupting it", protocol.name());
          pump.interrupt();
          pump.join(TimeUnit.SECONDS.toMillis(5));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (!started) {
      shutdown();
    }
  }

  private void pump() {
    try {
      long now = System.nanoTime();
      while (running) {
        FeedEvent event = inbox.poll(IDLE_WAIT_NANOS);
        now = System.nanoTime();
        if (event != null) {
          event.connection().handle(event, now, listener);
        }
        for (WebSocketConnection connection : connections.values()) {
          connection.housekeep(now);
        }
        listener.tick(System.nanoTime());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      failure.set(e);
      LOG.error("{}: the feed stopped: {}", protocol.name(), e.toString(), e);
    } finally {
      running = false;
      shutdown();
    }
  }

  /** Ends the sockets, the HTTP client and its threads; on the pump thread when it ran. */
  private void shutdown() {
    inbox.close();
    for (WebSocketConnection connection : connections.values()) {
      connection.close();
    }
    meters.remove(queueDepth);
    client.close();
    if (!client.isStopped()) {
      LOG.warn("{}: feed threads still running after close", protocol.name());
    }
    LOG.info("{}: feed closed", protocol.name());
  }

  /**
   * A session whose opens the listener hears of first, on the pump thread, and whose bugs cost a
   * reconnect rather than the feed.
   *
   * <p>A session does not throw for bad input; one that throws anyway has a bug, and its state may
   * be inconsistent. Stopping the feed would lose every frame from then on, so the frame is
   * dead-lettered as {@link ErrorKind#ADAPTER_ERROR} and the connection is made anew, which resets
   * the session's state for it.
   */
  private final class Announced implements ProtocolSession {
    private final String label;
    private final ProtocolSession session;
    private final MarketOutput output;
    private final FeedControl control;

    Announced(String label, ProtocolSession session, MarketOutput output, FeedControl control) {
      this.label = label;
      this.session = session;
      this.output = output;
      this.control = control;
    }

    @Override
    public List<String> onOpen(long receivedEpochNanos) {
      listener.opened(label, receivedEpochNanos);
      try {
        return session.onOpen(receivedEpochNanos);
      } catch (RuntimeException e) {
        failed("opening", e);
        return List.of();
      }
    }

    @Override
    public void onFrame(String frame, long receivedEpochNanos) {
      try {
        session.onFrame(frame, receivedEpochNanos);
      } catch (RuntimeException e) {
        failed("decoding a frame", e);
      }
    }

    @Override
    public void onLost(long receivedEpochNanos) {
      try {
        session.onLost(receivedEpochNanos);
      } catch (RuntimeException e) {
        failed("handling a lost frame", e);
      }
    }

    @Override
    public Optional<String> pingFrame() {
      return session.pingFrame();
    }

    private void failed(String doing, RuntimeException e) {
      String what = protocol.name() + " session failed " + doing + ": " + e;
      LOG.warn("{}{}: {}; reconnecting", protocol.name(), suffix(label), what, e);
      output.deadLetter(ErrorKind.ADAPTER_ERROR, DeadLetters.abbreviate(what, 500));
      control.reconnect(what);
    }
  }

  private static String suffix(String label) {
    return label.isEmpty() ? "" : "/" + label;
  }
}
