package dev.sextant.deploy.kafka;

import java.nio.file.Path;
import java.util.Map;

/**
 * How the embedded broker runs.
 *
 * @param dataDir where the broker keeps its log and properties ({@code ./var/kafka})
 * @param host the loopback or interface address it binds and advertises
 * @param port the client port (9092)
 * @param controllerPort the KRaft controller port (9093)
 * @param cleanerBufferMb the log cleaner's dedupe buffer, part of the memory budget
 * @param overrides extra broker properties, applied last
 */
public record EmbeddedKafkaConfig(
    Path dataDir,
    String host,
    int port,
    int controllerPort,
    int cleanerBufferMb,
    Map<String, String> overrides) {

  public EmbeddedKafkaConfig {
    overrides = Map.copyOf(overrides);
  }
}
