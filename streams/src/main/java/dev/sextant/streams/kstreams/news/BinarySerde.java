package dev.sextant.streams.kstreams.news;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for the topology's internal records (repartition values and store values), written with
 * {@link DataOutputStream}: these never leave the topology, so they need no Protobuf contract.
 */
final class BinarySerde<T> implements Serde<T> {

  /** Writes one value. */
  interface Writer<T> {
    void write(T value, DataOutputStream out) throws IOException;
  }

  /** Reads one value. */
  interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private final Writer<T> writer;
  private final Reader<T> reader;

  BinarySerde(Writer<T> writer, Reader<T> reader) {
    this.writer = writer;
    this.reader = reader;
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> {
      if (value == null) {
        return null;
      }
      var bytes = new ByteArrayOutputStream(32);
      try (var out = new DataOutputStream(bytes)) {
        writer.write(value, out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, data) -> {
      if (data == null) {
        return null;
      }
      try (var in = new DataInputStream(new ByteArrayInputStream(data))) {
        return reader.read(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }
}
