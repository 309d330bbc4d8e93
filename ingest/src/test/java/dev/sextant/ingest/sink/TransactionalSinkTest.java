package dev.sextant.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** The sink's settings and error classes; its Kafka behaviour is tested on a real broker (IT). */
class TransactionalSinkTest {

  @Test
  void shouldConfigureIdempotentTransactionalProducerPerSource() {
    Map<String, Object> config =
        TransactionalSink.producerConfig(
            "localhost:9092", SinkConfig.of("coinbase-exchange-replay"));

    assertThat(config)
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sextant-ingest-coinbase-exchange-replay")
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
  }

  @Test
  void shouldReadCursorsReadCommitted() {
    assertThat(CommittedCursorReader.consumerConfig("localhost:9092", "s"))
        .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        .containsEntry(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
  }

  @Test
  void shouldTreatFencingAsFatalEvenWhenWrapped() {
    ProducerFencedException fenced = new ProducerFencedException("epoch bumped");

    assertThat(TransactionalSink.isFatal(fenced)).isTrue();
    assertThat(TransactionalSink.isFatal(new KafkaException("in error state", fenced))).isTrue();
    assertThat(TransactionalSink.isFatal(new TimeoutException("slow broker"))).isFalse();
  }

  @Test
  void shouldApplyProducerOverridesButNeverGiveUpExactlyOnce() {
    SinkConfig config =
        new SinkConfig(
            "s",
            10,
            java.time.Duration.ofMillis(5),
            java.time.Duration.ofSeconds(1),
            java.time.Duration.ofSeconds(1),
            java.util.Map.of(
                "buffer.memory", "8388608", "enable.idempotence", "false", "acks", "1"));

    assertThat(TransactionalSink.producerConfig("localhost:9092", config))
        .containsEntry("buffer.memory", "8388608")
        .containsEntry("enable.idempotence", true)
        .containsEntry("acks", "all");
  }
}
