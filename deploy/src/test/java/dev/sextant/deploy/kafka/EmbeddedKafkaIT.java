package dev.sextant.deploy.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sextant.deploy.FreePorts;
import dev.sextant.deploy.config.PortCheck.PortInUseException;
import dev.sextant.schemas.topics.Topic;
import dev.sextant.schemas.topics.Topics;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

  @TempDir Path dir;

  private EmbeddedKafkaConfig config(int port, int controllerPort) {
    return new EmbeddedKafkaConfig(
        dir.resolve("kafka"), "127.0.0.1", port, controllerPort, 16, Map.of());
  }

  @Test
  void shouldCreateReconcileAndKeepTopicsAcrossRestart() throws Exception {
    EmbeddedKafkaConfig config = config(FreePorts.next(), FreePorts.next());
    try (EmbeddedKafka kafka = new EmbeddedKafka(config)) {
      kafka.start();
      try (Admin admin = admin(kafka)) {
        TopicReconciler reconciler = new TopicReconciler(admin, (short) 1);
        TopicReconciler.Report first = reconciler.reconcile(Topics.ALL);
        assertThat(first.created()).hasSize(Topics.ALL.size());
        assertThat(admin.listTopics().names().get()).containsAll(names(Topics.ALL));
        assertThat(partitions(admin, Topics.MARKET_TRADES))
            .isEqualTo(Topics.MARKET_TRADES.partitions());
        assertThat(config(admin, Topics.NEWS_ITEMS, "cleanup.policy")).isEqualTo("compact");
        assertThat(config(admin, Topics.BILLING_USAGE, "retention.ms")).isEqualTo("-1");

        assertThat(reconciler.reconcile(Topics.ALL).changedNothing()).isTrue();

        // Someone changed retention by hand: the catalog wins at the next start.
        ConfigResource trades =
            new ConfigResource(ConfigResource.Type.TOPIC, Topics.MARKET_TRADES.name());
        admin
            .incrementalAlterConfigs(
                Map.of(
                    trades,
                    List.of(
                        new AlterConfigOp(
                            new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET))))
            .all()
            .get();
        // The broker applies config changes from the metadata log shortly after the call returns.
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> config(admin, Topics.MARKET_TRADES, "retention.ms").equals("1000"));
        TopicReconciler.Report repaired = reconciler.reconcile(Topics.ALL);
        assertThat(repaired.reconfigured()).containsExactly(Topics.MARKET_TRADES.name());
        assertThat(config(admin, Topics.MARKET_TRADES, "retention.ms"))
            .isEqualTo(Long.toString(Topics.MARKET_TRADES.retentionMs()));
      }
      produce(kafka, "hello");
    }

    // Same data directory, fresh ports: the topics and the record are still there.
    try (EmbeddedKafka kafka = new EmbeddedKafka(config(FreePorts.next(), FreePorts.next()))) {
      kafka.start();
      try (Admin admin = admin(kafka)) {
        assertThat(new TopicReconciler(admin, (short) 1).reconcile(Topics.ALL).changedNothing())
            .isTrue();
      }
      assertThat(consumeAll(kafka)).containsExactly("hello");
    }
  }

  @Test
  void shouldNameThePortAndTheKeyWhenThePortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      EmbeddedKafka kafka = new EmbeddedKafka(config(taken.getLocalPort(), FreePorts.next()));
      assertThatThrownBy(kafka::start)
          .isInstanceOf(PortInUseException.class)
          .hasMessageContaining("Port " + taken.getLocalPort())
          .hasMessageContaining("kafka.port")
          .hasMessageContaining("SEXTANT_KAFKA_PORT");
    }
  }

  private static Admin admin(EmbeddedKafka kafka) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  private static List<String> names(List<Topic<?>> topics) {
    return topics.stream().map(Topic::name).toList();
  }

  private static int partitions(Admin admin, Topic<?> topic) throws Exception {
    return admin
        .describeTopics(Set.of(topic.name()))
        .allTopicNames()
        .get()
        .get(topic.name())
        .partitions()
        .size();
  }

  private static String config(Admin admin, Topic<?> topic, String key) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
    return admin.describeConfigs(List.of(resource)).all().get().get(resource).get(key).value();
  }

  private static void produce(EmbeddedKafka kafka, String value) throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer
          .send(new ProducerRecord<>(Topics.INGEST_DEADLETTER.name(), "k", value))
          .get(10, TimeUnit.SECONDS);
    }
  }

  private static List<String> consumeAll(EmbeddedKafka kafka) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringDeserializer(),
            new StringDeserializer())) {
      TopicPartition tp = new TopicPartition(Topics.INGEST_DEADLETTER.name(), 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      List<String> values = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (consumer.position(tp) < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
      return values;
    }
  }
}
