package dev.sextant.query.view;

import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Position;
import dev.sextant.schemas.v1.Trade;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the {@link LatestPriceView} from {@code market.trades.v1} at start and keeps it live,
 * handing each trade to the listeners; one consumer on one thread, no consumer group.
 *
 * <p>Every node reads every partition from the beginning because the view must hold every
 * instrument (DESIGN.md section 1: views are rebuilt from topics on start), so there is no group to
 * share partitions with and no offset to commit.
 *
 * <p>Transient Kafka errors are retried with a backoff. Anything else that ends the reading thread
 * ends this reader for good: it reports {@link #failure()}, stops being ready and completes {@link
 * #failed()}, so the node stops answering from a view that no longer moves.
 */
public final class TradeTopicReader implements ViewStatus, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TradeTopicReader.class);
  private static final String TOPIC = Topics.MARKET_TRADES.name();
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
  private static final Duration PARTITION_REFRESH = Duration.ofSeconds(30);
  private static final Duration JOIN_TIMEOUT = Duration.ofMillis(1800);
  private static final Duration RETRY_MIN = Duration.ofMillis(100);
  private static final Duration RETRY_MAX = Duration.ofSeconds(5);

  private final Supplier<? extends Consumer<String, Trade>> consumers;
  private final LatestPriceView view;
  private final List<TradeListener> listeners;
  private final Counter records;
  private final AtomicLong lag = new AtomicLong();
  private final RebuildProgress rebuild = new RebuildProgress();
  private final CompletableFuture<Throwable> failed = new CompletableFuture<>();

  private volatile boolean closing;
  private volatile Consumer<String, Trade> consumer;
  private Thread thread;

  // Poll thread only.
  private final Set<TopicPartition> assigned = new HashSet<>();
  private long lastRefreshNanos;
  private long consumed;
  private long retryNanos;

  /**
   * @param consumerConfig Kafka consumer settings: bootstrap servers, read_committed isolation
   * @param listeners called after the view, in order, for every trade
   */
  public TradeTopicReader(
      Map<String, Object> consumerConfig,
      LatestPriceView view,
      List<TradeListener> listeners,
      MeterRegistry meters) {
    this(kafkaConsumers(Map.copyOf(consumerConfig)), view, listeners, meters);
  }

  /**
   * @param consumers makes the one consumer at {@link #start()}: a {@code KafkaConsumer} in
   *     production, a {@code MockConsumer} in tests of how the reader reacts to Kafka's errors
   * @param listeners called after the view, in order, for every trade
   */
  public TradeTopicReader(
      Supplier<? extends Consumer<String, Trade>> consumers,
      LatestPriceView view,
      List<TradeListener> listeners,
      MeterRegistry meters) {
    this.consumers = consumers;
    this.view = view;
    this.listeners = List.copyOf(listeners);
    this.records =
        Counter.builder("sextant.query.records")
            .description("Records the query views consumed")
            .tag("topic", TOPIC)
            .register(meters);
    Gauge.builder("sextant.query.lag", lag, AtomicLong::get)
        .description("Records between the views and the end of the topic")
        .tag("topic", TOPIC)
        .register(meters);
  }

  /** Starts reading on a thread of its own; returns at once. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    rebuild.start();
    consumer = consumers.get();
    thread = Thread.ofPlatform().name("sextant-query-trades").daemon().start(this::run);
  }

  /** Completes, with the time the rebuild took, once the view holds the topic as of start. */
  public CompletableFuture<Duration> ready() {
    return rebuild.ready();
  }

  /** True once the view is rebuilt, and as long as it keeps up with the topic. */
  public boolean isReady() {
    CompletableFuture<Duration> ready = rebuild.ready();
    return ready.isDone() && !ready.isCompletedExceptionally() && !failed.isDone();
  }

  /** Why reading stopped for good, other than by {@link #close()}; empty while it runs. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failed.getNow(null));
  }

  /** Completes with the {@link #failure()} when reading stops for good; never on close. */
  public CompletionStage<Throwable> failed() {
    return failed.minimalCompletionStage();
  }

  @Override
  public Optional<String> unavailable() {
    Throwable cause = failed.getNow(null);
    if (cause != null) {
      return Optional.of(ViewStatus.stopped(cause));
    }
    return isReady() ? Optional.empty() : Optional.of(REBUILDING);
  }

  /** Stops reading; returns within about two seconds. */
  @Override
  public synchronized void close() {
    closing = true;
    rebuild.fail(new IllegalStateException("closed before the view was ready"));
    if (thread == null || !thread.isAlive()) {
      return;
    }
    consumer.wakeup();
    LockSupport.unpark(thread); // ends a backoff at once
    try {
      thread.join(JOIN_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn("{} did not stop within {} ms", thread.getName(), JOIN_TIMEOUT.toMillis());
    }
  }

  private static Supplier<Consumer<String, Trade>> kafkaConsumers(Map<String, Object> config) {
    return () ->
        new KafkaConsumer<>(
            config, new StringDeserializer(), Topics.MARKET_TRADES.serde().deserializer());
  }

  private void run() {
    Throwable cause = null;
    try {
      assignAtStart();
      while (!closing) {
        pollOrBackOff();
      }
    } catch (WakeupException | InterruptException e) {
      // Only close() may wake the reader; any other wake-up leaves nobody reading.
      cause = e;
    } catch (Throwable e) {
      // The thread's last stand: whatever ends it, an Error included, must make the node unready.
      cause = e;
    } finally {
      // Signal first: health and streams need not wait for the consumer's close.
      if (cause != null && !closing) {
        fail(cause);
      }
      closeConsumer();
    }
  }

  private void fail(Throwable cause) {
    log.error(
        "trade reader stopped; the price view no longer updates and the node stops serving", cause);
    failed.complete(cause);
    rebuild.fail(cause);
  }

  private void closeConsumer() {
    try {
      consumer.close(CloseOptions.timeout(Duration.ofMillis(500)));
    } catch (RuntimeException e) {
      log.warn("closing the trade consumer failed", e);
    }
  }

  private void assignAtStart() {
    while (!closing) {
      try {
        Set<TopicPartition> partitions = partitions();
        assign(partitions);
        // End offsets under read_committed are the last stable offsets: the rebuild waits for
        // committed data only.
        rebuild.target(consumer.endOffsets(partitions));
        rebuild.check(consumer::position, consumed);
        return;
      } catch (TimeoutException e) {
        log.warn("cannot reach Kafka to read {} yet: {}", TOPIC, e.getMessage());
      } catch (RetriableException e) {
        backOff(e);
      }
    }
  }

  private void pollOrBackOff() {
    try {
      pollOnce();
      retryNanos = 0;
    } catch (RetriableException e) {
      // Transient by Kafka's own account (a timeout, a leader moving): the next try may work, and
      // meanwhile the lag gauge shows how far behind the view falls.
      backOff(e);
    }
  }

  private void backOff(RetriableException e) {
    retryNanos =
        retryNanos == 0 ? RETRY_MIN.toNanos() : Math.min(retryNanos * 2, RETRY_MAX.toNanos());
    log.warn(
        "retrying {} in {} ms after a transient error: {}",
        TOPIC,
        Duration.ofNanos(retryNanos).toMillis(),
        e.toString());
    LockSupport.parkNanos(retryNanos);
  }

  private void pollOnce() {
    refreshPartitionsWhenDue();
    if (assigned.isEmpty()) {
      // The topic does not exist yet and poll() refuses an empty assignment; look again soon.
      LockSupport.parkNanos(POLL_TIMEOUT.toNanos());
      return;
    }
    ConsumerRecords<String, Trade> batch;
    try {
      batch = consumer.poll(POLL_TIMEOUT);
    } catch (RecordDeserializationException e) {
      // One corrupt record must not stop the views: skip it, loudly.
      log.error("skipping an unreadable record at {}@{}", e.topicPartition(), e.offset(), e);
      consumer.seek(e.topicPartition(), e.offset() + 1);
      return;
    }
    for (ConsumerRecord<String, Trade> record : batch) {
      apply(record);
    }
    consumed += batch.count();
    records.increment(batch.count());
    rebuild.check(consumer::position, consumed);
    updateLag();
  }

  private void apply(ConsumerRecord<String, Trade> record) {
    Trade trade = record.value();
    if (trade == null) {
      return;
    }
    Position position =
        Position.newBuilder()
            .setTopic(record.topic())
            .setPartition(record.partition())
            .setOffset(record.offset())
            .build();
    PriceChange change = view.apply(trade, position);
    if (change == null) {
      return;
    }
    for (TradeListener listener : listeners) {
      try {
        listener.onTrade(trade, position, change);
      } catch (RuntimeException e) {
        log.error("listener {} failed on the trade at {}", listener, position, e);
      }
    }
  }

  private void updateLag() {
    long total = 0;
    for (TopicPartition partition : assigned) {
      total += consumer.currentLag(partition).orElse(0);
    }
    lag.set(total);
  }

  /** Partitions added to the topic later are read from their beginning. */
  private void refreshPartitionsWhenDue() {
    Duration every = assigned.isEmpty() ? Duration.ofSeconds(1) : PARTITION_REFRESH;
    if (System.nanoTime() - lastRefreshNanos < every.toNanos()) {
      return;
    }
    try {
      assign(partitions());
    } catch (TimeoutException e) {
      log.warn("cannot refresh the partitions of {}: {}", TOPIC, e.getMessage());
    }
  }

  private void assign(Set<TopicPartition> partitions) {
    lastRefreshNanos = System.nanoTime();
    Set<TopicPartition> added = new HashSet<>(partitions);
    added.removeAll(assigned);
    if (added.isEmpty()) {
      return;
    }
    log.info("reading {} from the beginning", added);
    assigned.addAll(added);
    consumer.assign(Set.copyOf(assigned));
    consumer.seekToBeginning(added);
  }

  private Set<TopicPartition> partitions() {
    Set<TopicPartition> partitions = new HashSet<>();
    consumer
        .partitionsFor(TOPIC)
        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    return partitions;
  }
}
