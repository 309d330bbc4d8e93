package dev.sextant.deploy.node;

import dev.sextant.deploy.config.PortCheck;
import dev.sextant.deploy.config.SextantConfig;
import dev.sextant.query.QueryComponent;
import dev.sextant.query.QueryConfig;
import dev.sextant.schemas.registry.Registry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** The query side of the node: views rebuilt from Kafka, served over gRPC. */
final class QueryPart implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

  private final int port;
  private final QueryComponent component;

  QueryPart(String bootstrap, SextantConfig config, Registry registry, MeterRegistry meters) {
    this.port = config.grpc().port();
    QueryConfig queryConfig =
        new QueryConfig(
            port,
            config.query().subscriberQueue(),
            QueryConfig.DEFAULT_SHUTDOWN_GRACE,
            Map.of(
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
                Integer.toString(config.memory().consumerFetchMb() * 1024 * 1024)));
    this.component =
        new QueryComponent(
            bootstrap, queryConfig, meters, s -> registry.asset(s).isPresent(), Clock.systemUTC());
  }

  void start() throws Exception {
    PortCheck.requireFree(port, "grpc.port");
    component.start();
  }

  boolean isReady() {
    return component.isReady();
  }

  /** Waits until the views have caught up with the topics; returns how long the rebuild took. */
  Duration awaitReady() throws InterruptedException, ExecutionException, TimeoutException {
    return component.ready().get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    component.close();
  }
}
