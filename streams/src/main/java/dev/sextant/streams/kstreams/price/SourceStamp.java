package dev.sextant.streams.kstreams.price;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Stamps each input record with its {@link SourcePosition} before it is repartitioned by asset. */
final class SourceStamp<V> implements FixedKeyProcessor<String, V, V> {

  private FixedKeyProcessorContext<String, V> context;

  @Override
  public void init(FixedKeyProcessorContext<String, V> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, V> record) {
    var metadata = context.recordMetadata();
    if (metadata.isEmpty()) {
      context.forward(record);
      return;
    }
    var m = metadata.get();
    // A copy: the input record's headers may be shared with the other topologies reading it.
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    headers.remove(SourcePosition.HEADER);
    headers.add(
        SourcePosition.HEADER, new SourcePosition(m.topic(), m.partition(), m.offset()).toBytes());
    context.forward(record.withHeaders(headers));
  }
}
