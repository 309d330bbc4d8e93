package dev.sextant.ingest.chain.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A JSON-RPC proxy for tests: a Jetty server on a free loopback port in front of a node (an {@link
 * AnvilNode}), forwarding HTTP POSTs (batches included) and WebSocket sessions frame by frame, with
 * faults to inject on demand: 429 with {@code Retry-After}, other HTTP statuses, JSON-RPC errors
 * (for one method or any), stalled requests, WebSocket sessions dropped without a close frame,
 * upgrades refused, and sockets gone silent. It counts requests by method and the faults served.
 *
 * <p>Faults are armed in order and each answers the next requests it matches until its count is
 * spent; requests that no fault matches go to the node.
 */
public final class RpcProxy implements AutoCloseable {

  /** What a fault does to a request. */
  public enum Fault {
    /** HTTP 429 with a {@code Retry-After} header. */
    RATE_LIMIT,
    /** An HTTP status (5xx, 4xx) with a plain-text body. */
    HTTP_STATUS,
    /** HTTP 200 with a JSON-RPC error object for every request of the call. */
    RPC_ERROR,
    /** Held for a while, then forwarded. */
    STALL
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(30);

  private record Armed(
      Fault fault,
      String method,
      int status,
      String retryAfter,
      long code,
      String message,
      Duration hold,
      AtomicInteger remaining) {

    boolean matches(List<String> methods) {
      return remaining.get() > 0 && (method == null || methods.contains(method));
    }
  }

  private final URI httpTarget;
  private final URI wsTarget;
  private final Server server;
  private final ServerConnector connector;
  private final HttpClient forwarder;
  private final WebSocketClient upstream;
  private final ScheduledExecutorService stalls;
  private final List<Armed> armed = new ArrayList<>();
  private final Map<String, AtomicInteger> byMethod = new ConcurrentHashMap<>();
  private final Map<Fault, AtomicInteger> served = new ConcurrentHashMap<>();
  private final AtomicInteger httpRequests = new AtomicInteger();
  private final AtomicInteger sessions = new AtomicInteger();
  private final AtomicInteger refusedUpgrades = new AtomicInteger();
  private final List<Pipe> pipes = new CopyOnWriteArrayList<>();
  private volatile boolean refuseUpgrades;
  private volatile boolean silent;

  private RpcProxy(URI httpTarget, URI wsTarget) {
    this.httpTarget = httpTarget;
    this.wsTarget = wsTarget;
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("rpc-proxy");
    threads.setDaemon(true);
    server = new Server(threads, new ScheduledExecutorScheduler("rpc-proxy-scheduler", true), null);
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    WebSocketUpgradeHandler websockets =
        WebSocketUpgradeHandler.from(
            server,
            container -> {
              container.setIdleTimeout(Duration.ofMinutes(10));
              container.setMaxTextMessageSize(64L * 1024 * 1024);
              container.addMapping("/*", this::upgrade);
            });
    websockets.setHandler(new Forward());
    server.setHandler(websockets);
    forwarder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    upstream = new WebSocketClient();
    upstream.setIdleTimeout(Duration.ZERO);
    upstream.setMaxTextMessageSize(64L * 1024 * 1024);
    upstream.setStopAtShutdown(false);
    stalls =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("rpc-proxy-stalls").factory());
  }

  /** Starts a proxy in front of {@code node}'s HTTP and WebSocket endpoints. */
  public static RpcProxy inFrontOf(AnvilNode node) {
    return start(node.httpUrl(), node.wsUrl());
  }

  /** Starts a proxy on {@code 127.0.0.1} and a free port in front of the given endpoints. */
  public static RpcProxy start(URI httpTarget, URI wsTarget) {
    RpcProxy proxy = new RpcProxy(httpTarget, wsTarget);
    try {
      proxy.upstream.start();
      proxy.server.start();
    } catch (Exception e) {
      proxy.close();
      throw new IllegalStateException("RPC proxy did not start", e);
    }
    return proxy;
  }

  public URI httpUrl() {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
  }

  public URI wsUrl() {
    return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/");
  }

  // ---- faults ----

  /** Answers the next {@code n} HTTP requests with 429 and {@code Retry-After} in seconds. */
  public RpcProxy rateLimitNext(int n, Duration retryAfter) {
    return rateLimitNext(n, Long.toString(retryAfter.toSeconds()));
  }

