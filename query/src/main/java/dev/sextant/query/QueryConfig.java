package dev.sextant.query;

import dev.sextant.query.stream.SubscriptionHub;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Settings of the query side, with their defaults in one place.
 *
 * @param port gRPC port; 0 picks a free one
 * @param subscriberQueueCapacity trades a subscriber may have unsent before its stream is ended
 * @param shutdownGrace how long close waits for calls to finish before cancelling them
 * @param kafkaOverrides extra Kafka consumer settings (security, timeouts), applied last
 */
public record QueryConfig(
    int port,
    int subscriberQueueCapacity,
    Duration shutdownGrace,
    Map<String, String> kafkaOverrides) {

  public static final int DEFAULT_PORT = 50051;
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(2);

  public QueryConfig {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    if (subscriberQueueCapacity < 1) {
      throw new IllegalArgumentException(
          "subscriberQueueCapacity must be >= 1, was " + subscriberQueueCapacity);
    }
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("shutdownGrace must not be negative: " + shutdownGrace);
    }
    kafkaOverrides = Map.copyOf(kafkaOverrides);
  }

  /** Every default: port 50051, 16384 queued trades per subscriber, 2 s grace. */
  public static QueryConfig defaults() {
    return new QueryConfig(
        DEFAULT_PORT, SubscriptionHub.DEFAULT_QUEUE_CAPACITY, DEFAULT_SHUTDOWN_GRACE, Map.of());
  }

  /** The trade reader's Kafka consumer settings, with {@link #kafkaOverrides} applied last. */
  public Map<String, Object> consumerConfig(String bootstrapServers) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "sextant-query-trades");
    // Only committed records: an aborted transaction's trades never reach a view or a subscriber.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // No group: every node reads every partition and rebuilds from the beginning, commits nothing.
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Topics come from the catalog only; a reader must never create one with broker defaults.
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.putAll(kafkaOverrides);
    return config;
  }

  /** This config on another port. */
  public QueryConfig withPort(int newPort) {
    return new QueryConfig(newPort, subscriberQueueCapacity, shutdownGrace, kafkaOverrides);
  }

  /** This config with another subscriber queue bound. */
  public QueryConfig withSubscriberQueueCapacity(int capacity) {
    return new QueryConfig(port, capacity, shutdownGrace, kafkaOverrides);
  }
}
