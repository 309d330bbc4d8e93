package dev.sextant.deploy.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sextant.deploy.config.PortCheck;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP port: Prometheus metrics at {@code /metrics} and health at {@code /health}: 200
 * {@code SERVING} when the node serves and every source delivers, else 503 with {@code STARTING} or
 * {@code NOT_SERVING} and one line per problem; then one line per source that reports its state
 * (each chain tailer). Later issues add the console and the HTTP/JSON API here.
 */
public final class HttpEndpoint implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final int port;
  private final PrometheusMeterRegistry registry;
  private final BooleanSupplier ready;
  private final Supplier<List<String>> problems;
  private final Supplier<List<String>> details;
  private HttpServer server;
  private ExecutorService executor;

  /**
   * @param ready answers whether the node serves traffic; {@code /health} says 503 until it does
   * @param problems what keeps a ready node from being healthy (a live feed that failed or stays
   *     disconnected), one line each naming the part and the reason; empty when none
   */
  public HttpEndpoint(
      int port,
      PrometheusMeterRegistry registry,
      BooleanSupplier ready,
      Supplier<List<String>> problems) {
    this(port, registry, ready, problems, List::of);
  }

  /**
   * @param details lines that say where each source stands (a chain tailer's phase and block),
   *     shown after the status and the problems of a ready node
   */
  public HttpEndpoint(
      int port,
      PrometheusMeterRegistry registry,
      BooleanSupplier ready,
      Supplier<List<String>> problems,
      Supplier<List<String>> details) {
    this.port = port;
    this.registry = registry;
    this.ready = ready;
    this.problems = problems;
    this.details = details;
  }

  public void start() throws IOException {
    PortCheck.requireFree(port, "http.port");
    server = HttpServer.create(new InetSocketAddress(port), 64);
    executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/metrics", this::metrics);
    server.createContext("/health", this::health);
    server.start();
    log.info("HTTP on port {}: /metrics, /health", boundPort());
  }

  /** The port actually bound (useful when configured as 0). */
  public int boundPort() {
    return server.getAddress().getPort();
  }

  private void metrics(HttpExchange exchange) throws IOException {
    respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
  }

  private void health(HttpExchange exchange) throws IOException {
    String type = "text/plain; charset=utf-8";
    if (!ready.getAsBoolean()) {
      respond(exchange, 503, type, "STARTING\n");
      return;
    }
    List<String> wrong = problems.get();
    StringBuilder body = new StringBuilder(wrong.isEmpty() ? "SERVING\n" : "NOT_SERVING\n");
    wrong.forEach(line -> body.append(line).append('\n'));
    details.get().forEach(line -> body.append(line).append('\n'));
    respond(exchange, wrong.isEmpty() ? 200 : 503, type, body.toString());
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
      executor.close();
      server = null;
    }
  }
}
