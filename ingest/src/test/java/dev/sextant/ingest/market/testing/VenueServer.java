package dev.sextant.ingest.market.testing;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A local venue for tests: a real WebSocket server (Jetty) on loopback and an ephemeral port,
 * driven per connection by a {@link VenueScript}, with plain HTTP answers on other paths for REST
 * snapshots.
 */
public final class VenueServer implements AutoCloseable {

  /**
   * The WebSocket path; paths under it ({@code /ws/linear}) are WebSocket too; any other is REST.
   */
  public static final String WS_PATH = "/ws";

  /** Frames the client may send, and the server may send, up to this size. */
  private static final long MAX_MESSAGE = 64L * 1024 * 1024;

  /** A REST answer. */
  public record RestAnswer(int status, String body) {}

  private final Server server;
  private final ServerConnector connector;
  private final List<ServerConnection> connections = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private final Map<String, Function<String, RestAnswer>> routes = new ConcurrentHashMap<>();
  private final List<String> restRequests = new CopyOnWriteArrayList<>();

  private VenueServer(VenueScript script) {
    // Named so a test can tell the venue's threads from the client's.
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("venue-server");
    server =
        new Server(threads, new ScheduledExecutorScheduler("venue-server-scheduler", false), null);
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    WebSocketUpgradeHandler websockets =
        WebSocketUpgradeHandler.from(
            server,
            container -> {
              container.setMaxTextMessageSize(MAX_MESSAGE);
              container.setIdleTimeout(Duration.ofMinutes(10));
              for (String path : List.of(WS_PATH, WS_PATH + "/*")) {
                container.addMapping(
                    path,
                    (request, response, callback) -> {
                      ServerConnection connection =
                          new ServerConnection(
                              count.getAndIncrement(), request.getHttpURI().getPath(), script);
                      connections.add(connection);
                      return connection;
                    });
              }
            });
    websockets.setHandler(new RestHandler());
    server.setHandler(websockets);
  }

  /** Starts a server on {@code 127.0.0.1} and a free port. */
  public static VenueServer start(VenueScript script) {
    VenueServer venue = new VenueServer(script);
    try {
      venue.server.start();
    } catch (Exception e) {
      throw new IllegalStateException("venue server did not start", e);
    }
    return venue;
  }

  /** The WebSocket endpoint. */
  public URI uri() {
    return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + WS_PATH);
  }

  /** The HTTP URI of {@code path} (with its query, if any) on this server. */
  public URI http(String path) {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort() + path);
  }

  /** How many WebSocket connections were accepted so far. */
  public int connections() {
    return count.get();
  }

  /** The connection numbered {@code index}, in order of connection. */
  public ServerConnection connection(int index) {
    return connections.get(index);
  }

  /** Every connection so far, in order. */
  public List<ServerConnection> connectionList() {
    return List.copyOf(connections);
  }

  /** Answers {@code GET path} (query ignored) with {@code status} and {@code body}. */
  public VenueServer rest(String path, int status, String body) {
    return rest(path, query -> new RestAnswer(status, body));
  }

  /** Answers {@code GET path} by a function of the request's query (empty when none). */
  public VenueServer rest(String path, Function<String, RestAnswer> answer) {
    routes.put(path, answer);
    return this;
  }

  /** The REST requests received, as path and query, in order. */
  public List<String> restRequests() {
    return List.copyOf(restRequests);
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("venue server did not stop", e);
    }
  }

  /** Serves the REST routes; 404 for the rest. */
  private final class RestHandler extends Handler.Abstract {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      String query = request.getHttpURI().getQuery();
      restRequests.add(query == null ? path : path + "?" + query);
      Function<String, RestAnswer> route = routes.get(path);
      RestAnswer answer =
          route == null
              ? new RestAnswer(404, "{\"error\":\"no route\"}")
              : route.apply(query == null ? "" : query);
      response.setStatus(answer.status());
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(
          true, ByteBuffer.wrap(answer.body().getBytes(StandardCharsets.UTF_8)), callback);
      return true;
    }
  }
}
