package dev.sextant.deploy.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.deploy.FreePorts;
import dev.sextant.ingest.sink.Batch;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.ingest.sink.SinkConfig;
import dev.sextant.ingest.sink.TransactionalSink;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Trade;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transactional sink on a real broker: commits of unknown outcome, and fencing. */
class TransactionalSinkIT {

  @TempDir Path dir;

  private static Batch batch(String tradeId) {
    Trade trade = Trade.newBuilder().setInstrument("kraken:BTC-USD").setTradeId(tradeId).build();
    return new Batch(
        List.of(new Outgoing<>(Topics.MARKET_TRADES, trade.getInstrument(), trade)),
        "it:" + tradeId);
  }

  @Test
  void shouldWriteABatchExactlyOnceWhenItsInterruptedCommitIsRetriedAtOnce() throws Exception {
    // The old producer is closed before its commit may have reached the broker: the new one's
    // initTransactions() then aborts it, and the batch is written again.
    writeOnceAfterAnInterruptedCommit(false);
  }

  @Test
  void shouldNotWriteABatchAgainWhoseInterruptedCommitWentIn() throws Exception {
    // The broker completes the commit after the sink stopped waiting for it.
    writeOnceAfterAnInterruptedCommit(true);
  }

  private void writeOnceAfterAnInterruptedCommit(boolean awaitTheCommit) throws Exception {
    EmbeddedKafkaConfig config =
        new EmbeddedKafkaConfig(
            dir.resolve("kafka"), "127.0.0.1", FreePorts.next(), FreePorts.next(), 16, Map.of());
    try (EmbeddedKafka kafka = new EmbeddedKafka(config)) {
      kafka.start();
      TopicReconciler.reconcileCatalog(kafka.bootstrapServers(), (short) 1);
      TransactionalSink sink =
          new TransactionalSink(
              kafka.bootstrapServers(),
              new SinkConfig(
                  "sink-it",
                  10,
                  Duration.ofMillis(5),
                  Duration.ofSeconds(30),
                  Duration.ofSeconds(2),
                  Map.of()));
      try {
        assertThat(sink.start()).isEmpty();
        sink.write(batch("1")); // the producer learns the topics: its sends no longer block

        // Interrupted while it waits for the commit, which the broker completes regardless: the
        // outcome is unknown to the sink, and Kafka refuses an abort after it.
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> sink.write(batch("2"))).isInstanceOf(InterruptException.class);
        assertThat(Thread.interrupted()).isTrue();
        if (awaitTheCommit) {
          assertThat(committedTradeIds(kafka.bootstrapServers(), 2)).containsExactly("1", "2");
        }

        sink.write(batch("2")); // written again, as a pipeline does with a batch that failed
        sink.write(batch("3"));
      } finally {
        sink.close();
      }

      assertThat(committedTradeIds(kafka.bootstrapServers(), 3)).containsExactly("1", "2", "3");
    }
  }

  @Test
  void shouldNotLetAFencedInstanceTakeItsSourceBack() throws Exception {
    EmbeddedKafkaConfig config =
        new EmbeddedKafkaConfig(
            dir.resolve("kafka"), "127.0.0.1", FreePorts.next(), FreePorts.next(), 16, Map.of());
    try (EmbeddedKafka kafka = new EmbeddedKafka(config)) {
      kafka.start();
      TopicReconciler.reconcileCatalog(kafka.bootstrapServers(), (short) 1);
      String bootstrap = kafka.bootstrapServers();
      SinkConfig sinkConfig =
          new SinkConfig(
              "fence-it",
              10,
              Duration.ofMillis(5),
              Duration.ofSeconds(30),
              Duration.ofSeconds(2),
              Map.of());
      try (TransactionalSink a = new TransactionalSink(bootstrap, sinkConfig);
          TransactionalSink b = new TransactionalSink(bootstrap, sinkConfig)) {
        assertThat(a.start()).isEmpty();
        a.write(batch("1"));
        assertThat(b.start()).contains("it:1"); // B takes the source over, fencing A

        // A's write fails, and A stays fenced: it neither retries nor replaces its producer.
        assertThatThrownBy(() -> a.write(batch("2")))
            .satisfies(e -> assertThat(TransactionalSink.isFatal(e)).isTrue());
        assertThatThrownBy(a::settle)
            .satisfies(e -> assertThat(TransactionalSink.isFatal(e)).isTrue());
        assertThatThrownBy(() -> a.write(batch("2")))
            .satisfies(e -> assertThat(TransactionalSink.isFatal(e)).isTrue());

        b.write(batch("3"));
        b.write(batch("4"));
      }

      assertThat(committedTradeIds(bootstrap, 3)).containsExactly("1", "3", "4");
      try (TransactionalSink next = new TransactionalSink(bootstrap, sinkConfig)) {
        assertThat(next.start()).contains("it:4"); // the committed cursor is B's
      }
    }
  }

  /** The committed trades, read until {@code expected} came and then a little longer. */
  private static List<String> committedTradeIds(String bootstrap, int expected) throws Exception {
    List<String> ids = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "sink-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.MARKET_TRADES.name()));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (ids.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          ids.add(Trade.parseFrom(record.value()).getTradeId());
        }
      }
      // A little longer, so that a duplicate would show.
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
        ids.add(Trade.parseFrom(record.value()).getTradeId());
      }
    }
    return ids;
  }
}
