package dev.sextant.ingest.chain.tail;

import dev.sextant.ingest.kafka.CommittedReader;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.ChainCursor;
import dev.sextant.schemas.v1.ChainEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the published events back from {@code chain.events.v1}: a {@code read_committed} consumer
 * without a group, on every partition from the first record at or after {@code notBefore} (by the
 * producer's CreateTime) up to the end offsets taken when the read starts.
 *
 * <p>The read is a {@link CommittedReader}'s: up to the high watermarks, so an open transaction of
 * another chain's tailer delays it rather than hiding this chain's newest commits. A read that does
 * not reach the end within {@link #DEFAULT_TIMEOUT}, or that Kafka fails, throws {@link
 * PublishedEvents.Unavailable}, which the tailer retries with backoff.
 */
public final class KafkaPublishedEvents implements PublishedEvents {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final String TOPIC = Topics.CHAIN_EVENTS.name();
  private static final String CLIENT_ID = "sextant-chain-history";

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
    var deserializer = Topics.CHAIN_EVENTS.serde().deserializer();
    // Per cursor, the standing event. Both a cursor's publication and its retraction carry the
    // same key (chainId:contract), so they are in one partition, in order.
    Map<String, ChainEvent> standing = new LinkedHashMap<>();
    try {
      CommittedReader.read(
          bootstrapServers,
          CLIENT_ID,
          TOPIC,
          timeout,
          (consumer, ends, left) -> seekToTime(consumer, ends, notBefore, left),
          record -> {
            if (record.value() == null) {
              return;
            }
            ChainEvent event = deserializer.deserialize(TOPIC, record.value());
            if (event.getChainId() != chainId
                || !blockHashes.contains(event.getCursor().getBlockHash())) {
              return;
            }
            String cursor = key(event.getCursor());
            if (event.getRemoved()) {
              standing.remove(cursor);
            } else {
              standing.putIfAbsent(cursor, event);
            }
          });
    } catch (KafkaException e) {
      // An interrupt (Kafka's InterruptException) keeps the thread's flag: the tailer stops.
      throw new Unavailable("cannot read " + TOPIC + " back: " + e.getMessage(), e);
    }
    List<ChainEvent> events = new ArrayList<>(standing.values());
    events.sort(
        Comparator.comparingLong((ChainEvent e) -> e.getCursor().getBlockNumber())
            .thenComparingInt(e -> e.getCursor().getLogIndex()));
    return events;
  }

  /** Each partition from its first record at or after {@code notBefore}, by CreateTime. */
  private static void seekToTime(
      KafkaConsumer<String, byte[]> consumer,
      Map<TopicPartition, Long> ends,
      Instant notBefore,
      Duration left) {
    Map<TopicPartition, OffsetAndTimestamp> starts =
        consumer.offsetsForTimes(
            ends.keySet().stream()
                .collect(Collectors.toMap(Function.identity(), p -> notBefore.toEpochMilli())),
            left);
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      OffsetAndTimestamp start = starts.get(end.getKey());
      // No record at or after notBefore: nothing of these blocks is in this partition.
      consumer.seek(end.getKey(), start == null ? end.getValue() : start.offset());
    }
  }

  private static String key(ChainCursor cursor) {
    return cursor.getBlockHash() + "/" + cursor.getLogIndex();
  }
}
