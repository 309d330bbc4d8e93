package dev.sextant.deploy.bench;

import dev.sextant.schemas.topics.Topics;
import dev.sextant.streams.kstreams.app.ProcessingGuarantee;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code indicators.v1} from its end and records, for every update of a 1s candle, the wall
 * clock now minus the record's timestamp, in microseconds. The record timestamp is the stream time
 * of the candle task: with trades in order and stamped with the wall clock when produced, that is
 * the produce time of the trade the update is for (truncated to the millisecond, so each value is
 * up to 1 ms high).
 *
 * <p>Under exactly-once the reader is read_committed: that is what a consumer relying on the
 * guarantee must use, and outputs become visible only when their transaction commits. Under
 * at-least-once there are no transactions, and consumers read uncommitted (the default).
 */
final class IndicatorLatencyProbe implements AutoCloseable {

  private static final String SUFFIX = "/1s";

  private final KafkaConsumer<String, byte[]> consumer;
  private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
  private final AtomicLong newest = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong read = new AtomicLong();
  private volatile long measureFromMs = Long.MAX_VALUE;
  private volatile boolean stop;
  private final Thread thread;

  IndicatorLatencyProbe(String bootstrap, ProcessingGuarantee guarantee) {
    String isolation =
        guarantee == ProcessingGuarantee.EXACTLY_ONCE_V2 ? "read_committed" : "read_uncommitted";
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                10,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    thread = Thread.ofPlatform().name("indicator-latency-probe").unstarted(this::loop);
  }

  /** Positions at the end of every partition, then reads on its own thread. */
  void start() {
    int partitions = consumer.partitionsFor(Topics.INDICATORS.name()).size();
    List<TopicPartition> all =
        IntStream.range(0, partitions)
            .mapToObj(p -> new TopicPartition(Topics.INDICATORS.name(), p))
            .toList();
    consumer.assign(all);
    consumer.seekToEnd(all);
    all.forEach(consumer::position); // resolves the end now, before any trade is sent
    thread.start();
  }

  /** Only updates of records stamped at or after this wall-clock time are recorded. */
  void measureFrom(long epochMs) {
    this.measureFromMs = epochMs;
  }

  private void loop() {
    try {
      while (!stop) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(10))) {
          if (r.key() == null || !r.key().endsWith(SUFFIX)) {
            continue;
          }
          Instant now = Instant.now();
          long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
          newest.accumulateAndGet(r.timestamp(), Math::max);
          read.incrementAndGet();
          if (r.timestamp() >= measureFromMs) {
            long micros = nowMicros - r.timestamp() * 1_000L;
            synchronized (histogram) {
              histogram.recordValue(
                  Math.max(0, Math.min(micros, histogram.getHighestTrackableValue())));
            }
          }
        }
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** A copy of the latencies so far, in microseconds. */
  Histogram snapshot() {
    synchronized (histogram) {
      return histogram.copy();
    }
  }

  /**
   * Waits, at most {@code timeout}, until an update stamped {@code eventTimeMs} or later was read
   * and then no update came for {@code quiet}: the other partitions' last updates are in too.
   *
   * @return false when the timeout passed first
   */
  boolean awaitLast(long eventTimeMs, Duration quiet, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (newest.get() < eventTimeMs) {
      if (System.nanoTime() > deadline || !thread.isAlive()) {
        return false;
      }
      Thread.sleep(10);
    }
    long seen = -1;
    while (seen != read.get()) {
      if (System.nanoTime() > deadline || !thread.isAlive()) {
        return false;
      }
      seen = read.get();
      Thread.sleep(quiet.toMillis());
    }
    return true;
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    if (thread.isAlive()) {
      thread.join(10_000);
    } else if (thread.getState() == Thread.State.NEW) {
      consumer.close(Duration.ofSeconds(5));
    }
  }
}
