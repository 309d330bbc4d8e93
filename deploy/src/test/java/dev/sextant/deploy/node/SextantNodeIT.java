package dev.sextant.deploy.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sextant.deploy.CaptureFacts;
import dev.sextant.deploy.FreePorts;
import dev.sextant.deploy.config.ConfigLoader;
import dev.sextant.deploy.config.SextantConfig;
import dev.sextant.deploy.demo.BundledCapture;
import dev.sextant.deploy.demo.DemoNews;
import dev.sextant.ingest.news.fetch.FetchLimits;
import dev.sextant.ingest.news.parse.FeedParser;
import dev.sextant.ingest.news.parse.NewsEntry;
import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.query.v1.GetPriceRequest;
import dev.sextant.schemas.query.v1.MarketServiceGrpc;
import dev.sextant.schemas.query.v1.PriceQuote;
import dev.sextant.schemas.query.v1.StreamServiceGrpc;
import dev.sextant.schemas.query.v1.SubscribeRequest;
import dev.sextant.schemas.query.v1.Update;
import dev.sextant.schemas.query.v1.UpdateKind;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.DeadLetter;
import dev.sextant.schemas.v1.NewsItem;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton on the real node: capture frames in, prices and trades out over gRPC; the
 * demo's news feeds in, each story once on news.items.v1, and nothing again after a restart.
 */
class SextantNodeIT {

  private static final int MALFORMED_LINES = 3;

