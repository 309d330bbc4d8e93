package dev.sextant.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.deploy.FreePorts;
import dev.sextant.deploy.kafka.EmbeddedKafka;
import dev.sextant.deploy.kafka.EmbeddedKafkaConfig;
import dev.sextant.deploy.kafka.TopicReconciler;
import dev.sextant.ingest.market.Protocols;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Trade;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sextant replay} of a capture of a non-default protocol into a real broker, twice. */
class ReplayCommandIT {

  @TempDir Path dir;

  private String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = SextantMain.commandLine(new Protocols(List.of(new EchoProtocol())));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    return out.toString();
  }

  @Test
  void shouldPublishTheCapturesTradesExactlyOnceAcrossTwoReplays() throws Exception {
    Path capture =
        Files.writeString(
            dir.resolve("echo.capture"),
            """
            1\t{"trade":"kraken:BTC-USD","id":"1","p":"100","s":"1"}
            2\t{"ack":1}
            3\t{"trade":"kraken:ETH-USD","id":"2","p":"10","s":"3"}
            """);
    EmbeddedKafkaConfig config =
        new EmbeddedKafkaConfig(
            dir.resolve("kafka"), "127.0.0.1", FreePorts.next(), FreePorts.next(), 16, Map.of());
    try (EmbeddedKafka kafka = new EmbeddedKafka(config)) {
      kafka.start();
      TopicReconciler.reconcileCatalog(kafka.bootstrapServers(), (short) 1);
      String[] args = {
        "replay", "--protocol", "echo", "--bootstrap", kafka.bootstrapServers(), capture.toString()
      };

      String first = run(args);
      String second = run(args);

      assertThat(first).contains("done: 3 frames read, 0 skipped").contains("2 trades");
      assertThat(second).contains("done: 0 frames read, 3 skipped").contains("0 trades");
      assertThat(trades(kafka.bootstrapServers()))
          .extracting(Trade::getTradeId)
          .containsExactlyInAnyOrder("1", "2");
    }
  }

  private static List<Trade> trades(String bootstrap) throws Exception {
    List<Trade> trades = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "replay-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.MARKET_TRADES.name()));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (trades.size() < 2 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          trades.add(Trade.parseFrom(record.value()));
        }
      }
      // A little longer, so a duplicate would show.
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
        trades.add(Trade.parseFrom(record.value()));
      }
    }
    return trades;
  }
}
