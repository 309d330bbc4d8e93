package dev.sextant.query.stream;

import static dev.sextant.query.view.Trades.position;
import static dev.sextant.query.view.Trades.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sextant.query.view.LatestPriceView;
import dev.sextant.query.view.ViewStatus;
import dev.sextant.schemas.query.v1.StreamServiceGrpc;
import dev.sextant.schemas.query.v1.SubscribeRequest;
import dev.sextant.schemas.query.v1.Update;
import dev.sextant.schemas.query.v1.UpdateKind;
import dev.sextant.schemas.v1.Position;
import dev.sextant.schemas.v1.Trade;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamServiceTest {

  private static final int CAPACITY = 8;
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final LatestPriceView view = new LatestPriceView();
  private final AtomicInteger clockReads = new AtomicInteger();
  private final SubscriptionHub hub =
      new SubscriptionHub(CAPACITY, executor, countingClock(clockReads), meters);
  private final AtomicReference<Optional<String>> unavailable =
      new AtomicReference<>(Optional.empty());
  private final Map<Integer, Long> offsets = new HashMap<>();
  private long second;
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .executor(executor)
            .addService(new StreamService(hub, Set.of("BTC", "ETH")::contains, unavailable::get))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    server.shutdownNow().awaitTermination(1, TimeUnit.SECONDS);
    executor.shutdownNow();
  }

  /** The system clock, counting how often the hub stamps an age: once per price update built. */
  private static Clock countingClock(AtomicInteger reads) {
    return new Clock() {
      @Override
      public Instant instant() {
        reads.incrementAndGet();
        return Instant.now();
      }

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }
    };
  }

  /** Publishes a trade as the reader thread would: view first, then the hub. */
  private Position publish(String instrument, String price, int partition) {
    long offset = offsets.merge(partition, 1L, Long::sum) - 1;
    Position position = position(partition, offset);
    Trade trade = trade(instrument, price, second++);
    hub.onTrade(trade, position, view.apply(trade, position));
    return position;
  }

  private Recorder subscribe(Recorder recorder, SubscribeRequest request) {
    int before = hub.subscriberCount();
    StreamServiceGrpc.newStub(channel).subscribe(request, recorder);
    await().atMost(WAIT).until(() -> hub.subscriberCount() == before + 1);
    return recorder;
  }

  private static SubscribeRequest kinds(UpdateKind... kinds) {
    return SubscribeRequest.newBuilder().addAllKinds(List.of(kinds)).build();
  }

  private static Status refusal(ManagedChannel channel, SubscribeRequest request) throws Exception {
    Recorder recorder = Recorder.fast();
    StreamServiceGrpc.newStub(channel).subscribe(request, recorder);
    return recorder.status.get(5, TimeUnit.SECONDS);
  }

  private static String describe(Update u) {
    return u.hasTrade()
        ? "trade " + u.getTrade().getInstrument() + " " + u.getTrade().getPrice().getValue()
        : "price " + u.getPrice().getKey() + " " + u.getPrice().getPrice().getValue();
  }

  @Test
  void shouldStreamTradesInOrderPerInstrumentWithPositions() {
    Recorder recorder = subscribe(Recorder.fast(), kinds(UpdateKind.UPDATE_KIND_TRADE));
    Map<String, List<Position>> published = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      String instrument = i % 2 == 0 ? "coinbase:BTC-USD" : "coinbase:ETH-USD";
      Position p = publish(instrument, Integer.toString(1000 + i), i % 2);
      published.computeIfAbsent(instrument, k -> new ArrayList<>()).add(p);
      if (i % CAPACITY == CAPACITY - 1) {
        // Stay within the small test queue: this test is about order, not overflow.
        int sent = i + 1;
        await().atMost(WAIT).until(() -> recorder.updates.size() == sent);
      }
    }

    await().atMost(WAIT).until(() -> recorder.updates.size() == 40);
    Map<String, List<Position>> received = new HashMap<>();
    for (Update u : recorder.updates) {
      assertThat(u.getTrade().getInstrument()).isNotEmpty();
      received
          .computeIfAbsent(u.getTrade().getInstrument(), k -> new ArrayList<>())
          .add(u.getPosition());
    }
    assertThat(received).isEqualTo(published);
    assertThat(meters.get("sextant.query.updates.sent").tag("kind", "trade").counter().count())
        .isEqualTo(40.0);
  }

  @Test
  void shouldSendEachTradeBeforeThePricesItCaused() {
    Recorder recorder = subscribe(Recorder.fast(), SubscribeRequest.getDefaultInstance());
    Position p = publish("coinbase:BTC-USD", "64000.5", 0);

    await().atMost(WAIT).until(() -> recorder.updates.size() == 3);
    assertThat(recorder.updates)
        .extracting(StreamServiceTest::describe)
        .containsExactly(
            "trade coinbase:BTC-USD 64000.5",
            "price coinbase:BTC-USD 64000.5",
            "price BTC 64000.5");
    assertThat(recorder.updates).extracting(Update::getPosition).containsOnly(p);
    assertThat(recorder.updates.get(2).getPrice().getSourcesList())
        .containsExactly("coinbase:BTC-USD");
  }

  @Test
  void shouldFilterByKeyAndKind() {
    Recorder eth = subscribe(Recorder.fast(), SubscribeRequest.newBuilder().addKeys("ETH").build());
    Recorder btcUsdPrices =
        subscribe(
            Recorder.fast(),
            SubscribeRequest.newBuilder()
                .addKeys("coinbase:BTC-USD")
                .addKinds(UpdateKind.UPDATE_KIND_PRICE)
                .build());

    publish("binance:BTC-USDT", "64010", 0);
    publish("coinbase:ETH-USD", "3000", 1);
    publish("coinbase:BTC-USD", "64000", 0);

    // Delivery keeps publication order, so once the last match arrives nothing else can follow.
    await().atMost(WAIT).until(() -> eth.updates.size() >= 3 && !btcUsdPrices.updates.isEmpty());
    assertThat(eth.updates)
        .extracting(StreamServiceTest::describe)
        .containsExactly(
            "trade coinbase:ETH-USD 3000", "price coinbase:ETH-USD 3000", "price ETH 3000");
    assertThat(btcUsdPrices.updates)
        .extracting(StreamServiceTest::describe)
        .containsExactly("price coinbase:BTC-USD 64000");
  }

  @Test
  void shouldEndASlowSubscriberNamingItsPositionWhileAFastOneGetsEverything() throws Exception {
    Recorder slow = subscribe(Recorder.slow(2), kinds(UpdateKind.UPDATE_KIND_TRADE));
    Recorder fast = subscribe(Recorder.fast(), kinds(UpdateKind.UPDATE_KIND_TRADE));

    int published = 0;
    for (int batch = 0; batch < 5; batch++) {
      for (int i = 0; i < 5; i++) {
        publish("coinbase:BTC-USD", Integer.toString(100 + published++), 0);
      }
      int expected = published;
      await().atMost(WAIT).until(() -> fast.updates.size() == expected);
      if (batch == 0) {
        await().atMost(WAIT).until(() -> slow.updates.size() == 2);
      }
    }

    Status status = slow.status.get(5, TimeUnit.SECONDS);
    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(status.getDescription())
        .isEqualTo(
            "subscriber fell behind (more than 8 trades queued); "
                + "resubscribe after position market.trades.v1/0@1");
    assertThat(slow.trailers.getAll(StreamService.RESUME_AFTER)).containsExactly(position(0, 1));
    assertThat(slow.updates)
        .extracting(Update::getPosition)
        .containsExactly(position(0, 0), position(0, 1));
    assertThat(fast.updates)
        .extracting(Update::getPosition)
        .containsExactlyElementsOf(
            java.util.stream.LongStream.range(0, 25).mapToObj(o -> position(0, o)).toList());
    assertThat(fast.status).isNotDone();
    assertThat(hub.subscriberCount()).isEqualTo(1);
    assertThat(meters.get("sextant.query.subscribers.fell.behind").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void shouldConflatePricesForASlowReader() {
    Recorder slow =
        subscribe(
            Recorder.slow(0),
            SubscribeRequest.newBuilder()
                .addKeys("coinbase:BTC-USD")
                .addKinds(UpdateKind.UPDATE_KIND_PRICE)
                .build());
    Position last = null;
    for (int i = 1; i <= 50; i++) {
      last = publish("coinbase:BTC-USD", Integer.toString(i), 0);
    }

    slow.request(10);
    await().atMost(WAIT).until(() -> !slow.updates.isEmpty());
    assertThat(slow.updates.getFirst().getPrice().getPrice().getValue()).isEqualTo("50");
    assertThat(slow.updates.getFirst().getPosition()).isEqualTo(last);

    publish("coinbase:BTC-USD", "51", 0);
    await().atMost(WAIT).until(() -> slow.updates.size() >= 2);
    assertThat(slow.updates)
        .extracting(StreamServiceTest::describe)
        .containsExactly("price coinbase:BTC-USD 50", "price coinbase:BTC-USD 51");
    assertThat(hub.subscriberCount()).isEqualTo(1);
  }

  @Test
  void shouldRemoveTheSubscriberWhenTheClientCancels() {
    Recorder recorder = subscribe(Recorder.fast(), SubscribeRequest.getDefaultInstance());
    assertThat(meters.get("sextant.query.subscribers").gauge().value()).isEqualTo(1.0);

    recorder.cancel();

    await()
        .atMost(WAIT)
        .until(() -> meters.get("sextant.query.subscribers").gauge().value() == 0.0);
    publish("coinbase:BTC-USD", "1", 0); // nobody to deliver to, nothing breaks
  }

  @Test
  void shouldEndEveryStreamWithUnavailableWhenTheHubCloses() throws Exception {
    Recorder recorder = subscribe(Recorder.slow(0), SubscribeRequest.getDefaultInstance());
    publish("coinbase:BTC-USD", "1", 0);

    hub.close();

    Status status = recorder.status.get(5, TimeUnit.SECONDS);
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(hub.subscriberCount()).isZero();
  }

  @Test
  void shouldEndEveryStreamAndRefuseNewOnesWithUnavailableNamingTheReasonWhenTheViewStops()
      throws Exception {
    Recorder fast = subscribe(Recorder.fast(), SubscribeRequest.getDefaultInstance());
    Recorder slow = subscribe(Recorder.slow(0), SubscribeRequest.getDefaultInstance());
    publish("coinbase:BTC-USD", "1", 0);

    hub.stop("the price view stopped: corrupt batch");

    for (Recorder recorder : List.of(fast, slow)) {
      Status status = recorder.status.get(5, TimeUnit.SECONDS);
      assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(status.getDescription())
          .isEqualTo("the price view stopped: corrupt batch; resubscribe to another node");
    }
    assertThat(hub.subscriberCount()).isZero();

    Recorder late = Recorder.fast();
    StreamServiceGrpc.newStub(channel).subscribe(SubscribeRequest.getDefaultInstance(), late);
    assertThat(late.status.get(5, TimeUnit.SECONDS).getDescription())
        .startsWith("the price view stopped: corrupt batch");
  }

  @Test
  void shouldBuildOnlyTheUpdatesSomeSubscriberWants() {
    Recorder eth = subscribe(Recorder.fast(), SubscribeRequest.newBuilder().addKeys("ETH").build());
    Recorder btcTrades =
        subscribe(
            Recorder.fast(),
            SubscribeRequest.newBuilder()
                .addKeys("coinbase:BTC-USD")
                .addKinds(UpdateKind.UPDATE_KIND_TRADE)
                .build());

    publish("kraken:BTC-USD", "64010", 0); // nobody's
    publish("coinbase:BTC-USD", "64000", 0); // a trade wanted, its prices not
    assertThat(clockReads).hasValue(0);

    publish("coinbase:ETH-USD", "3000", 1);
    await().atMost(WAIT).until(() -> eth.updates.size() == 3 && btcTrades.updates.size() == 1);
    assertThat(clockReads).hasValue(1); // one age shared by the trade's two price updates
    assertThat(btcTrades.updates)
        .extracting(StreamServiceTest::describe)
        .containsExactly("trade coinbase:BTC-USD 64000");
  }

  @Test
  void shouldRefuseToResumeFromAPositionForNow() throws Exception {
    Status status =
        refusal(channel, SubscribeRequest.newBuilder().addAfter(position(0, 5)).build());

    assertThat(status.getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(status.getDescription())
        .isEqualTo("resume from a position arrives with the Query issue");
  }

  @Test
  void shouldRefuseKindsNotServedYetAndBadKeys() throws Exception {
    Status indicators = refusal(channel, kinds(UpdateKind.UPDATE_KIND_INDICATOR));
    assertThat(indicators.getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(indicators.getDescription()).startsWith("UPDATE_KIND_INDICATOR updates");

    Status unknown = refusal(channel, SubscribeRequest.newBuilder().addKeys("NOPE").build());
    assertThat(unknown.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(unknown.getDescription()).isEqualTo("unknown asset NOPE");

    Status malformed = refusal(channel, SubscribeRequest.newBuilder().addKeys("x:BTC").build());
    assertThat(malformed.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(hub.subscriberCount()).isZero();
  }

  @Test
  void shouldRefuseSubscriptionsWhileTheViewsRebuild() throws Exception {
    unavailable.set(Optional.of(ViewStatus.REBUILDING));

    Status status = refusal(channel, SubscribeRequest.getDefaultInstance());

    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status.getDescription()).isEqualTo("views are rebuilding from Kafka");
  }
}
