package dev.sextant.query;

import dev.sextant.query.market.MarketService;
import dev.sextant.query.stream.StreamService;
import dev.sextant.query.stream.SubscriptionHub;
import dev.sextant.query.view.LatestPriceView;
import dev.sextant.query.view.TradeTopicReader;
import dev.sextant.query.view.ViewStatus;
import dev.sextant.schemas.v1.Trade;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The query side of a node, wired: the trade reader feeding the price view and the subscription
 * hub, and the gRPC server answering from them. If the reader stops for good, the node turns
 * NOT_SERVING, refuses calls and ends every stream, naming the reason.
 */
public final class QueryComponent implements AutoCloseable {

  private final LatestPriceView view = new LatestPriceView();
  // Serves gRPC callbacks and subscriber delivery; virtual threads, as a slow call costs no
  // carrier.
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final SubscriptionHub hub;
  private final TradeTopicReader reader;
  private final QueryServer server;

  /** The production wiring: gRPC over Netty on {@code config.port()}. */
  public QueryComponent(
      String bootstrapServers,
      QueryConfig config,
      MeterRegistry meters,
      Predicate<String> isKnownAsset,
      Clock clock) {
    this(
        bootstrapServers,
        config,
        meters,
        isKnownAsset,
        clock,
        Grpc.newServerBuilderForPort(config.port(), InsecureServerCredentials.create()));
  }

  /**
   * The wiring on a given transport (tests pass an in-process builder).
   *
   * @param isKnownAsset whether a symbol is a registry asset ({@code s ->
   *     registry.asset(s).isPresent()})
   */
  public QueryComponent(
      String bootstrapServers,
      QueryConfig config,
      MeterRegistry meters,
      Predicate<String> isKnownAsset,
      Clock clock,
      ServerBuilder<?> serverBuilder) {
    this(
        config,
        meters,
        isKnownAsset,
        clock,
        serverBuilder,
        (view, hub) ->
            new TradeTopicReader(
                config.consumerConfig(bootstrapServers), view, List.of(hub), meters));
  }

  /** The wiring on a given consumer (tests pass a {@code MockConsumer} to inject Kafka errors). */
  QueryComponent(
      QueryConfig config,
      MeterRegistry meters,
      Predicate<String> isKnownAsset,
      Clock clock,
      ServerBuilder<?> serverBuilder,
      Supplier<? extends Consumer<String, Trade>> consumers) {
    this(
        config,
        meters,
        isKnownAsset,
        clock,
        serverBuilder,
        (view, hub) -> new TradeTopicReader(consumers, view, List.of(hub), meters));
  }

  private QueryComponent(
      QueryConfig config,
      MeterRegistry meters,
      Predicate<String> isKnownAsset,
      Clock clock,
      ServerBuilder<?> serverBuilder,
      ReaderFactory readers) {
    this.hub = new SubscriptionHub(config.subscriberQueueCapacity(), executor, clock, meters);
    this.reader = readers.create(view, hub);
    this.server =
        new QueryServer(
            serverBuilder.executor(executor),
            new MarketService(view, isKnownAsset, reader, clock),
            new StreamService(hub, isKnownAsset, reader),
            reader.ready(),
            config.shutdownGrace());
    // Health first, so clients that reconnect are routed away; then the streams, which would
    // otherwise wait on a frozen view forever.
    reader
        .failed()
        .thenAccept(
            cause -> {
              server.stopServing();
              hub.stop(ViewStatus.stopped(cause));
            });
  }

  /**
   * Starts rebuilding the views and serving; returns before the views are ready (see {@link
   * #ready()}).
   *
   * @throws IOException when the gRPC port cannot be bound
   */
  public void start() throws IOException {
    reader.start();
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** Completes with the rebuild time once the views hold the topics as of start. */
  public CompletableFuture<Duration> ready() {
    return reader.ready();
  }

  /** True once the views are rebuilt, and as long as they keep updating. */
  public boolean isReady() {
    return reader.isReady();
  }

  /** Why the views stopped updating for good; empty while they run. */
  public Optional<Throwable> failure() {
    return reader.failure();
  }

  /** The bound gRPC port (-1 in-process). */
  public int port() {
    return server.port();
  }

  /** The price view, for in-JVM readers such as the HTTP endpoint. */
  public LatestPriceView view() {
    return view;
  }

  /** Ends the streams, stops the server and the reader; never throws. */
  @Override
  public void close() {
    hub.close();
    server.close();
    reader.close();
    executor.shutdownNow();
  }

  /** Makes the reader once the view and the hub exist. */
  @FunctionalInterface
  private interface ReaderFactory {
    TradeTopicReader create(LatestPriceView view, SubscriptionHub hub);
  }
}
