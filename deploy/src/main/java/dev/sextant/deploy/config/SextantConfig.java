package dev.sextant.deploy.config;

import java.nio.file.Path;

/**
 * The node's configuration, bound from {@code sextant-defaults.yaml}, the user's file and the
 * environment. Field names are the YAML keys in kebab-case.
 */
public record SextantConfig(
    Path dataDir,
    Kafka kafka,
    Port grpc,
    Port http,
    Query query,
    Ingest ingest,
    Demo demo,
    Memory memory) {

  /** The broker the node runs or joins. */
  public record Kafka(
      boolean embedded,
      String host,
      int port,
      int controllerPort,
      String bootstrapServers,
      short replicationFactor) {

    /** Where clients connect: the embedded broker, or the configured cluster. */
    public String clientBootstrap() {
      return embedded ? host + ":" + port : bootstrapServers;
    }
  }

  /** A listening port. */
  public record Port(int port) {}

  /** Query node settings. */
  public record Query(int subscriberQueue) {}

  /** Ingest settings shared by every source. */
  public record Ingest(Replay replay, int transactionMaxRecords, int transactionLingerMs) {}

  /** A capture to replay. */
  public record Replay(String file, double speed) {}

  /** What {@code sextant demo} replays. */
  public record Demo(String capture, double speed) {}

  /** The explicit memory budget (docs/MEMORY.md). */
  public record Memory(int kafkaCleanerBufferMb, int producerBufferMb, int consumerFetchMb) {}
}
