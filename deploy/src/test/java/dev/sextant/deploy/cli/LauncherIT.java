package dev.sextant.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sextant.deploy.CaptureFacts;
import dev.sextant.deploy.DemoPrices;
import dev.sextant.deploy.FreePorts;
import dev.sextant.deploy.demo.BundledCapture;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.ChainEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/sextant} as a user runs it: demo, query, Ctrl-C; the demo's local chain into chain
 * events and DEX trades; a taken port.
 */
class LauncherIT {

  @TempDir Path dir;
  private Path root;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void setUp() {
    root = Path.of(System.getProperty("sextant.root", "..")).toAbsolutePath().normalize();
    env.put("SEXTANT_DATA_DIR", dir.resolve("var").toString());
    env.put("SEXTANT_KAFKA_PORT", Integer.toString(FreePorts.next()));
    env.put("SEXTANT_KAFKA_CONTROLLER_PORT", Integer.toString(FreePorts.next()));
    env.put("SEXTANT_GRPC_PORT", Integer.toString(FreePorts.next()));
    env.put("SEXTANT_HTTP_PORT", Integer.toString(FreePorts.next()));
    env.put("SEXTANT_MARKET_ENABLED", "false");
    // No test reaches the publishers' feeds; the demo serves its own.
    env.put("SEXTANT_NEWS_ENABLED", "false");
  }

  @Test
  void shouldRunTheDemoAnswerEveryVenueAndTheLatestBtcPriceAndStopCleanlyOnSigterm()
      throws Exception {
    DemoPrices expected = DemoPrices.of(dir.resolve("capture"));
    String coinbaseExchangeLast =
        CaptureFacts.read(BundledCapture.extractTo(dir.resolve("facts"), "coinbase-exchange").get())
            .lastPriceByProduct()
            .get("BTC-USD");
    // The independent reading of the Coinbase Exchange capture agrees with its decoding.
    assertThat(expected.lastPrices("coinbase:BTC-USD")).contains(coinbaseExchangeLast);
    DemoPrices.Last btc = expected.latestSpot("BTC", "USD");

    Path log = dir.resolve("demo.log");
    Process demo = start(log, "demo");
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> Files.readString(log).contains("Sextant node ready"));
      // The asset's price is its most recent USD spot trade of any venue, by event time.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> assertThat(answer(run("query", "price", "BTC"))).isEqualTo(btc.answer("BTC")));

