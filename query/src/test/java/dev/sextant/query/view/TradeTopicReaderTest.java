package dev.sextant.query.view;

import static dev.sextant.query.view.Trades.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sextant.schemas.v1.Trade;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TradeTopicReaderTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String NOT_AUTHORIZED =
      "the price view stopped: Not authorized to access topics: [market.trades.v1]";

  private final LatestPriceView view = new LatestPriceView();
  private TradeTopicReader reader;

  private TradeTopicReader start(MockConsumer<String, Trade> consumer) throws Exception {
    reader = new TradeTopicReader(() -> consumer, view, List.of(), new SimpleMeterRegistry());
    reader.start();
    return reader;
  }

  @AfterEach
  void close() {
    if (reader != null) {
      reader.close();
    }
  }

  @Test
  void shouldStopBeingReadyNamingTheReasonWhenPollFailsForGoodAfterTheRebuild() throws Exception {
    MockConsumer<String, Trade> consumer =
        MockTradeTopic.holding(trade("coinbase:BTC-USD", "64000", 1));
    start(consumer).ready().get(5, TimeUnit.SECONDS);
    assertThat(reader.isReady()).isTrue();
    assertThat(reader.unavailable()).isEmpty();

    consumer.setPollException(new TopicAuthorizationException(Set.of("market.trades.v1")));

    await().atMost(WAIT).until(() -> reader.failure().isPresent());
    assertThat(reader.isReady()).isFalse();
    assertThat(reader.failure().get()).isInstanceOf(TopicAuthorizationException.class);
    assertThat(reader.unavailable()).contains(NOT_AUTHORIZED);
    assertThat(reader.failed().toCompletableFuture().get(1, TimeUnit.SECONDS))
        .isSameAs(reader.failure().get());
  }

  @Test
  void shouldRetryATransientErrorAndKeepReading() throws Exception {
    MockConsumer<String, Trade> consumer =
        MockTradeTopic.holding(trade("coinbase:BTC-USD", "64000", 1));
    start(consumer).ready().get(5, TimeUnit.SECONDS);

    consumer.setPollException(new NotLeaderOrFollowerException("the leader moved"));
    consumer.schedulePollTask(
        () -> MockTradeTopic.append(consumer, 1, trade("coinbase:BTC-USD", "64100", 2)));

    await()
        .atMost(WAIT)
        .until(
            () ->
                view.instrument("coinbase:BTC-USD")
                    .map(p -> p.price().getValue().equals("64100"))
                    .orElse(false));
    assertThat(reader.isReady()).isTrue();
    assertThat(reader.failure()).isEmpty();
  }

  @Test
  void shouldFailWhenTheReadingThreadDiesOfAnError() throws Exception {
    MockConsumer<String, Trade> consumer =
        MockTradeTopic.holding(trade("coinbase:BTC-USD", "64000", 1));
    start(consumer).ready().get(5, TimeUnit.SECONDS);

    consumer.schedulePollTask(
        () -> {
          throw new AssertionError("boom");
        });

    await().atMost(WAIT).until(() -> reader.failure().isPresent());
    assertThat(reader.isReady()).isFalse();
    assertThat(reader.unavailable()).contains("the price view stopped: boom");
  }

  @Test
  void shouldFailTheRebuildWhenReadingStopsBeforeTheViewIsReady() throws Exception {
    MockConsumer<String, Trade> consumer =
        MockTradeTopic.holding(trade("coinbase:BTC-USD", "64000", 1));
    consumer.setPollException(new TopicAuthorizationException(Set.of("market.trades.v1")));

    start(consumer);

    await().atMost(WAIT).until(() -> reader.ready().isDone());
    assertThat(reader.ready()).isCompletedExceptionally();
    assertThat(reader.unavailable()).contains(NOT_AUTHORIZED);
  }

  @Test
  void shouldReportNoFailureWhenClosed() throws Exception {
    start(MockTradeTopic.holding()).ready().get(5, TimeUnit.SECONDS);

    reader.close();

    assertThat(reader.failure()).isEqualTo(Optional.empty());
    assertThat(reader.failed().toCompletableFuture()).isNotDone();
  }
}
