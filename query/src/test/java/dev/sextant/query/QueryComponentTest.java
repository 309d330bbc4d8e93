package dev.sextant.query;

import static dev.sextant.query.view.Trades.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.sextant.query.view.MockTradeTopic;
import dev.sextant.schemas.query.v1.GetPriceRequest;
import dev.sextant.schemas.query.v1.MarketServiceGrpc;
import dev.sextant.schemas.query.v1.PriceQuote;
import dev.sextant.schemas.query.v1.StreamServiceGrpc;
import dev.sextant.schemas.query.v1.SubscribeRequest;
import dev.sextant.schemas.query.v1.Update;
import dev.sextant.schemas.v1.Trade;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** The wiring without a broker; reading real topics is covered by the node's integration tests. */
class QueryComponentTest {

  @Test
  void shouldAnswerUnavailableWhileRebuildingAndCloseWithinTwoSeconds() throws Exception {
    String name = InProcessServerBuilder.generateName();
    // Nothing listens on port 1: the reader stays in its first metadata request.
    QueryConfig config =
        new QueryConfig(0, 16, Duration.ofSeconds(1), Map.of("request.timeout.ms", "30000"));
    QueryComponent query =
        new QueryComponent(
            "127.0.0.1:1",
            config,
            new SimpleMeterRegistry(),
            "BTC"::equals,
            Clock.systemUTC(),
            InProcessServerBuilder.forName(name));
    query.start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    try {
      StatusRuntimeException e =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () ->
                  MarketServiceGrpc.newBlockingStub(channel)
                      .getPrice(GetPriceRequest.newBuilder().setKey("BTC").build()));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(query.isReady()).isFalse();
    } finally {
      channel.shutdownNow();
    }

    long start = System.nanoTime();
    query.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(query.ready()).isCompletedExceptionally();
    assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName)
        .doesNotContain("sextant-query-trades");
  }

  @Test
  void shouldStopServingRefuseCallsAndEndStreamsNamingTheReasonWhenTheReaderFailsAfterReady()
      throws Exception {
    String name = InProcessServerBuilder.generateName();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    MockConsumer<String, Trade> consumer =
        MockTradeTopic.holding(trade("coinbase:BTC-USD", "64000", 1));
    QueryComponent query =
        new QueryComponent(
            new QueryConfig(0, 16, Duration.ofSeconds(1), Map.of()),
            meters,
            "BTC"::equals,
            Clock.systemUTC(),
            InProcessServerBuilder.forName(name),
            () -> consumer);
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    try {
      query.start();
      query.ready().get(5, TimeUnit.SECONDS);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> health(channel, "") == ServingStatus.SERVING);
      assertThat(getPrice(channel).getPrice().getValue()).isEqualTo("64000");
      CompletableFuture<Status> stream = subscribe(channel);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> meters.get("sextant.query.subscribers").gauge().value() == 1.0);

      consumer.setPollException(new TopicAuthorizationException(Set.of("market.trades.v1")));

      String reason = "the price view stopped: Not authorized to access topics: [market.trades.v1]";
      Status ended = stream.get(5, TimeUnit.SECONDS);
      assertThat(ended.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(ended.getDescription()).startsWith(reason);
      for (String service :
          List.of("", MarketServiceGrpc.SERVICE_NAME, StreamServiceGrpc.SERVICE_NAME)) {
        assertThat(health(channel, service)).isEqualTo(ServingStatus.NOT_SERVING);
      }
      Status refused =
          catchThrowableOfType(StatusRuntimeException.class, () -> getPrice(channel)).getStatus();
      assertThat(refused.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(refused.getDescription()).isEqualTo(reason);
      assertThat(subscribe(channel).get(5, TimeUnit.SECONDS).getDescription()).isEqualTo(reason);
      assertThat(query.isReady()).isFalse();
      assertThat(query.failure()).containsInstanceOf(TopicAuthorizationException.class);
    } finally {
      channel.shutdownNow();
      query.close();
    }
  }

  private static ServingStatus health(ManagedChannel channel, String service) {
    return HealthGrpc.newBlockingStub(channel)
        .check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }

  private static PriceQuote getPrice(ManagedChannel channel) {
    return MarketServiceGrpc.newBlockingStub(channel)
        .getPrice(GetPriceRequest.newBuilder().setKey("BTC").build())
        .getPrice();
  }

  /** Subscribes to everything; completes with how the stream ended. */
  private static CompletableFuture<Status> subscribe(ManagedChannel channel) {
    CompletableFuture<Status> ended = new CompletableFuture<>();
    StreamServiceGrpc.newStub(channel)
        .subscribe(
            SubscribeRequest.getDefaultInstance(),
            new StreamObserver<>() {
              @Override
              public void onNext(Update update) {}

              @Override
              public void onError(Throwable t) {
                ended.complete(Status.fromThrowable(t));
              }

              @Override
              public void onCompleted() {
                ended.complete(Status.OK);
              }
            });
    return ended;
  }
}
