package dev.sextant.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sextant.schemas.query.v1.GetPriceRequest;
import dev.sextant.schemas.query.v1.MarketServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
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
}
