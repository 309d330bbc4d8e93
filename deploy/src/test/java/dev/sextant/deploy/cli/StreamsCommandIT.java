package dev.sextant.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Timestamps;
import dev.sextant.deploy.FreePorts;
import dev.sextant.deploy.kafka.EmbeddedKafka;
import dev.sextant.deploy.kafka.TestBroker;
import dev.sextant.ingest.kafka.CommittedReader;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Decimal;
import dev.sextant.schemas.v1.IndicatorSnapshot;
import dev.sextant.schemas.v1.Price;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import dev.sextant.schemas.v1.VenueContribution;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sextant streams} in-process against a real broker: the trades produced become final
 * candles on {@code indicators.v1} and a consolidated price on {@code prices.v1}, the state changes
 * are printed and a stop closes it cleanly; an unreachable Kafka and a state directory another
 * instance holds are clear errors.
 */
class StreamsCommandIT {

  private static final Duration AWAIT = Duration.ofSeconds(40);

  /** Whole seconds, a little in the past: event times are Kafka timestamps too. */
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private final List<Running> running = new ArrayList<>();

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = TestBroker.start(dir);
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @AfterEach
  void stopCommands() throws InterruptedException {
    for (Running r : running) {
      r.stop();
    }
  }

  /** A command running on its own thread, its output captured. */
  private static final class Running {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final AtomicInteger exit = new AtomicInteger(-1);
    final Thread thread;

    Running(String... args) {
      CommandLine cmd = SextantMain.commandLine();
      cmd.setOut(new PrintWriter(out, true));
      cmd.setErr(new PrintWriter(err, true));
      thread = Thread.ofPlatform().name("streams-command").start(() -> exit.set(cmd.execute(args)));
    }

    String out() {
      return out.toString();
    }

    /** Stops it as SIGTERM would (here by interrupt) and returns its exit code. */
    int stop() throws InterruptedException {
      thread.interrupt();
      thread.join(Duration.ofSeconds(60));
      return exit.get();
    }

    int awaitExit() throws InterruptedException {
      thread.join(Duration.ofSeconds(60));
      assertThat(thread.isAlive()).as("the command ended").isFalse();
      return exit.get();
    }
  }

  private Running run(String... args) {
    Running r = new Running(args);
    running.add(r);
    return r;
  }

