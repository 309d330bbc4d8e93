package dev.sextant.schemas.topics;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.sextant.schemas.serde.ProtoSerde;
import java.time.Duration;
import java.util.Objects;

/**
 * One Kafka topic of the catalog: its name, what its key means, its value type and how the node
 * creates it. Every module names topics through these constants, never through loose strings.
 *
 * @param name the topic name, versioned ({@code market.trades.v1})
 * @param keyMeaning what the record key holds, for people and for the docs
 * @param valueType the Protobuf message class of the values
 * @param parser parses values of {@code valueType}
 * @param partitions partition count the node creates (it never shrinks an existing topic)
 * @param cleanup delete or compact
 * @param retention how long records are kept; {@link #FOREVER} keeps them
 */
public record Topic<V extends Message>(
    String name,
    String keyMeaning,
    Class<V> valueType,
    Parser<V> parser,
    int partitions,
    Cleanup cleanup,
    Duration retention) {

  /** Retention meaning "never delete" ({@code retention.ms=-1}). */
  public static final Duration FOREVER = Duration.ofMillis(-1);

  /** Kafka's {@code cleanup.policy}. */
  public enum Cleanup {
    DELETE("delete"),
    COMPACT("compact");

    private final String config;

    Cleanup(String config) {
      this.config = config;
    }

    /** The value of {@code cleanup.policy}. */
    public String config() {
      return config;
    }
  }

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keyMeaning, "keyMeaning");
    Objects.requireNonNull(valueType, "valueType");
    Objects.requireNonNull(parser, "parser");
    Objects.requireNonNull(cleanup, "cleanup");
    Objects.requireNonNull(retention, "retention");
    if (partitions < 1) {
      throw new IllegalArgumentException(name + ": partitions must be >= 1, was " + partitions);
    }
  }

  /** A serde for this topic's values: {@code Topics.MARKET_TRADES.serde()}. */
  public ProtoSerde<V> serde() {
    return ProtoSerde.of(parser);
  }

  /** {@code retention.ms} as Kafka wants it. */
  public long retentionMs() {
    return retention.toMillis();
  }

  @Override
  public String toString() {
    return name;
  }
}
