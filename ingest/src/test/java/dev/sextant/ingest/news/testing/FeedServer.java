package dev.sextant.ingest.news.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback that serves feeds the way publishers do, and misbehaves on demand:
 * each path answers with a feed (with an {@code ETag} and {@code Last-Modified}, and a 304 to a
 * request that sends them back), a status with headers (429 with {@code Retry-After}, 500,
 * redirects), or a body dripped slowly. Every request is recorded with its conditional headers.
 */
public final class FeedServer implements AutoCloseable {

  /** One request as the server saw it. */
  public record Request(
      String path, Instant at, Optional<String> ifNoneMatch, Optional<String> ifModifiedSince) {

    /** True when the request sent validators back. */
    public boolean conditional() {
      return ifNoneMatch.isPresent() || ifModifiedSince.isPresent();
    }
  }

  /** How one path answers. */
  @FunctionalInterface
  private interface Route {
    void answer(HttpExchange exchange) throws IOException;
  }

  private static final String LAST_MODIFIED = "Tue, 01 Jul 2025 10:00:00 GMT";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final Map<String, String> etags = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  /** Starts on a free loopback port. */
  public FeedServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The URL of {@code path} on this server. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /**
   * Serves {@code body} at {@code path} with an {@code ETag} of its content: a request sending that
   * tag back gets a 304. Replacing the body changes the tag.
   */
  public FeedServer feed(String path, String body) {
    return feed(path, body.getBytes(StandardCharsets.UTF_8), "application/rss+xml; charset=utf-8");
  }

  /** Serves {@code body} as {@code contentType} at {@code path}, with validators (see above). */
  public FeedServer feed(String path, byte[] body, String contentType) {
    String etag = "\"" + HexFormat.of().formatHex(sha256(body), 0, 8) + "\"";
    etags.put(path, etag);
    routes.put(
        path,
        exchange -> {
          exchange.getResponseHeaders().add("ETag", etag);
          exchange.getResponseHeaders().add("Last-Modified", LAST_MODIFIED);
          String sent = exchange.getRequestHeaders().getFirst("If-None-Match");
          if (etag.equals(sent)) {
            empty(exchange, 304);
            return;
          }
          exchange.getResponseHeaders().add("Content-Type", contentType);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    return this;
  }

  /** The {@code ETag} of the feed served at {@code path} now. */
  public String etag(String path) {
    return etags.get(path);
  }

  /** Answers {@code status} with {@code headers} and no body at {@code path}. */
  public FeedServer status(String path, int status, Map<String, String> headers) {
    routes.put(
        path,
        exchange -> {
          headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
          empty(exchange, status);
        });
    return this;
  }

  /** Redirects {@code path} to {@code location} with {@code status} (301, 302, ...). */
  public FeedServer redirect(String path, int status, String location) {
    return status(path, status, Map.of("Location", location));
  }

  /**
   * Serves {@code body} at {@code path} one byte every {@code pause}, as a server dripping its feed
   * to hold a client; stops when the client hangs up.
   */
  public FeedServer drip(String path, byte[] body, Duration pause) {
    routes.put(
        path,
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/rss+xml");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            for (byte b : body) {
              out.write(b);
              out.flush();
              Thread.sleep(pause);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    return this;
  }

  /** The requests to {@code path}, oldest first. */
  public List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  /** Every request, oldest first. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    requests.add(
        new Request(
            path,
            Instant.now(),
            Optional.ofNullable(exchange.getRequestHeaders().getFirst("If-None-Match")),
            Optional.ofNullable(exchange.getRequestHeaders().getFirst("If-Modified-Since"))));
    Route route = routes.get(path);
    try {
      if (route == null) {
        empty(exchange, 404);
      } else {
        route.answer(exchange);
      }
    } catch (IOException e) {
      // The client hung up (a fetch cut off at its deadline): nothing left to answer.
    } finally {
      exchange.close();
    }
  }

  private static void empty(HttpExchange exchange, int status) throws IOException {
    exchange.sendResponseHeaders(status, -1);
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
