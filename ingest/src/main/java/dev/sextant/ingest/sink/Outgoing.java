package dev.sextant.ingest.sink;

import com.google.protobuf.Message;
import dev.sextant.schemas.topics.Topic;
import java.util.Objects;

/**
 * One record to publish: a catalog topic, its key and its Protobuf value.
 *
 * @param topic the catalog topic, which fixes the value type and its serde
 * @param key the record key, with the meaning the catalog gives it
 * @param value the value
 */
public record Outgoing<V extends Message>(Topic<V> topic, String key, V value) {

  public Outgoing {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  /** The value's bytes: plain Protobuf, as the catalog's serde writes them. */
  public byte[] serializedValue() {
    // Straight from the message: a serde built per record cost an allocation on the hot path.
    return value.toByteArray();
  }
}
