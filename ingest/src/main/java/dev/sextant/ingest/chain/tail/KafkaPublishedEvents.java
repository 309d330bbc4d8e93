package dev.sextant.ingest.chain.tail;

import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.ChainCursor;
import dev.sextant.schemas.v1.ChainEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the published events back from {@code chain.events.v1}: a {@code read_committed} consumer
 * without a group, on every partition from the first record at or after {@code notBefore} (by the
 * producer's CreateTime) up to the end offsets taken when the read starts.
 *
 * <p>The end offsets are the high watermarks, not the last stable offsets: an open transaction of
 * another chain's tailer holds the last stable offset back, and this chain's own newest commits may
 * lie past it, so the read waits for such transactions to settle. A read that does not reach the
 * end within {@link #DEFAULT_TIMEOUT} throws {@link PublishedEvents.Unavailable}, which the tailer
 * retries with backoff.
 */
public final class KafkaPublishedEvents implements PublishedEvents {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final String TOPIC = Topics.CHAIN_EVENTS.name();
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

  private final String bootstrapServers;
  private final Duration timeout;

  public KafkaPublishedEvents(String bootstrapServers) {
    this(bootstrapServers, DEFAULT_TIMEOUT);
  }

  KafkaPublishedEvents(String bootstrapServers, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
  }

  @Override
  public List<ChainEvent> published(long chainId, Set<String> blockHashes, Instant notBefore) {
    if (blockHashes.isEmpty()) {
      return List.of();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
      try {
        KafkaConsumer<String, byte[]> consumer =
            new KafkaConsumer<>(
                consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer());
        try {
          return read(admin, consumer, chainId, blockHashes, notBefore, deadline);
        } finally {
          consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        }
      } finally {
        // A timed-out Admin call is still pending; close() without a bound would wait for it.
        admin.close(CLOSE_TIMEOUT);
      }
    } catch (KafkaException e) {
      // An interrupt (Kafka's InterruptException) keeps the thread's flag: the tailer stops.
      throw new Unavailable("cannot read " + TOPIC + " back: " + e.getMessage(), e);
    }
  }

  private List<ChainEvent> read(
      Admin admin,
      KafkaConsumer<String, byte[]> consumer,
      long chainId,
      Set<String> blockHashes,
      Instant notBefore,
      long deadline) {
    List<PartitionInfo> infos = consumer.partitionsFor(TOPIC, remaining(deadline));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException(
          TOPIC + " does not exist: the node creates the catalog's topics before ingest starts");
    }
    List<TopicPartition> partitions =
        infos.stream().map(p -> new TopicPartition(TOPIC, p.partition())).toList();
    Map<TopicPartition, Long> ends = highWatermarks(admin, partitions, deadline);
    Map<TopicPartition, OffsetAndTimestamp> starts =
        consumer.offsetsForTimes(
            partitions.stream()
                .collect(Collectors.toMap(Function.identity(), p -> notBefore.toEpochMilli())),
            remaining(deadline));
    consumer.assign(partitions);
    for (TopicPartition partition : partitions) {
      OffsetAndTimestamp start = starts.get(partition);
      // No record at or after notBefore: nothing of these blocks is in this partition.
      consumer.seek(partition, start == null ? ends.get(partition) : start.offset());
    }
    var deserializer = Topics.CHAIN_EVENTS.serde().deserializer();
    // Per cursor, the standing event. Both a cursor's publication and its retraction carry the
    // same key (chainId:contract), so they are in one partition, in order.
    Map<String, ChainEvent> standing = new LinkedHashMap<>();
    while (!reached(consumer, ends, deadline)) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(min(remaining(deadline), POLL))) {
        if (record.value() == null) {
          continue;
        }
        ChainEvent event = deserializer.deserialize(TOPIC, record.value());
        if (event.getChainId() != chainId
            || !blockHashes.contains(event.getCursor().getBlockHash())) {
          continue;
        }
        String cursor = key(event.getCursor());
        if (event.getRemoved()) {
          standing.remove(cursor);
        } else {
          standing.putIfAbsent(cursor, event);
        }
      }
    }
    List<ChainEvent> events = new ArrayList<>(standing.values());
    events.sort(
        Comparator.comparingLong((ChainEvent e) -> e.getCursor().getBlockNumber())
            .thenComparingInt(e -> e.getCursor().getLogIndex()));
    return events;
  }

  private static String key(ChainCursor cursor) {
    return cursor.getBlockHash() + "/" + cursor.getLogIndex();
  }

  private Map<String, Object> consumerConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "sextant-chain-history");
    config.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return config;
  }

  private boolean reached(
      KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends, long deadline) {
    return ends.entrySet().stream()
        .allMatch(e -> consumer.position(e.getKey(), remaining(deadline)) >= e.getValue());
  }

  private Map<TopicPartition, Long> highWatermarks(
      Admin admin, List<TopicPartition> partitions, long deadline) {
    long left = remaining(deadline).toMillis();
    try {
      return admin
          .listOffsets(
              partitions.stream()
                  .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest())),
              new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)
                  .timeoutMs((int) Math.clamp(left, 1, Integer.MAX_VALUE)))
          .all()
          .get(left, TimeUnit.MILLISECONDS)
          .entrySet()
          .stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    } catch (ExecutionException e) {
      throw new Unavailable("cannot list the end offsets of " + TOPIC, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new org.apache.kafka.common.errors.InterruptException(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw expired(e);
    }
  }

  /** The time left; throws once it has run out, so no call is made without time. */
  private Duration remaining(long deadline) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw expired(null);
    }
    return Duration.ofNanos(left);
  }

  private Unavailable expired(Throwable cause) {
    return new Unavailable("reading " + TOPIC + " back took over " + timeout, cause);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }
}
