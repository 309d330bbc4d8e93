package dev.sextant.deploy.kafka;

import dev.sextant.deploy.FreePorts;
import java.nio.file.Path;
import java.util.Map;

/** The embedded broker as integration tests run it: free ports, the catalog's topics created. */
public final class TestBroker {

  /** A small cleaner buffer: tests write little, and several brokers may share one JVM. */
  private static final int CLEANER_BUFFER_MB = 16;

  private TestBroker() {}

  /** A started broker with its log under {@code dir}/kafka and every catalog topic. */
  public static EmbeddedKafka start(Path dir) throws Exception {
    EmbeddedKafka kafka =
        new EmbeddedKafka(
            new EmbeddedKafkaConfig(
                dir.resolve("kafka"),
                "127.0.0.1",
                FreePorts.next(),
                FreePorts.next(),
                CLEANER_BUFFER_MB,
                Map.of()));
    try {
      kafka.start();
      TopicReconciler.reconcileCatalog(kafka.bootstrapServers(), (short) 1);
      return kafka;
    } catch (Exception | Error e) {
      kafka.close();
      throw e;
    }
  }
}