      // Every venue's capture shows up; an instrument two protocols trade (Coinbase Exchange and
      // Advanced, Kraken v1 and v2) ends on the last trade of one of them, in Kafka order.
      for (String instrument : expected.onePerVenue()) {
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () -> {
                  Result price = run("query", "price", instrument);
                  assertThat(price.exitCode()).as(price.stderr()).isZero();
                  assertThat(answer(price).get(0)).isEqualTo(instrument);
                  assertThat(expected.lastPrices(instrument)).contains(answer(price).get(1));
                });
      }
      Result coinbase = run("query", "price", "coinbase:BTC-USD");
      assertThat(answer(coinbase).get(1)).isIn(expected.lastPrices("coinbase:BTC-USD"));

      Result price = run("query", "price", "BTC");
      assertThat(price.exitCode()).isZero();
      assertThat(price.stdout()).contains("USD").contains("(" + btc.instrument() + ",");

      Result unknown = run("query", "price", "NOPE");
      assertThat(unknown.exitCode()).isNotZero();
      assertThat(unknown.stderr()).contains("INVALID_ARGUMENT");

      // A second instance of the derived streams, alone, joins the node's application on its
      // broker and stops cleanly on SIGTERM.
      Path streamsLog = dir.resolve("streams.log");
      ProcessBuilder pb =
          new ProcessBuilder(command("streams", "--state-dir", dir.resolve("streams-2").toString()))
              .directory(dir.toFile());
      pb.environment().putAll(env);
      pb.redirectErrorStream(true).redirectOutput(streamsLog.toFile());
      Process streams = pb.start();
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .failFast("streams exited", () -> !streams.isAlive())
            .until(() -> Files.readString(streamsLog).contains("streams: REBALANCING -> RUNNING"));
      } finally {
        streams.destroy();
      }
      assertThat(streams.waitFor(40, TimeUnit.SECONDS)).as("streams exits after SIGTERM").isTrue();
      assertThat(Files.readString(streamsLog))
          .contains("streams: application 'sextant-streams', at_least_once, Kafka at 127.0.0.1:")
          .contains("streams: PENDING_SHUTDOWN -> NOT_RUNNING");
    } finally {
      demo.destroy(); // SIGTERM, as Ctrl-C or a process manager would send
    }
    assertThat(demo.waitFor(10, TimeUnit.SECONDS)).as("node exits after SIGTERM").isTrue();
    String output = Files.readString(log);
    assertThat(output).contains("Sextant node stopped").contains("Kafka broker stopped");
  }

  @Test
  void shouldTailTheDemoChainIntoChainEventsAndDexTradesAndStopItsNodeOnSigterm() throws Exception {
    Path log = dir.resolve("demo-chain.log");
    Process demo = start(log, "demo");
    int anvilPort;
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> Files.readString(log).contains("demo: local chain 31337 at"));
      Matcher url =
          Pattern.compile("demo: local chain 31337 at http://127\\.0\\.0\\.1:(\\d+)")
              .matcher(Files.readString(log));
      assertThat(url.find()).isTrue();
      anvilPort = Integer.parseInt(url.group(1));

      // The scripted traffic reaches Kafka as decoded events of every kind it sends.
      Set<ChainEvent.DetailCase> kinds = ConcurrentHashMap.newKeySet();
      try (KafkaConsumer<String, byte[]> consumer = chainEvents()) {
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ZERO)
            .untilAsserted(
                () -> {
                  for (var record : consumer.poll(Duration.ofMillis(500))) {
                    ChainEvent event = ChainEvent.parseFrom(record.value());
                    assertThat(event.getChainId()).isEqualTo(31_337);
                    assertThat(record.key()).isEqualTo("31337:" + event.getContract());
                    kinds.add(event.getDetailCase());
                  }
                  assertThat(kinds)
                      .as(() -> "chain events seen; the demo's log ends:\n" + lastLines(log))
                      .contains(
                          ChainEvent.DetailCase.TRANSFER,
                          ChainEvent.DetailCase.WETH_DEPOSIT,
                          ChainEvent.DetailCase.V2_SWAP,
                          ChainEvent.DetailCase.V2_SYNC,
                          ChainEvent.DetailCase.V3_SWAP);
                });
      }

      // The swaps are trades of the DEX venues, priced near the demo's ETH price in USDC.
      for (String instrument :
          List.of("uniswap-v2@31337:WETH-USDC", "uniswap-v3@31337:WETH-USDC")) {
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () -> {
                  Result price = run("query", "price", instrument);
                  assertThat(price.exitCode()).as(price.stderr()).isZero();
                  assertThat(answer(price).get(0)).isEqualTo(instrument);
                  assertThat(new BigDecimal(answer(price).get(1)))
                      .isBetween(new BigDecimal("2500"), new BigDecimal("4500"));
                  assertThat(price.stdout()).contains(" USDC ");
                });
      }

      HttpResponse<String> health = health();
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
      assertThat(health.body())
          .startsWith("SERVING\n")
          .contains("chain 'demo' (chain id 31337): TAIL");
    } finally {
      demo.destroy();
    }
    assertThat(demo.waitFor(20, TimeUnit.SECONDS)).as("node exits after SIGTERM").isTrue();
    assertThat(Files.readString(log)).contains("demo: local chain stopped");
    // The demo's Anvil node went with it.
    assertThatThrownBy(() -> new Socket("127.0.0.1", anvilPort).close())
        .isInstanceOf(IOException.class);
  }

  private static String lastLines(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private KafkaConsumer<String, byte[]> chainEvents() {
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:" + env.get("SEXTANT_KAFKA_PORT"),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    // Every partition from the start, without a consumer group to join.
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.CHAIN_EVENTS.name(), Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  private HttpResponse<String> health() throws IOException, InterruptedException {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + env.get("SEXTANT_HTTP_PORT") + "/health"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  /** The key and price of a {@code query price} answer ({@code BTC 64995.6 USD (...)}). */
  private static List<String> answer(Result result) {
    String[] words = result.stdout().trim().split("\\s+");
    return words.length < 2 ? List.of(result.stdout()) : List.of(words[0], words[1]);
  }

  @Test
  void shouldNameTheTakenPortAndItsKey() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      env.put("SEXTANT_GRPC_PORT", Integer.toString(taken.getLocalPort()));
      Path log = dir.resolve("up.log");
      Process up = start(log, "up");
      assertThat(up.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(up.exitValue()).isEqualTo(2);
      assertThat(Files.readString(log))
          .contains("Port " + taken.getLocalPort() + " is already in use")
          .contains("grpc.port")
          .contains("SEXTANT_GRPC_PORT");
    }
  }

  @Test
  void shouldPrintTheVersion() throws Exception {
    Result version = run("version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.stdout()).startsWith("sextant 0.").contains("java 25");
  }

  private Process start(Path log, String... args) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command(args)).directory(dir.toFile());
    pb.environment().putAll(env);
    pb.environment().put("SEXTANT_HEAP", "-Xmx1g");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    return pb.start();
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private Result run(String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command(args)).directory(dir.toFile());
    pb.environment().putAll(env);
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private List<String> command(String... args) {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(root.resolve("bin/sextant").toString());
    cmd.addAll(List.of(args));
    return cmd;
  }
}