  /** A file for a standalone instance: the test broker, one application, fast deterministic. */
  private static Path config(String name, String bootstrap) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        """
        data-dir: %s
        kafka:
          embedded: false
          bootstrap-servers: "%s"
        streams:
          application-id: %s
          commit-interval-ms: 50
          cache-max-bytes: 0
          standby-replicas: 0
          live-emit-interval-ms: 0
        """
            .formatted(dir.resolve(name + "-var"), bootstrap, name));
    return file;
  }

  @Test
  void shouldWriteFinalCandlesAndThePriceOfTheTradesThenStopCleanly() throws Exception {
    Path config = config("streams-it", kafka.bootstrapServers());
    Running streams = run("streams", "--config", config.toString());
    await()
        .atMost(AWAIT)
        .failFast("the command ended", () -> !streams.thread.isAlive())
        .until(() -> streams.out().contains("REBALANCING -> RUNNING"));
    assertThat(streams.out())
        .startsWith(
            "streams: application 'streams-it', at_least_once, Kafka at "
                + kafka.bootstrapServers()
                + ", state in "
                + dir.resolve("streams-it-var").resolve("streams")
                + System.lineSeparator());

    // Three trades per venue in the 1 s window at T0, then one 10 s later that closes it.
    produce(
        List.of(
            trade("coinbase:BTC-USD", 100, "100000.10", "1.5", 1),
            trade("kraken:BTC-USD", 150, "100000.40", "2", 1),
            trade("coinbase:BTC-USD", 400, "100000.30", "0.25", 2),
            trade("kraken:BTC-USD", 500, "100000.20", "1", 2),
            trade("coinbase:BTC-USD", 900, "100000.20", "1", 3),
            trade("kraken:BTC-USD", 950, "100000.60", "0.5", 3),
            trade("coinbase:BTC-USD", 10_000, "100000.50", "1", 4),
            trade("kraken:BTC-USD", 10_001, "100001.00", "1", 4)));

    long window = T0.toEpochMilli();
    await()
        .atMost(AWAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> finals(window).size() == 2 && lastBtcPrice().getVenuesCount() == 2);
    Map<String, IndicatorSnapshot> finals = finals(window);
    assertCandle(finals.get("coinbase:BTC-USD"), "100000.1", "100000.3", "100000.1", "100000.2");
    assertThat(plain(finals.get("coinbase:BTC-USD").getVolume())).isEqualTo("2.75");
    assertCandle(finals.get("kraken:BTC-USD"), "100000.4", "100000.6", "100000.2", "100000.6");
    assertThat(plain(finals.get("kraken:BTC-USD").getVolume())).isEqualTo("3.5");
    assertThat(finals.values()).extracting(IndicatorSnapshot::getTradeCount).containsOnly(3L);

    Price btc = lastBtcPrice();
    assertThat(btc.getQuote()).isEqualTo("USD");
    assertThat(btc.getVenuesList())
        .extracting(VenueContribution::getInstrument, v -> plain(v.getPrice()))
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("coinbase:BTC-USD", "100000.5"),
            org.assertj.core.groups.Tuple.tuple("kraken:BTC-USD", "100001"));
    assertThat(new BigDecimal(btc.getPrice().getValue()))
        .isBetween(new BigDecimal("100000.50"), new BigDecimal("100001.00"));

    assertThat(streams.stop()).isZero();
    assertThat(streams.out())
        .contains(
            "streams: RUNNING -> PENDING_SHUTDOWN" + System.lineSeparator(),
            "streams: PENDING_SHUTDOWN -> NOT_RUNNING" + System.lineSeparator());
    assertThat(streams.err.toString()).isEmpty();
  }

  @Test
  void shouldShareThePartitionsBetweenTwoInstancesOfOneApplication() throws Exception {
    Path config = config("streams-pair", kafka.bootstrapServers());
    Running a =
        run("streams", "--config", config.toString(), "--state-dir", dir.resolve("a").toString());
    Running b =
        run("streams", "--config", config.toString(), "--state-dir", dir.resolve("b").toString());

    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      await()
          .atMost(AWAIT)
          .pollInterval(Duration.ofMillis(500))
          .failFast("an instance ended", () -> !a.thread.isAlive() || !b.thread.isAlive())
          // The group exists once the first instance has joined.
          .ignoreExceptionsInstanceOf(java.util.concurrent.ExecutionException.class)
          .untilAsserted(
              () -> {
                ConsumerGroupDescription group =
                    admin
                        .describeConsumerGroups(List.of("streams-pair"))
                        .describedGroups()
                        .get("streams-pair")
                        .get();
                assertThat(group.groupState()).isEqualTo(GroupState.STABLE);
                assertThat(group.members()).hasSize(2);
                // Each instance holds some of the trades partitions, none twice, together all.
                List<Set<Integer>> trades =
                    group.members().stream()
                        .map(
                            m ->
                                m.assignment().topicPartitions().stream()
                                    .filter(tp -> tp.topic().equals(Topics.MARKET_TRADES.name()))
                                    .map(TopicPartition::partition)
                                    .collect(java.util.stream.Collectors.toSet()))
                        .toList();
                assertThat(trades).allSatisfy(partitions -> assertThat(partitions).isNotEmpty());
                Set<Integer> all = new java.util.TreeSet<>(trades.get(0));
                all.addAll(trades.get(1));
                assertThat(all)
                    .containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, Topics.MARKET_TRADES.partitions())
                            .boxed()
                            .toList());
                assertThat(trades.get(0)).doesNotContainAnyElementsOf(trades.get(1));
              });
    }
    assertThat(a.stop()).isZero();
    assertThat(b.stop()).isZero();
  }

  @Test
  void shouldRefuseAStateDirectoryAnotherInstanceHolds() throws Exception {
    Path config = config("streams-lock", kafka.bootstrapServers());
    Path shared = dir.resolve("shared-state");
    Running first = run("streams", "--config", config.toString(), "--state-dir", shared.toString());
    await()
        .atMost(AWAIT)
        .failFast("the first instance ended", () -> !first.thread.isAlive())
        .until(() -> first.out().contains("CREATED -> REBALANCING"));

    Running second =
        run(
            "streams",
            "--config",
            config.toString(),
            "--state-dir",
            shared.toString(),
            "--guarantee",
            "at_least_once");

    assertThat(second.awaitExit()).isEqualTo(FriendlyErrors.CONFIG_ERROR);
    assertThat(second.err.toString())
        .isEqualTo(
            "sextant: the state directory "
                + shared
                + " is in use by another instance of streams-lock: give each instance its own"
                + " with --state-dir (or streams.state-dir)"
                + System.lineSeparator());
    assertThat(first.thread.isAlive()).isTrue();
  }

  @Test
  void shouldGiveUpOnAnUnreachableKafkaNamingItsAddress() throws Exception {
    String nowhere = "127.0.0.1:" + FreePorts.next();
    Path config = config("streams-nowhere", nowhere);

    Running streams = run("streams", "--config", config.toString(), "--connect-timeout", "2");

    assertThat(streams.awaitExit()).isEqualTo(FriendlyErrors.CONFIG_ERROR);
    assertThat(streams.err.toString())
        .startsWith("sextant: cannot reach Kafka at " + nowhere + " within 2 s (")
        .endsWith(
            "): is the node running (its embedded broker), or kafka.bootstrap-servers right?"
                + System.lineSeparator());
    assertThat(streams.out()).isEmpty();
  }

  @Test
  void shouldRefuseAnUnknownGuaranteeListingTheValidOnes() throws Exception {
    Path config = config("streams-bad", kafka.bootstrapServers());

    Running streams = run("streams", "--config", config.toString(), "--guarantee", "twice");

    assertThat(streams.awaitExit()).isEqualTo(FriendlyErrors.CONFIG_ERROR);
    assertThat(streams.err.toString())
        .isEqualTo(
            "sextant: --guarantee: 'twice' is not a processing guarantee; valid: exactly_once_v2,"
                + " at_least_once"
                + System.lineSeparator());
  }

  private static void assertCandle(
      IndicatorSnapshot candle, String open, String high, String low, String close) {
    assertThat(candle.getWindowStart()).isEqualTo(Timestamps.fromMillis(T0.toEpochMilli()));
    assertThat(List.of(plain(candle.getOpen()), plain(candle.getHigh()), plain(candle.getLow())))
        .containsExactly(open, high, low);
    assertThat(plain(candle.getClose())).isEqualTo(close);
  }

  // ---- the trades

  private static Trade trade(String instrument, long offsetMs, String price, String size, int n) {
    long at = T0.toEpochMilli() + offsetMs;
    return Trade.newBuilder()
        .setInstrument(instrument)
        .setVenue(instrument.substring(0, instrument.indexOf(':')))
        .setTradeId(instrument + "-" + n)
        .setPrice(dec(price))
        .setSize(dec(size))
        .setSide(n % 2 == 0 ? Side.SIDE_BUY : Side.SIDE_SELL)
        .setEventTime(Timestamps.fromMillis(at))
        .setIngestTime(Timestamps.fromMillis(at))
        .build();
  }

  private static void produce(List<Trade> trades) throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true);
    try (KafkaProducer<String, Trade> producer =
        new KafkaProducer<>(
            config, new StringSerializer(), Topics.MARKET_TRADES.serde().serializer())) {
      for (Trade trade : trades) {
        producer
            .send(
                new ProducerRecord<>(
                    Topics.MARKET_TRADES.name(),
                    null,
                    Timestamps.toMillis(trade.getEventTime()),
                    trade.getInstrument(),
                    trade))
            .get();
      }
    }
  }

  // ---- what was written

  /** The final 1 s candles of the window starting at {@code startMs}, by instrument. */
  private static Map<String, IndicatorSnapshot> finals(long startMs)
      throws InvalidProtocolBufferException {
    Map<String, IndicatorSnapshot> finals = new java.util.TreeMap<>();
    for (ConsumerRecord<String, byte[]> r : records(Topics.INDICATORS.name())) {
      IndicatorSnapshot s = IndicatorSnapshot.parseFrom(r.value());
      if (s.getFinal()
          && s.getInterval().equals("1s")
          && Timestamps.toMillis(s.getWindowStart()) == startMs) {
        assertThat(finals.put(s.getInstrument(), s)).as("one final per window").isNull();
      }
    }
    return finals;
  }

  private static Price lastBtcPrice() throws InvalidProtocolBufferException {
    Price last = Price.getDefaultInstance();
    for (ConsumerRecord<String, byte[]> r : records(Topics.PRICES.name())) {
      if ("BTC".equals(r.key())) {
        last = Price.parseFrom(r.value());
      }
    }
    return last;
  }

  private static List<ConsumerRecord<String, byte[]>> records(String topic) {
    return CommittedReader.readAll(
        kafka.bootstrapServers(), "streams-command-it", topic, Duration.ofSeconds(10));
  }

  private static String plain(Decimal d) {
    return new BigDecimal(d.getValue()).stripTrailingZeros().toPlainString();
  }

  private static Decimal dec(String value) {
    return Decimal.newBuilder().setValue(value).build();
  }
}
