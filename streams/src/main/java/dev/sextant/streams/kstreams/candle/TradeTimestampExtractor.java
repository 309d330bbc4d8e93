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
 * its record timestamp differs from its event time and counts it as {@code future_time}. Its
 * timestamp is also kept at or below its Kafka timestamp, so that the price topology, reading the
 * same source and refusing an event time more than its own skew after the record timestamp, refuses
 * it as well (docs/streams/application.md).
 */
final class TradeTimestampExtractor implements TimestampExtractor {

  private final long maxFutureSkewMs;

  TradeTimestampExtractor(long maxFutureSkewMs) {
    this.maxFutureSkewMs = maxFutureSkewMs;
  }

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    long fallback = Math.max(partitionTime, 0);
    if (!(record.value() instanceof Trade trade)) {
      return fallback;
    }
    long ms = EventTime.millis(trade);
    if (ms == EventTime.NONE) {
      return fallback;
    }
    if (tooFarAhead(ms, record.timestamp())) {
      // Never later than the Kafka timestamp, so a reader comparing the event time with the
      // record timestamp (prices, same skew) refuses it too; never later than the partition time,
      // so stream time does not move.
      return Math.min(fallback, record.timestamp());
    }
    return ms;
  }

  /** A record without a Kafka timestamp (negative) cannot be checked and is trusted. */
  private boolean tooFarAhead(long eventTimeMs, long recordTimestampMs) {
    return recordTimestampMs >= 0 && eventTimeMs - recordTimestampMs > maxFutureSkewMs;
  }
}
