package dev.sextant.deploy.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
    Market market,
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

  /**
   * Ingest settings shared by every source.
   *
   * @param transactionMaxRecords records per Kafka transaction of a live source or a paced replay
   * @param transactionLingerMs the longest a transaction stays open
   * @param fullSpeedTransactionMaxRecords the same for a replay at full speed (speed 0), which
   *     nobody waits on record by record, so it batches for throughput
   * @param fullSpeedTransactionLingerMs the same for a replay at full speed
   */
  public record Ingest(
      Replay replay,
      int transactionMaxRecords,
      int transactionLingerMs,
      int fullSpeedTransactionMaxRecords,
      int fullSpeedTransactionLingerMs) {

    /** Records per transaction of a source read at {@code speed} (0 = as fast as possible). */
    public int transactionMaxRecords(double speed) {
      return speed == 0 ? fullSpeedTransactionMaxRecords : transactionMaxRecords;
    }

    /** Linger of a transaction of a source read at {@code speed} (0 = as fast as possible). */
    public int transactionLingerMs(double speed) {
      return speed == 0 ? fullSpeedTransactionLingerMs : transactionLingerMs;
    }
  }

  /**
   * A capture to replay.
   *
   * @param protocol the market protocol of the capture's frames
   */
  public record Replay(String file, String protocol, double speed) {}

  /**
   * What {@code sextant demo} replays: {@code bundled} for the capture of every protocol shipped
   * with Sextant, or a capture file of {@code protocol}.
   */
  public record Demo(String capture, String protocol, double speed) {}

  /**
   * The live market feeds {@code up} runs.
   *
   * @param enabled false turns every live feed off (replays still run)
   * @param feeds the feeds by name; a name is also the feed's source id suffix ({@code
   *     market-<name>}), so keep it when editing a feed
   */
  public record Market(boolean enabled, Map<String, Feed> feeds) {
    public Market {
      feeds = feeds == null ? Map.of() : Map.copyOf(feeds);
    }
  }

  /**
   * One live feed.
   *
   * @param protocol the market protocol ({@code coinbase-exchange}, {@code binance}, ...)
   * @param endpoint the WebSocket endpoint; empty for the protocol's default
   * @param restEndpoint the REST endpoint for book snapshots; empty for the protocol's default
   * @param instruments Sextant instrument ids, all of the protocol's venue ({@code
   *     binance:BTC-USDT})
   * @param enabled whether {@code up} runs it
   */
  public record Feed(
      String protocol,
      String endpoint,
      String restEndpoint,
      List<String> instruments,
      boolean enabled) {
    public Feed {
      Objects.requireNonNull(protocol, "a feed needs a protocol");
      endpoint = endpoint == null ? "" : endpoint;
      restEndpoint = restEndpoint == null ? "" : restEndpoint;
      instruments = instruments == null ? List.of() : List.copyOf(instruments);
    }
  }

  /** The explicit memory budget (docs/MEMORY.md). */
  public record Memory(int kafkaCleanerBufferMb, int producerBufferMb, int consumerFetchMb) {}
}
