package dev.sextant.streams.kstreams.candle;

import dev.sextant.schemas.v1.Trade;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of a trade, so stream time (which closes candles) is event time. A record without a
 * usable one gets the partition time: it must neither move stream time nor be dropped here, because
 * the processor counts it as bad input.
 */
final class TradeTimestampExtractor implements TimestampExtractor {

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    if (record.value() instanceof Trade trade) {
      long ms = EventTime.millis(trade);
      if (ms != EventTime.NONE) {
        return ms;
      }
    }
    return Math.max(partitionTime, 0);
  }
}