  /** Answers the next {@code n} HTTP requests with 429 and this {@code Retry-After} value. */
  public RpcProxy rateLimitNext(int n, String retryAfterHeader) {
    return arm(new Armed(Fault.RATE_LIMIT, null, 429, retryAfterHeader, 0, null, null, count(n)));
  }

  /** Answers the next {@code n} HTTP requests with {@code status} (e.g. 503). */
  public RpcProxy failNext(int n, int status) {
    return arm(new Armed(Fault.HTTP_STATUS, null, status, null, 0, null, null, count(n)));
  }

  /** Answers the next {@code n} HTTP requests with a JSON-RPC error object. */
  public RpcProxy rpcErrorNext(int n, long code, String message) {
    return rpcErrorNext(n, null, code, message);
  }

  /**
   * Answers the next {@code n} HTTP requests calling {@code method} (for a batch: any of its
   * requests) with a JSON-RPC error, e.g. {@code eth_getLogs} and {@code -32005 "query returned
   * more than 10000 results"}; other requests pass.
   */
  public RpcProxy rpcErrorNext(int n, String method, long code, String message) {
    Objects.requireNonNull(message, "message");
    return arm(new Armed(Fault.RPC_ERROR, method, 200, null, code, message, null, count(n)));
  }

  /** Holds the next {@code n} HTTP requests for {@code hold} before forwarding them. */
  public RpcProxy stallNext(int n, Duration hold) {
    return arm(new Armed(Fault.STALL, null, 0, null, 0, null, hold, count(n)));
  }

  /** Disarms every fault not yet spent. */
  public synchronized void clearFaults() {
    armed.clear();
  }

  /** Ends every WebSocket session at once, without a close frame: a crash or a cut cable. */
  public void dropWebSockets() {
    for (Pipe pipe : pipes) {
      pipe.drop();
    }
  }

  /** While set, WebSocket upgrades are answered 503 and no session opens. */
  public void refuseWebSockets(boolean refuse) {
    this.refuseUpgrades = refuse;
  }

  /**
   * While set, the proxy passes no WebSocket frame either way and answers no ping, yet keeps the
   * sockets open: a half-open connection the client only finds by its own silence check.
   */
  public void silenceWebSockets(boolean silence) {
    this.silent = silence;
  }

  // ---- counts ----

  /** HTTP requests received (a batch counts once). */
  public int requests() {
    return httpRequests.get();
  }

  /** JSON-RPC requests of {@code method} received over HTTP (each request of a batch counts). */
  public int requests(String method) {
    AtomicInteger count = byMethod.get(method);
    return count == null ? 0 : count.get();
  }

  /** Faults served so far, of every kind. */
  public int faultsServed() {
    return served.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  public int faultsServed(Fault fault) {
    AtomicInteger count = served.get(fault);
    return count == null ? 0 : count.get();
  }

  /** WebSocket sessions accepted so far. */
  public int webSocketSessions() {
    return sessions.get();
  }

  /** WebSocket upgrades refused so far. */
  public int refusedUpgrades() {
    return refusedUpgrades.get();
  }

  @Override
  public void close() {
    dropWebSockets();
    for (AutoCloseable part :
        new AutoCloseable[] {
          server::stop, upstream::stop, stalls::shutdownNow, forwarder::shutdownNow
        }) {
      try {
        part.close();
      } catch (Exception e) {
        // Keep stopping the rest.
      }
    }
  }

  // ---- HTTP ----

  private synchronized RpcProxy arm(Armed fault) {
    armed.add(fault);
    return this;
  }

  private static AtomicInteger count(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("a fault needs a count of at least 1, got " + n);
    }
    return new AtomicInteger(n);
  }

  private synchronized Armed take(List<String> methods) {
    for (Armed fault : armed) {
      if (fault.matches(methods)) {
        fault.remaining().decrementAndGet();
        served.computeIfAbsent(fault.fault(), f -> new AtomicInteger()).incrementAndGet();
        return fault;
      }
    }
    return null;
  }

