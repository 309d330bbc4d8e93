package dev.sextant.query;

import dev.sextant.query.market.MarketService;
import dev.sextant.query.stream.StreamService;
import dev.sextant.schemas.query.v1.MarketServiceGrpc;
import dev.sextant.schemas.query.v1.StreamServiceGrpc;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC server of the query side: the API services, standard health (SERVING only between the
 * views being rebuilt and their stopping) and server reflection, on whatever transport the given
 * builder makes.
 */
public final class QueryServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(QueryServer.class);
  private static final List<String> SERVICES =
      List.of(
          HealthStatusManager.SERVICE_NAME_ALL_SERVICES,
          MarketServiceGrpc.SERVICE_NAME,
          StreamServiceGrpc.SERVICE_NAME);

  private final HealthStatusManager health = new HealthStatusManager();
  private final Server server;
  private final CompletionStage<?> viewsReady;
  private final Duration shutdownGrace;
  private boolean stopped; // guarded by this

  /**
   * @param builder the transport: Netty on a port in production, in-process in tests
   * @param viewsReady completes when the views are rebuilt; health turns SERVING then
   * @param shutdownGrace how long close waits for calls before cancelling them
   */
  public QueryServer(
      ServerBuilder<?> builder,
      MarketService market,
      StreamService stream,
      CompletionStage<?> viewsReady,
      Duration shutdownGrace) {
    this.server =
        builder
            .addService(market)
            .addService(stream)
            .addService(health.getHealthService())
            .addService(ProtoReflectionServiceV1.newInstance())
            .build();
    this.viewsReady = viewsReady;
    this.shutdownGrace = shutdownGrace;
  }

  /**
   * Starts serving; health says NOT_SERVING until the views are ready.
   *
   * @throws IOException when the server cannot bind (a taken port)
   */
  public synchronized QueryServer start() throws IOException {
    SERVICES.forEach(service -> health.setStatus(service, ServingStatus.NOT_SERVING));
    server.start();
    viewsReady.thenRun(this::serving);
    log.info("query gRPC server listening on port {}", server.getPort());
    return this;
  }

  /**
   * Turns health NOT_SERVING for good, for when the views stopped updating: load balancers then
   * send clients to another node. Safe before {@link #start()} and from any thread.
   */
  public synchronized void stopServing() {
    stopped = true;
    SERVICES.forEach(service -> health.setStatus(service, ServingStatus.NOT_SERVING));
  }

  private synchronized void serving() {
    // Readiness and a stop arrive on different threads: a stop seen first must not be undone.
    if (!stopped) {
      SERVICES.forEach(service -> health.setStatus(service, ServingStatus.SERVING));
    }
  }

  /** The bound port, or -1 for transports without one (in-process). */
  public int port() {
    return server.getPort();
  }

  /** Stops accepting calls, waits up to the grace for running ones, then cancels the rest. */
  @Override
  public void close() {
    health.enterTerminalState();
    server.shutdown();
    try {
      if (!server.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
        server.awaitTermination(500, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
