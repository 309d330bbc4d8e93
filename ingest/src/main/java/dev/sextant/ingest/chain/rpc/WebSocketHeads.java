package dev.sextant.ingest.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.ingest.chain.rpc.HeadsMetrics.Drop;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.ObjectMapperFactory;

/**
 * New heads by {@code eth_subscribe("newHeads")} over a WebSocket, on the Jetty 12 client the
 * market feeds use. One thread ({@code chain-<name>-heads}) owns the socket: it connects,
 * subscribes, pings, declares a silent socket dead, reconnects with backoff (full jitter) and
 * delivers each head to the consumer. Nothing here throws into the caller: failures are logged,
 * counted and retried until {@link #close()}.
 *
 * <p>{@link #connected()} turns false the moment Jetty reports the socket closed or failed (on
 * Jetty's thread, before the heads thread hears of it), or when the silence check gives up on it;
 * it turns true only once the node confirmed the subscription.
 */
public final class WebSocketHeads implements NewHeads {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketHeads.class);

  /** How often to ping: a head every 12 s on mainnet is not enough of a sign of life. */
  static final Duration PING_INTERVAL = Duration.ofSeconds(5);

  /** Nothing heard for this long, not even a pong: the socket is half-open. */
  static final Duration SILENCE_TIMEOUT = Duration.ofSeconds(15);

  private static final String SUBSCRIBE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}";
  private static final long STOP_MILLIS = 2_000;

  private final URI wsUrl;
  private final RpcSettings settings;
  private final String chain;
  private final Duration pingInterval;
  private final Duration silenceTimeout;
  private final HeadsMetrics metrics;
  private final ObjectMapper mapper = ObjectMapperFactory.getObjectMapper();
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final Object lifecycle = new Object();

  private volatile boolean connected;
  private volatile long generation;
  private volatile boolean closed;
  private Thread thread;
  private QueuedThreadPool threads;
  private ScheduledExecutorScheduler scheduler;
  private HttpClient http;
  private WebSocketClient client;

  public WebSocketHeads(URI wsUrl, RpcSettings settings, MeterRegistry meters, String chain) {
    this(wsUrl, settings, meters, chain, PING_INTERVAL, SILENCE_TIMEOUT);
  }

  WebSocketHeads(
      URI wsUrl,
      RpcSettings settings,
      MeterRegistry meters,
      String chain,
      Duration pingInterval,
      Duration silenceTimeout) {
    this.wsUrl = Objects.requireNonNull(wsUrl, "wsUrl");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.chain = Objects.requireNonNull(chain, "chain");
    this.pingInterval = pingInterval;
    this.silenceTimeout = silenceTimeout;
    this.metrics = new HeadsMetrics(meters, chain);
  }

  @Override
  public void start(Consumer<BlockHeader> onHead) {
    Objects.requireNonNull(onHead, "onHead");
    synchronized (lifecycle) {
      if (closed || thread != null) {
        LOG.warn("{}: head subscription already started or closed; start ignored", chain);
        return;
      }
      thread =
          Thread.ofPlatform().daemon().name("chain-" + chain + "-heads").start(() -> run(onHead));
    }
  }

  @Override
  public boolean connected() {
    return connected;
  }

  @Override
  public void close() {
    Thread running;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      connected = false;
      running = thread;
    }
    events.add(new Event.Close());
    // A consumer closing from the heads thread must not wait for itself.
    if (running != null && running != Thread.currentThread()) {
      try {
        running.join(STOP_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    metrics.close();
  }

  // ---- the heads thread ----

  private void run(Consumer<BlockHeader> onHead) {
    try {
      if (!startClient()) {
        return;
      }
      Backoff backoff =
          new Backoff(
              settings.initialBackoff(), settings.maxBackoff(), RandomGenerator.getDefault());
      int failures = 0;
      boolean everSubscribed = false;
      while (!closed) {
        Connection connection = new Connection(++generation);
        long upNanos = connection.serve(onHead, everSubscribed);
        if (closed) {
          break;
        }
        if (upNanos >= 0) {
          everSubscribed = true;
          // A subscription that held for the longest wait was healthy: start the waits over.
          failures = upNanos >= settings.maxBackoff().toNanos() ? 1 : failures + 1;
        } else {
          failures++;
        }
        long wait = backoff.delayNanos(failures, Optional.empty());
        LOG.debug("{}: reconnecting to {} in {} ms", chain, wsUrl, wait / 1_000_000);
        pause(wait);
      }
    } catch (RuntimeException | Error e) {
      // Never seen; if it happens the tailer still polls, and the reason is in the log.
      LOG.error("{}: head subscription stopped by {}", chain, e.toString(), e);
    } finally {
      connected = false;
      stopClient();
    }
  }

  private boolean startClient() {
    threads = new QueuedThreadPool(8, 1, 60_000);
    threads.setName("chain-" + chain + "-ws");
    threads.setDaemon(true);
    threads.setStopTimeout(STOP_MILLIS);
    scheduler = new ScheduledExecutorScheduler("chain-" + chain + "-ws-scheduler", true);
    http = new HttpClient();
    http.setName("chain-" + chain + "-ws");
    http.setExecutor(threads);
    http.setScheduler(scheduler);
    http.setConnectTimeout(settings.requestTimeout().toMillis());
    client = new WebSocketClient(http);
    // The silence check decides when a socket is dead, not Jetty's idle timeout.
    client.setIdleTimeout(Duration.ZERO);
    client.setStopAtShutdown(false);
    client.setStopTimeout(STOP_MILLIS);
    try {
      threads.start();
      scheduler.start();
      http.start();
      client.start();
      return true;
    } catch (Exception e) {
      LOG.error("{}: WebSocket client did not start; heads come by polling only", chain, e);
      return false;
    }
  }

  private void stopClient() {
    for (LifeCycle part : new LifeCycle[] {client, http, scheduler, threads}) {
      if (part == null) {
        continue;
      }
      try {
        part.stop();
      } catch (Exception e) {
        LOG.warn("{}: could not stop {}: {}", chain, part, e.toString());
      }
    }
  }

  /** Waits before the next attempt; a close ends the wait. */
  private void pause(long nanos) {
    long deadline = System.nanoTime() + nanos;
    try {
      for (long left = nanos; left > 0 && !closed; left = deadline - System.nanoTime()) {
        Event event = events.poll(left, TimeUnit.NANOSECONDS);
        if (event instanceof Event.Close) {
          return;
        }
        // Anything else is a late event of an abandoned socket.
        abandonIfOpened(event);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  /** One socket, from the connection attempt until it is lost. Owned by the heads thread. */
  private final class Connection {

    private final long id;
    private Session session;
    private String subscription;
    private long subscribedAt;
    private long lastHeard;
    private long nextPing;

    Connection(long id) {
      this.id = id;
    }

    /**
     * Connects, subscribes and delivers heads until the socket is lost.
     *
     * @return how long the subscription was up, in nanoseconds; -1 when it never came up
     */
    long serve(Consumer<BlockHeader> onHead, boolean again) {
      long start = System.nanoTime();
      long handshakeDeadline = start + settings.requestTimeout().toNanos() * 2;
      try {
        ClientUpgradeRequest request = new ClientUpgradeRequest(wsUrl);
        request.setTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        client
            .connect(new Socket(WebSocketHeads.this, id), request)
            .whenComplete(
                (s, error) -> {
                  if (error != null) {
                    events.add(new Event.Down(id, Drop.ERROR, describe(error)));
                  }
                });
      } catch (Exception e) {
        return lost(Drop.ERROR, describe(e));
      }
      try {
        while (!closed) {
          long now = System.nanoTime();
          String timeout = check(now, handshakeDeadline);
          if (timeout != null) {
            return lost(subscription == null ? Drop.ERROR : Drop.SILENT, timeout);
          }
          Event event = events.poll(nextWake(now, handshakeDeadline) - now, TimeUnit.NANOSECONDS);
          if (event == null) {
            continue;
          }
          if (event.connection() != id && !(event instanceof Event.Close)) {
            abandonIfOpened(event);
            continue;
          }
          switch (event) {
            case Event.Close _ -> {
              return up();
            }
            case Event.Opened opened -> {
              session = opened.session();
              lastHeard = System.nanoTime();
              nextPing = lastHeard + pingInterval.toNanos();
              session.sendText(SUBSCRIBE, Callback.NOOP);
            }
            case Event.Heard _ -> lastHeard = System.nanoTime();
            case Event.Text text -> {
              lastHeard = System.nanoTime();
              handle(text.text(), onHead, again);
            }
            case Event.Down down -> {
              return lost(down.drop(), down.detail());
            }
          }
        }
        return up();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closed = true;
        return up();
      } finally {
        connected = false;
        if (session != null) {
          session.disconnect();
        }
      }
    }

    /** Why the connection is to be given up now, or null. */
    private String check(long now, long handshakeDeadline) {
      if (subscription == null) {
        return now - handshakeDeadline >= 0
            ? "no subscription within " + settings.requestTimeout()
            : null;
      }
      if (now - lastHeard > silenceTimeout.toNanos()) {
        return "nothing heard for " + silenceTimeout;
      }
      if (now - nextPing >= 0) {
        nextPing = now + pingInterval.toNanos();
        session.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
      }
      return null;
    }

    private long nextWake(long now, long handshakeDeadline) {
      if (subscription == null) {
        return handshakeDeadline;
      }
      return Math.min(nextPing, lastHeard + silenceTimeout.toNanos() + 1);
    }

    private void handle(String text, Consumer<BlockHeader> onHead, boolean again) {
      JsonNode message;
      try {
        message = mapper.readTree(text);
      } catch (Exception e) {
        metrics.malformed();
        LOG.warn("{}: unreadable WebSocket message skipped: {}", chain, RpcErrors.snippet(text));
        return;
      }
      if (subscription == null && message.path("id").asInt(-1) == 1) {
        subscribed(message, again);
        return;
      }
      JsonNode params = message.path("params");
      if (!"eth_subscription".equals(message.path("method").asText())
          || !params.path("subscription").asText().equals(subscription)) {
        return;
      }
      BlockHeader header;
      try {
        header = header(params.path("result"));
      } catch (RuntimeException e) {
        metrics.malformed();
        LOG.warn(
            "{}: unreadable head skipped ({}): {}", chain, e.getMessage(), RpcErrors.snippet(text));
        return;
      }
      metrics.received();
      try {
        onHead.accept(header);
      } catch (RuntimeException e) {
        LOG.warn("{}: the head consumer failed on block {}", chain, header.number(), e);
      }
    }

    private void subscribed(JsonNode answer, boolean again) {
      JsonNode result = answer.get("result");
      if (result == null || !result.isTextual()) {
        String error = answer.path("error").toString();
        events.add(new Event.Down(id, Drop.ERROR, "eth_subscribe refused: " + error));
        return;
      }
      subscription = result.asText();
      subscribedAt = System.nanoTime();
      // A close Jetty reported meanwhile already turned it false; its event follows.
      connected = session.isOpen();
      metrics.subscribed(again);
      LOG.info("{}: subscribed to new heads at {}", chain, wsUrl);
    }

    private long up() {
      return subscription == null ? -1 : System.nanoTime() - subscribedAt;
    }

    private long lost(Drop drop, String detail) {
      connected = false;
      if (subscription == null) {
        metrics.failed();
        LOG.debug("{}: no head subscription at {}: {}", chain, wsUrl, detail);
      } else {
        metrics.dropped(drop);
        LOG.info("{}: head subscription lost ({}: {})", chain, drop.tag(), detail);
      }
      return up();
    }
  }

  /** Disconnects a socket that opened after its attempt was given up, so none is left open. */
  private static void abandonIfOpened(Event event) {
    if (event instanceof Event.Opened late) {
      late.session().disconnect();
    }
  }

  private static BlockHeader header(JsonNode head) {
    return new BlockHeader(
        Quantity.parse(head.path("number").asText(null)),
        hash(head.path("hash").asText(null)),
        hash(head.path("parentHash").asText(null)),
        Instant.ofEpochSecond(Quantity.parse(head.path("timestamp").asText(null))));
  }

  private static String hash(String hash) {
    if (hash == null || hash.length() != 66 || !hash.startsWith("0x")) {
      throw new IllegalArgumentException("not a block hash: " + hash);
    }
    return hash.toLowerCase(Locale.ROOT);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + message;
  }

  /** A socket's news for the heads thread, tagged with the connection it belongs to. */
  private sealed interface Event {
    long connection();

    record Opened(long connection, Session session) implements Event {}

    record Text(long connection, String text) implements Event {}

    record Heard(long connection) implements Event {}

    record Down(long connection, Drop drop, String detail) implements Event {}

    record Close() implements Event {
      @Override
      public long connection() {
        return -1;
      }
    }
  }

  /**
   * The Jetty listener of one connection: it only queues what it hears, and turns {@link
   * #connected()} false itself the moment its socket goes. Public only because Jetty binds listener
   * methods through a public lookup.
   */
  public static final class Socket implements Session.Listener.AutoDemanding {

    private final WebSocketHeads heads;
    private final long connection;

    Socket(WebSocketHeads heads, long connection) {
      this.heads = heads;
      this.connection = connection;
    }

    @Override
    public void onWebSocketOpen(Session session) {
      if (heads.closed) {
        session.disconnect();
        return;
      }
      heads.events.add(new Event.Opened(connection, session));
    }

    @Override
    public void onWebSocketText(String message) {
      heads.events.add(new Event.Text(connection, message));
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
      heads.events.add(new Event.Heard(connection));
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
      down(
          Drop.CLOSED,
          "close " + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason));
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      down(Drop.ERROR, describe(cause));
    }

    private void down(Drop drop, String detail) {
      if (heads.generation == connection) {
        heads.connected = false;
      }
      heads.events.add(new Event.Down(connection, drop, detail));
    }
  }
}
