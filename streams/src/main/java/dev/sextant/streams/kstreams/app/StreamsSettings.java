package dev.sextant.streams.kstreams.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How the derived streams application runs (docs/streams/application.md): what {@link
 * #toProperties()} hands to Kafka Streams.
 *
 * @param applicationId the Kafka Streams application id: consumer group, prefix of internal topics
 * @param bootstrapServers the Kafka brokers
 * @param guarantee exactly-once (transactions) or at-least-once
 * @param commitInterval how often offsets and state are committed; under exactly-once also how long
 *     outputs stay invisible to read-committed readers
 * @param cacheMaxBytes the record cache of all state stores of an instance, shared by its threads
 * @param standbyReplicas warm copies of each store on other instances, for fast failover
 * @param streamThreads stream threads of this instance
 * @param stateDir where the local stores live
 */
public record StreamsSettings(
    String applicationId,
    String bootstrapServers,
    ProcessingGuarantee guarantee,
    Duration commitInterval,
    long cacheMaxBytes,
    int standbyReplicas,
    int streamThreads,
    Path stateDir) {

  public static final String DEFAULT_APPLICATION_ID = "sextant-streams";

  /**
   * Exactly-once commits every 100 ms by default in Kafka Streams: outputs wait at most that long
   * for their transaction; stated here so the latency budget is visible.
   */
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);

  /** 10 MiB: enough for the candle series of the hot instruments between commits. */
  public static final long DEFAULT_CACHE_MAX_BYTES = 10L * 1024 * 1024;

  /**
   * A producer batch waits this long for more records. Kafka Streams sets 100 ms for its producers
   * unless told otherwise, five times the 20 ms p99 budget; 1 ms still batches the bursts.
   */
  static final int LINGER_MS = 1;

  /**
   * A fetch returns as soon as there is one byte (the default, stated so that it stays so) and
   * waits at most this long when there is none: a short wait keeps an idle partition's first record
   * from sitting on the broker.
   */
  static final int FETCH_MAX_WAIT_MS = 10;

  public StreamsSettings {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(guarantee, "guarantee");
    Objects.requireNonNull(commitInterval, "commitInterval");
    Objects.requireNonNull(stateDir, "stateDir");
    if (applicationId.isBlank() || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("applicationId and bootstrapServers must not be blank");
    }
    if (!commitInterval.isPositive()) {
      throw new IllegalArgumentException("commitInterval must be > 0");
    }
    if (cacheMaxBytes < 0 || standbyReplicas < 0 || streamThreads < 1) {
      throw new IllegalArgumentException(
          "cacheMaxBytes and standbyReplicas must be >= 0, streamThreads >= 1");
    }
  }

  /**
   * The guarantee of the live path, chosen from the measurements in docs/BENCHMARKS.md: at 10,000
   * trades/s at-least-once delivers a trade's candle update in 12 to 20 ms at p99, exactly-once in
   * 105 to 136 ms (its outputs wait for their transaction). The stateful topologies skip inputs
   * they already hold, so at-least-once repeats outputs after a crash but counts no trade twice.
   */
  public static final ProcessingGuarantee DEFAULT_GUARANTEE = ProcessingGuarantee.AT_LEAST_ONCE;

  /**
   * Defaults for {@code bootstrapServers}: {@link #DEFAULT_GUARANTEE}, 100 ms commits, a 10 MiB
   * cache, one standby, one thread (the topologies hold state per partition; scale by instances
   * first), state under {@code stateDir}.
   */
  public static StreamsSettings defaults(String bootstrapServers, Path stateDir) {
    return new StreamsSettings(
        DEFAULT_APPLICATION_ID,
        bootstrapServers,
        DEFAULT_GUARANTEE,
        DEFAULT_COMMIT_INTERVAL,
        DEFAULT_CACHE_MAX_BYTES,
        1,
        1,
        stateDir);
  }

  public StreamsSettings withGuarantee(ProcessingGuarantee g) {
    return new StreamsSettings(
        applicationId,
        bootstrapServers,
        g,
        commitInterval,
        cacheMaxBytes,
        standbyReplicas,
        streamThreads,
        stateDir);
  }

  /** The StreamsConfig properties of these settings. */
  public Properties toProperties() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee.configValue());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheMaxBytes);
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), LINGER_MS);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), 1);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), FETCH_MAX_WAIT_MS);
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        UndecodableRecords.class.getName());
    p.put(UndecodableRecords.SOURCE_CONFIG, applicationId);
    return p;
  }
}
