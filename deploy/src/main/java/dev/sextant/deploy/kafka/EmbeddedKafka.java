package dev.sextant.deploy.kafka;

import dev.sextant.deploy.config.PortCheck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), started from the
 * Kafka jars in this JVM. Its log directory survives restarts, so a second start resumes the data.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final EmbeddedKafkaConfig config;
  private KafkaRaftServer server;

  public EmbeddedKafka(EmbeddedKafkaConfig config) {
    this.config = config;
  }

  /**
   * Formats the storage on first use, then starts the broker and returns when it accepts clients.
   */
  public void start() throws IOException {
    PortCheck.requireFree(config.port(), "kafka.port");
    PortCheck.requireFree(config.controllerPort(), "kafka.controller-port");
    Files.createDirectories(config.dataDir());
    Map<String, String> props = brokerProperties();
    Path propsFile = config.dataDir().resolve("server.properties");
    writeProperties(props, propsFile);
    if (!Files.exists(logDir().resolve("meta.properties"))) {
      format(propsFile);
    }
    long started = System.nanoTime();
    server = new KafkaRaftServer(KafkaConfig.fromProps(toProperties(props)), Time.SYSTEM);
    server.startup();
    log.info(
        "Kafka broker up on {} in {} ms, data in {}",
        bootstrapServers(),
        (System.nanoTime() - started) / 1_000_000,
        logDir());
  }

  /** {@code host:port} for clients. */
  public String bootstrapServers() {
    return config.host() + ":" + config.port();
  }

  /** Shuts the broker down cleanly: logs flushed, clean-shutdown marker written. */
  @Override
  public void close() {
    if (server == null) {
      return;
    }
    long started = System.nanoTime();
    server.shutdown();
    server.awaitShutdown();
    server = null;
    log.info("Kafka broker stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
  }

  private Path logDir() {
    return config.dataDir().resolve("data");
  }

  private Map<String, String> brokerProperties() {
    String host = config.host();
    Map<String, String> p = new TreeMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.bootstrap.servers", host + ":" + config.controllerPort());
    p.put(
        "listeners",
        "PLAINTEXT://"
            + host
            + ":"
            + config.port()
            + ",CONTROLLER://"
            + host
            + ":"
            + config.controllerPort());
    p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + config.port());
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir().toAbsolutePath().toString());
    // One node: every internal topic has exactly one replica.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "3");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "3");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // Topics come from the catalog only, never from a typo in a client.
    p.put("auto.create.topics.enable", "false");
    // Memory budget: the log cleaner's dedupe buffer defaults to 128 MiB; compacted topics here are
    // small.
    p.put(
        "log.cleaner.dedupe.buffer.size", Long.toString(config.cleanerBufferMb() * 1024L * 1024L));
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("queued.max.requests", "200");
    p.put("log.flush.interval.ms", "1000");
    p.putAll(config.overrides());
    return p;
  }

  private void format(Path propsFile) throws IOException {
    String clusterId = Uuid.randomUuid().toString();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc;
    try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      rc =
          StorageTool.execute(
              new String[] {
                "format",
                "--config",
                propsFile.toString(),
                "--cluster-id",
                clusterId,
                "--standalone",
                "--ignore-formatted"
              },
              print);
    }
    String output = out.toString(StandardCharsets.UTF_8).strip();
    if (rc != 0) {
      throw new IOException("Formatting Kafka storage in " + logDir() + " failed: " + output);
    }
    log.info("Formatted Kafka storage {} as cluster {}", logDir(), clusterId);
  }

  private static void writeProperties(Map<String, String> props, Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("# Written by the Sextant node at each start; edit the Sextant config instead.\n");
      for (Map.Entry<String, String> e : props.entrySet()) {
        w.write(e.getKey() + "=" + e.getValue() + "\n");
      }
    }
  }

  private static Properties toProperties(Map<String, String> props) {
    Properties p = new Properties();
    p.putAll(props);
    return p;
  }
}
