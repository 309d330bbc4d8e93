package dev.sextant.schemas.serde;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for one Protobuf message type: plain Protobuf bytes, no registry framing. The topic
 * catalog fixes each topic's type, so the bytes need not carry it.
 */
public final class ProtoSerde<V extends Message> implements Serde<V> {

  private final Parser<V> parser;
  private final Serializer<V> serializer;
  private final Deserializer<V> deserializer;

  private ProtoSerde(Parser<V> parser) {
    this.parser = parser;
    this.serializer = (topic, value) -> value == null ? null : value.toByteArray();
    this.deserializer = this::parse;
  }

  /** The serde for values parsed by {@code parser}. */
  public static <V extends Message> ProtoSerde<V> of(Parser<V> parser) {
    return new ProtoSerde<>(parser);
  }

  private V parse(String topic, byte[] bytes) {
    if (bytes == null) {
      return null; // a tombstone on a compacted topic
    }
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new SerializationException(
          "Invalid Protobuf record on " + topic + " (" + bytes.length + " bytes)", e);
    }
  }

  @Override
  public Serializer<V> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<V> deserializer() {
    return deserializer;
  }
}
