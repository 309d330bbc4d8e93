package dev.sextant.deploy.bench;

import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Trade;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends trades to {@code market.trades.v1} at a steady rate, each stamped with the wall clock when
 * it is built (event time and record timestamp alike): the i-th trade is due at start + i / rate,
 * and trades that fell behind are sent at once, so the rate holds on average.
 */
final class PacedProducer {

  /** Called once a second from the producing thread. */
  interface Progress {
    void second(long elapsedSeconds, long sent);
  }

  private final String bootstrap;
  private final BenchTrades trades;
  private final int rate;
  private volatile long lastEventTimeMs;

  PacedProducer(String bootstrap, BenchTrades trades, int rate) {
    this.bootstrap = bootstrap;
    this.trades = trades;
    this.rate = rate;
  }

  /**
   * Produces for {@code duration}; acks=all as ingest does, no linger (the bench measures the
   * streams application, not the producer's batching).
   *
   * @return the trades sent at or after {@code countFromMs} (wall clock)
   */
  long run(Duration duration, long countFromMs, Progress progress) {
    AtomicReference<Exception> failed = new AtomicReference<>();
    long counted = 0;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                0),
            new StringSerializer(),
            new ByteArraySerializer())) {
      long start = System.nanoTime();
      long end = start + duration.toNanos();
      long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
      long nextSecond = start + TimeUnit.SECONDS.toNanos(1);
      long sent = 0;
      while (true) {
        long now = System.nanoTime();
        if (now >= end) {
          break;
        }
        if (now >= nextSecond) {
          progress.second((now - start) / TimeUnit.SECONDS.toNanos(1), sent);
          nextSecond += TimeUnit.SECONDS.toNanos(1);
        }
        long due = start + sent * intervalNanos;
        if (due > now) {
          LockSupport.parkNanos(Math.min(due - now, 100_000));
          continue;
        }
        long eventTime = System.currentTimeMillis();
        Trade t = trades.next(eventTime);
        producer.send(
            new ProducerRecord<>(
                Topics.MARKET_TRADES.name(), null, eventTime, t.getInstrument(), t.toByteArray()),
            (m, e) -> {
              if (e != null) {
                failed.compareAndSet(null, e);
              }
            });
        lastEventTimeMs = eventTime;
        sent++;
        if (eventTime >= countFromMs) {
          counted++;
        }
        if (failed.get() != null) {
          throw new IllegalStateException("sending trades failed", failed.get());
        }
      }
      producer.flush();
    }
    if (failed.get() != null) {
      throw new IllegalStateException("sending trades failed", failed.get());
    }
    return counted;
  }

  /** The event time of the last trade sent. */
  long lastEventTimeMs() {
    return lastEventTimeMs;
  }
}
