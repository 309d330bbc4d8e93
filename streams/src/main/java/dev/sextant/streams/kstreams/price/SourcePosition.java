package dev.sextant.streams.kstreams.price;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Where a venue update was first read: its input topic ({@code market.trades.v1} or {@code
 * market.quotes.v1}), partition and offset, carried through the repartition topic in a header.
 *
 * <p>After an at-least-once crash the upstream task reads its inputs again from the last committed
 * offsets and writes them to the repartition topic again, at new offsets. Only the original
 * position tells the consolidating processor that the book already holds them; the repartition
 * offset would make each replayed trade's volume count twice.
 */
record SourcePosition(String topic, int partition, long offset) {

  /** The header that carries it through the repartition topic. */
  static final String HEADER = "sextant-source";

  /** The key under which a book remembers the last record applied from this input partition. */
  String stream() {
    return topic + "/" + partition;
  }

  byte[] toBytes() {
    byte[] name = topic.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + 8 + name.length)
        .putInt(partition)
        .putLong(offset)
        .put(name)
        .array();
  }

  /** The position in {@code headers}, if a well-formed one is there. */
  static Optional<SourcePosition> from(Headers headers) {
    Header header = headers.lastHeader(HEADER);
    if (header == null || header.value() == null || header.value().length < 13) {
      return Optional.empty();
    }
    ByteBuffer in = ByteBuffer.wrap(header.value());
    int partition = in.getInt();
    long offset = in.getLong();
    String topic = StandardCharsets.UTF_8.decode(in).toString();
    return Optional.of(new SourcePosition(topic, partition, offset));
  }
}