  private final class Forward extends Handler.Abstract {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      if (!HttpMethod.POST.is(request.getMethod())) {
        Response.writeError(request, response, callback, 405);
        return true;
      }
      Content.Source.asStringAsync(request, StandardCharsets.UTF_8)
          .whenComplete(
              (body, error) -> {
                if (error != null) {
                  Response.writeError(request, response, callback, 400);
                } else {
                  answer(body, response, callback);
                }
              });
      return true;
    }
  }

  private void answer(String body, Response response, Callback callback) {
    httpRequests.incrementAndGet();
    JsonNode call;
    try {
      call = JSON.readTree(body);
    } catch (IOException e) {
      call = null;
    }
    List<String> methods = methods(call);
    for (String method : methods) {
      byMethod.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    }
    Armed fault = take(methods);
    if (fault == null) {
      forward(body, response, callback);
      return;
    }
    switch (fault.fault()) {
      case RATE_LIMIT -> {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, fault.retryAfter());
        write(response, 429, "text/plain", "Too Many Requests", callback);
      }
      case HTTP_STATUS ->
          write(
              response, fault.status(), "text/plain", "injected HTTP " + fault.status(), callback);
      case RPC_ERROR ->
          write(response, 200, "application/json", errors(call, fault).toString(), callback);
      case STALL ->
          stalls.schedule(
              () -> forward(body, response, callback),
              fault.hold().toMillis(),
              TimeUnit.MILLISECONDS);
    }
  }

  private void forward(String body, Response response, Callback callback) {
    HttpRequest upstreamRequest =
        HttpRequest.newBuilder(httpTarget)
            .timeout(UPSTREAM_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    forwarder
        .sendAsync(upstreamRequest, HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (answer, error) -> {
              if (error != null) {
                write(response, 502, "text/plain", "node unreachable: " + error, callback);
              } else {
                write(response, answer.statusCode(), "application/json", answer.body(), callback);
              }
            });
  }

  private static void write(
      Response response, int status, String contentType, String body, Callback callback) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
  }

  private static List<String> methods(JsonNode call) {
    List<String> methods = new ArrayList<>();
    if (call == null) {
      return methods;
    }
    if (call.isArray()) {
      call.forEach(element -> methods.add(element.path("method").asText("?")));
    } else {
      methods.add(call.path("method").asText("?"));
    }
    return methods;
  }

  private static JsonNode errors(JsonNode call, Armed fault) {
    if (call != null && call.isArray()) {
      ArrayNode answers = JsonNodeFactory.instance.arrayNode();
      call.forEach(element -> answers.add(error(element.get("id"), fault)));
      return answers;
    }
    return error(call == null ? null : call.get("id"), fault);
  }

  private static ObjectNode error(JsonNode id, Armed fault) {
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.put("jsonrpc", "2.0");
    answer.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
    ObjectNode error = answer.putObject("error");
    error.put("code", fault.code());
    error.put("message", fault.message());
    return answer;
  }

  // ---- WebSocket ----

  private Object upgrade(
      ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
    if (refuseUpgrades) {
      refusedUpgrades.incrementAndGet();
      Response.writeError(request, response, callback, 503);
      return null;
    }
    Pipe pipe = new Pipe();
    try {
      upstream.connect(pipe.toNode, wsTarget).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      Response.writeError(request, response, callback, 502);
      return null;
    }
    pipes.add(pipe);
    sessions.incrementAndGet();
    return pipe.toClient;
  }

  /** One proxied session: the client's socket and the node's, each forwarding to the other. */
  private final class Pipe {

    private volatile Session client;
    private volatile Session node;
    final Side toClient = new Side(this, true);
    final Side toNode = new Side(this, false);

    void drop() {
      Session c = client;
      Session n = node;
      if (c != null) {
        c.disconnect();
      }
      if (n != null) {
        n.disconnect();
      }
      pipes.remove(this);
    }

    boolean silent() {
      return silent;
    }
  }

  /**
   * The listener of one side of a proxied session. Public only because Jetty binds listener methods
   * through a public lookup.
   */
  public static final class Side implements Session.Listener.AutoDemanding {

    private final Pipe pipe;
    private final boolean clientSide;

    private Side(Pipe pipe, boolean clientSide) {
      this.pipe = pipe;
      this.clientSide = clientSide;
    }

    private Session self() {
      return clientSide ? pipe.client : pipe.node;
    }

    private Session other() {
      return clientSide ? pipe.node : pipe.client;
    }

    @Override
    public void onWebSocketOpen(Session session) {
      if (clientSide) {
        pipe.client = session;
      } else {
        pipe.node = session;
      }
    }

    @Override
    public void onWebSocketText(String message) {
      Session other = other();
      if (!pipe.silent() && other != null && other.isOpen()) {
        other.sendText(message, org.eclipse.jetty.websocket.api.Callback.NOOP);
      }
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
      Session self = self();
      if (!pipe.silent() && self != null && self.isOpen()) {
        self.sendPong(payload, org.eclipse.jetty.websocket.api.Callback.NOOP);
      }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
      pipe.drop();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      pipe.drop();
    }
  }
}
