package dev.sextant.streams.kstreams.candle;

import dev.sextant.schemas.v1.Trade;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of a trade, so stream time (which closes candles) is event time. A record without a
 * usable one gets the partition time: it must neither move stream time nor be dropped here, because
 * the processor counts it as bad input.
 *
 * <p>An event time more than {@code maxFutureSkewMs} ahead of the Kafka record timestamp (set when
 * the trade was produced) is not trusted either: it would move stream time far ahead for good and
 * make every later trade late. Such a record also gets the partition time; the processor sees that
 * its record timestamp differs from its event time and counts it as {@code future_time}.
 */
final class TradeTimestampExtractor implements TimestampExtractor {

  private final long maxFutureSkewMs;

  TradeTimestampExtractor(long maxFutureSkewMs) {
    this.maxFutureSkewMs = maxFutureSkewMs;
  }

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    if (record.value() instanceof Trade trade) {
      long ms = EventTime.millis(trade);
      if (ms != EventTime.NONE && !tooFarAhead(ms, record.timestamp())) {
        return ms;
      }
    }
    return Math.max(partitionTime, 0);
  }

  /** A record without a Kafka timestamp (negative) cannot be checked and is trusted. */
  private boolean tooFarAhead(long eventTimeMs, long recordTimestampMs) {
    return recordTimestampMs >= 0 && eventTimeMs - recordTimestampMs > maxFutureSkewMs;
  }
}