  @TempDir Path dir;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : toClose.reversed()) {
      c.close();
    }
  }

  @Test
  void shouldServeEveryTradeOnceAndTheLastPriceAcrossARestart() throws Exception {
    Path capture = captureWithMalformedLines();
    CaptureFacts facts = CaptureFacts.read(capture);
    assertThat(facts.matches()).hasSizeGreaterThanOrEqualTo(1000);
    SextantConfig config = config(capture);

    SextantNode node = new SextantNode(config, NodeMode.UP);
    toClose.add(node);
    node.start();
    ManagedChannel channel = channel(config);
    toClose.add(channel::shutdownNow);
    ConcurrentLinkedQueue<Update> received = new ConcurrentLinkedQueue<>();
    java.util.concurrent.atomic.AtomicReference<Throwable> streamError =
        new java.util.concurrent.atomic.AtomicReference<>();
    StreamServiceGrpc.newStub(channel)
        .subscribe(
            SubscribeRequest.newBuilder().addKinds(UpdateKind.UPDATE_KIND_TRADE).build(),
            collectInto(received, streamError));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> node.meters().get("sextant.query.subscribers").gauge().value() == 1.0);

    node.startSources();
    node.ingestDone().get(60, TimeUnit.SECONDS);
    await()
        .atMost(Duration.ofSeconds(30))
        .failFast("the stream ended with an error", () -> streamError.get() != null)
        .untilAsserted(
            () ->
                assertThat(received.size())
                    .as(() -> "trades received; node metrics:\n" + sextantMetrics(node))
                    .isGreaterThanOrEqualTo(facts.matches().size()));

    // Every trade exactly once, and per instrument in the order of the capture.
    Map<String, List<Long>> idsByInstrument = new HashMap<>();
    for (Update u : received) {
      idsByInstrument
          .computeIfAbsent(u.getTrade().getInstrument(), k -> new ArrayList<>())
          .add(Long.parseLong(u.getTrade().getTradeId()));
    }
    Map<String, List<Long>> expected = new HashMap<>();
    for (CaptureFacts.Match m : facts.matches()) {
      expected
          .computeIfAbsent("coinbase:" + m.productId(), k -> new ArrayList<>())
          .add(m.tradeId());
    }
    assertThat(received).hasSize(facts.matches().size());
    assertThat(idsByInstrument).isEqualTo(expected);

    String lastBtc = facts.lastPriceByProduct().get("BTC-USD");
    PriceQuote asset = getPrice(channel, "BTC");
    assertThat(Decimals.toBigDecimal(asset.getPrice())).isEqualByComparingTo(lastBtc);
    assertThat(asset.getQuote()).isEqualTo("USD");
    assertThat(asset.getSourcesList()).containsExactly("coinbase:BTC-USD");
    assertThat(asset.hasAge()).isTrue();
    assertThat(Decimals.toBigDecimal(getPrice(channel, "coinbase:BTC-USD").getPrice()))
        .isEqualByComparingTo(lastBtc);
    assertThat(Decimals.toBigDecimal(getPrice(channel, "coinbase:BTC-USDT").getPrice()))
        .isEqualByComparingTo(facts.lastPriceByProduct().get("BTC-USDT"));

    assertServesHealthReflectionAndMetrics(channel, config);

    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    node.close();

    // Same data directory: the view is rebuilt from Kafka before any new frame, and the replay
    // resumes after its committed cursor, so nothing is published twice.
    SextantNode again = new SextantNode(config, NodeMode.UP);
    toClose.add(again);
    again.start();
    ManagedChannel channel2 = channel(config);
    toClose.add(channel2::shutdownNow);
    assertThat(Decimals.toBigDecimal(getPrice(channel2, "BTC").getPrice()))
        .isEqualByComparingTo(lastBtc);

    again.startSources();
    again.ingestDone().get(60, TimeUnit.SECONDS);
    String bootstrap = config.kafka().clientBootstrap();
    assertThat(
            readAll(
                bootstrap,
                Topics.MARKET_TRADES.name(),
                Topics.MARKET_TRADES.serde().deserializer()))
        .hasSize(facts.matches().size());
    List<DeadLetter> deadLetters =
        readAll(
            bootstrap,
            Topics.INGEST_DEADLETTER.name(),
            Topics.INGEST_DEADLETTER.serde().deserializer());
    assertThat(deadLetters).hasSize(MALFORMED_LINES);
    assertThat(deadLetters).allSatisfy(d -> assertThat(d.getError()).isNotBlank());
  }

  @Test
  void shouldPublishEachDemoStoryOnceAndNothingAgainAfterARestart() throws Exception {
    // The first round takes the feeds in their order (all due at start, on one host), so a story
    // two feeds carry belongs to the first of them.
    Map<String, String> owners = new HashMap<>();
    FeedParser parser = new FeedParser((int) FetchLimits.DEFAULT.maxBytes());
    for (DemoNews.Feed feed : DemoNews.FEEDS) {
      try (InputStream in = DemoNews.class.getResourceAsStream(feed.resource())) {
        parser.parse(in.readAllBytes(), feed.name(), Instant.now()).entries().stream()
            .map(NewsEntry::id)
            .forEach(id -> owners.putIfAbsent(id, feed.name()));
      }
    }
    assertThat(Set.copyOf(owners.values()))
        .as("every demo feed owns stories")
        .containsExactlyInAnyOrderElementsOf(
            DemoNews.FEEDS.stream().map(DemoNews.Feed::name).toList());
    SextantConfig config = demoConfig();
    String bootstrap = config.kafka().clientBootstrap();
    SextantNode node = new SextantNode(config, NodeMode.DEMO);
    toClose.add(node);
    node.start();
    node.startSources();

    // A feed's success is shown once its batch (its stories and validators) is committed.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .failFast(
            "the news source failed",
            () -> assertThat(node.problems()).noneMatch(p -> p.startsWith("news: FAILED")))
        .untilAsserted(
            () -> {
              List<String> lines = health(config).body().lines().toList();
              assertThat(lines).contains("news: POLLING, 3 feeds, 0 failing");
              for (DemoNews.Feed feed : DemoNews.FEEDS) {
                assertThat(lines)
                    .anySatisfy(
                        line ->
                            assertThat(line)
                                .startsWith("news feed '" + feed.name() + "' (http://127.0.0.1:")
                                .contains("last success ")
                                .contains(", 0 failures in a row"));
              }
            });
    assertEachStoryOnceWithItsOwner(
        readAll(bootstrap, Topics.NEWS_ITEMS.name(), Topics.NEWS_ITEMS.serde().deserializer()),
        owners);
    // The derived streams run in the node: the demo's trades become candles (every instrument it
    // trades, every interval) and prices. The demo's captures cover different times and share
    // partitions; each series closes on its own time, so an older capture replayed after a newer
    // one still forms candles (docs/streams/candles.md).
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              Set<String> candles = new java.util.HashSet<>();
              for (var trade :
                  readAll(
                      bootstrap,
                      Topics.MARKET_TRADES.name(),
                      Topics.MARKET_TRADES.serde().deserializer())) {
                for (String interval : List.of("1s", "1m", "5m", "1h")) {
                  candles.add(trade.getInstrument() + "/" + interval);
                }
              }
              Set<String> indicators = readKeys(bootstrap, Topics.INDICATORS.name());
              assertThat(indicators).isNotEmpty().isEqualTo(candles);
              assertThat(readKeys(bootstrap, Topics.PRICES.name())).contains("BTC");
            });
    assertThat(health(config).body().lines()).contains("streams: RUNNING, 0 thread replacements");
    assertThat(metrics(config).body()).contains("kafka_stream_alive_stream_threads");
    assertThat(health(config).statusCode()).isEqualTo(200);
    node.close();

    // Same data directory: the cursor's validators make every feed of the first round answer 304,
    // so nothing is parsed, and nothing is published again.
    SextantNode again = new SextantNode(config, NodeMode.DEMO);
    toClose.add(again);
    again.start();
    again.startSources();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .failFast(
            "the news source failed",
            () -> assertThat(again.problems()).noneMatch(p -> p.startsWith("news: FAILED")))
        .untilAsserted(
            () -> {
              for (DemoNews.Feed feed : DemoNews.FEEDS) {
                assertThat(
                        again
                            .meters()
                            .find("sextant.news.not.modified")
                            .tag("feed", feed.name())
                            .counter())
                    .as(() -> feed.name() + " answered 304; health:\n" + healthText(config))
                    .isNotNull()
                    .satisfies(c -> assertThat(c.count()).isGreaterThanOrEqualTo(1));
              }
            });
    for (DemoNews.Feed feed : DemoNews.FEEDS) {
      assertThat(
              again
                  .meters()
                  .find("sextant.news.fetch.duration")
                  .tag("feed", feed.name())
                  .tag("result", "fetched")
                  .timer())
          .as(feed.name() + " sent no body after the restart")
          .isNull();
    }
    assertThat(again.meters().find("sextant.news.published").counters()).isEmpty();
    assertThat(
            again
                .meters()
                .get("sextant.news.seeded.stories")
                .tag("source", DemoNews.SOURCE_ID)
                .gauge()
                .value())
        .as("stories read back at the restart")
        .isEqualTo(owners.size());
    assertEachStoryOnceWithItsOwner(
        readAll(bootstrap, Topics.NEWS_ITEMS.name(), Topics.NEWS_ITEMS.serde().deserializer()),
        owners);
    List<String> lines = health(config).body().lines().toList();
    for (DemoNews.Feed feed : DemoNews.FEEDS) {
      assertThat(lines)
          .anySatisfy(
              line ->
                  assertThat(line)
                      .startsWith("news feed '" + feed.name() + "' ")
                      .endsWith(", 0 published"));
    }
  }

  /** Every story once on the topic, by the feed that owns it, at its first revision. */
  private static void assertEachStoryOnceWithItsOwner(
      List<NewsItem> items, Map<String, String> owners) {
    assertThat(items).hasSize(owners.size());
    Map<String, String> published = new HashMap<>();
    for (NewsItem item : items) {
      assertThat(published.put(item.getId(), item.getSource()))
          .as("%s published once", item.getId())
          .isNull();
    }
    assertThat(published).isEqualTo(owners);
    assertThat(items).extracting(NewsItem::getRevision).containsOnly(0);
  }

  private SextantConfig demoConfig() {
    Map<String, String> env =
        Map.of(
            "SEXTANT_DATA_DIR", dir.resolve("demo-var").toString(),
            "SEXTANT_KAFKA_PORT", Integer.toString(FreePorts.next()),
            "SEXTANT_KAFKA_CONTROLLER_PORT", Integer.toString(FreePorts.next()),
            "SEXTANT_GRPC_PORT", Integer.toString(FreePorts.next()),
            "SEXTANT_HTTP_PORT", Integer.toString(FreePorts.next()));
    return new ConfigLoader().load(Optional.empty(), env).config();
  }

  /** The health page for a failure message; the error when there is none. */
  private static String healthText(SextantConfig config) {
    try {
      return health(config).body();
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static HttpResponse<String> metrics(SextantConfig config) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + config.http().port() + "/metrics"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  private static HttpResponse<String> health(SextantConfig config) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + config.http().port() + "/health"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  private static void assertServesHealthReflectionAndMetrics(
      ManagedChannel channel, SextantConfig config) throws Exception {
    HealthCheckResponse health =
        HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance());
    assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

    List<String> services = new ArrayList<>();
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel)
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse r) {
                    r.getListServicesResponse()
                        .getServiceList()
                        .forEach(x -> services.add(x.getName()));
                  }

                  @Override
                  public void onError(Throwable t) {
                    done.countDown();
                  }

                  @Override
                  public void onCompleted() {
                    done.countDown();
                  }
                });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(services)
        .contains(
            "sextant.query.v1.MarketService",
            "sextant.query.v1.StreamService",
            "grpc.health.v1.Health");

    HttpResponse<String> metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + config.http().port() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("sextant_query_subscribers")
        .contains("jvm_memory_used_bytes");
  }

  private static String sextantMetrics(SextantNode node) {
    return node.meters()
        .scrape()
        .lines()
        .filter(l -> l.startsWith("sextant"))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  /** The bundled capture with malformed frames spliced in between good ones. */
  private Path captureWithMalformedLines() throws IOException {
    Path bundled = BundledCapture.extractTo(dir.resolve("bundled"));
    List<String> lines;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(bundled))) {
      lines =
          new ArrayList<>(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
    }
    lines.add(10, "1793628000300000000\t{\"type\":\"match\",\"trade_id\":");
    lines.add(
        500,
        "1793628100000000000\t{\"type\":\"match\",\"trade_id\":1,\"price\":\"abc\",\"size\":\"1\",\"side\":\"buy\",\"product_id\":\"BTC-USD\",\"sequence\":1,\"time\":\"2026-11-02T14:01:00.000000Z\"}");
    lines.add(900, "not-a-timestamp\t{}");
    Path capture = dir.resolve("capture.gz");
    try (BufferedWriter w =
        new BufferedWriter(
            new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(capture)), StandardCharsets.UTF_8))) {
      for (String line : lines) {
        w.write(line);
        w.write('\n');
      }
    }
    return capture;
  }

  private SextantConfig config(Path capture) {
    Map<String, String> env =
        Map.of(
            "SEXTANT_DATA_DIR", dir.resolve("var").toString(),
            "SEXTANT_KAFKA_PORT", Integer.toString(FreePorts.next()),
            "SEXTANT_KAFKA_CONTROLLER_PORT", Integer.toString(FreePorts.next()),
            "SEXTANT_GRPC_PORT", Integer.toString(FreePorts.next()),
            "SEXTANT_HTTP_PORT", Integer.toString(FreePorts.next()),
            "SEXTANT_INGEST_REPLAY_FILE", capture.toString(),
            "SEXTANT_MARKET_ENABLED", "false",
            "SEXTANT_NEWS_ENABLED", "false",
            // The derived streams are checked in the demo test; this one is about the query side.
            "SEXTANT_STREAMS_ENABLED", "false");
    return new ConfigLoader().load(Optional.empty(), env).config();
  }

  private ManagedChannel channel(SextantConfig config) {
    return Grpc.newChannelBuilderForAddress(
            "127.0.0.1", config.grpc().port(), InsecureChannelCredentials.create())
        .build();
  }

  private static PriceQuote getPrice(ManagedChannel channel, String key) {
    return MarketServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .getPrice(GetPriceRequest.newBuilder().setKey(key).build())
        .getPrice();
  }

  private static StreamObserver<Update> collectInto(
      ConcurrentLinkedQueue<Update> sink,
      java.util.concurrent.atomic.AtomicReference<Throwable> error) {
    return new StreamObserver<>() {
      @Override
      public void onNext(Update value) {
        if (value.hasTrade()) {
          sink.add(value);
        }
      }

      @Override
      public void onError(Throwable t) {
        error.set(t);
      }

      @Override
      public void onCompleted() {
        error.set(new AssertionError("the stream completed"));
      }
    };
  }

  private static Set<String> readKeys(String bootstrap, String topic) {
    Set<String> keys = new java.util.HashSet<>();
    readAll(bootstrap, topic, new StringDeserializer(), (key, value) -> keys.add(key));
    return keys;
  }

  private static <V> List<V> readAll(String bootstrap, String topic, Deserializer<V> values) {
    List<V> out = new ArrayList<>();
    readAll(bootstrap, topic, values, (key, value) -> out.add(value));
    return out;
  }

  private static <V> void readAll(
      String bootstrap,
      String topic,
      Deserializer<V> values,
      java.util.function.BiConsumer<String, V> sink) {
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            values)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
          sink.accept(r.key(), r.value());
        }
      }
    }
  }
}
