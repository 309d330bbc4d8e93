package dev.sextant.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sextant.query.market.MarketService;
import dev.sextant.query.stream.StreamService;
import dev.sextant.query.stream.SubscriptionHub;
import dev.sextant.query.view.LatestPriceView;
import dev.sextant.query.view.ViewStatus;
import dev.sextant.schemas.query.v1.MarketServiceGrpc;
import dev.sextant.schemas.query.v1.StreamServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueryServerTest {

  private final String name = InProcessServerBuilder.generateName();
  private final CompletableFuture<Duration> viewsReady = new CompletableFuture<>();
  private final ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
  private QueryServer server;

  private QueryServer start() throws Exception {
    LatestPriceView view = new LatestPriceView();
    SubscriptionHub hub =
        new SubscriptionHub(
            16,
            Executors.newVirtualThreadPerTaskExecutor(),
            Clock.systemUTC(),
            new SimpleMeterRegistry());
    server =
        new QueryServer(
                InProcessServerBuilder.forName(name),
                new MarketService(view, s -> true, ViewStatus.ready(), Clock.systemUTC()),
                new StreamService(hub, s -> true, ViewStatus.ready()),
                viewsReady,
                Duration.ofSeconds(2))
            .start();
    return server;
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    if (server != null) {
      server.close();
    }
  }

  private ServingStatus health(String service) {
    return HealthGrpc.newBlockingStub(channel)
        .check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }

  @Test
  void shouldReportNotServingUntilTheViewsAreReady() throws Exception {
    start();
    for (String service :
        List.of("", MarketServiceGrpc.SERVICE_NAME, StreamServiceGrpc.SERVICE_NAME)) {
      assertThat(health(service)).isEqualTo(ServingStatus.NOT_SERVING);
    }

    viewsReady.complete(Duration.ofMillis(5));

    for (String service :
        List.of("", MarketServiceGrpc.SERVICE_NAME, StreamServiceGrpc.SERVICE_NAME)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> health(service) == ServingStatus.SERVING);
    }
  }

  @Test
  void shouldReportNotServingForEveryServiceOnceTheViewsStop() throws Exception {
    start();
    viewsReady.complete(Duration.ofMillis(5));
    await().atMost(Duration.ofSeconds(5)).until(() -> health("") == ServingStatus.SERVING);

    server.stopServing();

    for (String service :
        List.of("", MarketServiceGrpc.SERVICE_NAME, StreamServiceGrpc.SERVICE_NAME)) {
      assertThat(health(service)).isEqualTo(ServingStatus.NOT_SERVING);
    }
  }

  @Test
  void shouldStayNotServingWhenTheViewsStopBeforeTheyAreReady() throws Exception {
    start();
    server.stopServing();

    viewsReady.complete(Duration.ofMillis(5));

    assertThat(health("")).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(health(MarketServiceGrpc.SERVICE_NAME)).isEqualTo(ServingStatus.NOT_SERVING);
  }

  @Test
  void shouldListTheApiThroughReflection() throws Exception {
    start();
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel)
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse value) {
                    answer.complete(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    answer.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());

    List<String> services =
        answer.get(5, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
            .map(ServiceResponse::getName)
            .toList();
    requests.onCompleted();
    assertThat(services)
        .contains(
            MarketServiceGrpc.SERVICE_NAME,
            StreamServiceGrpc.SERVICE_NAME,
            "grpc.health.v1.Health");
  }
}
