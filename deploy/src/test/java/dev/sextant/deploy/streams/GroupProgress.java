package dev.sextant.deploy.streams;

import dev.sextant.schemas.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * How far an application is, seen from outside: what its group committed, how far the topics it
 * reads and writes end (high watermarks, and last stable offsets for read_committed readers).
 */
final class GroupProgress implements AutoCloseable {

  private static final Duration CALL = Duration.ofSeconds(10);

  private final Admin admin;

  GroupProgress(String bootstrapServers) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** Offsets committed by the group, by partition (partitions never committed are absent). */
  Map<TopicPartition, Long> committed(String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(CALL.toMillis(), TimeUnit.MILLISECONDS);
    Map<TopicPartition, Long> committed = new TreeMap<>(GroupProgress::compare);
    offsets.forEach(
        (tp, o) -> {
          if (o != null) {
            committed.put(tp, o.offset());
          }
        });
    return committed;
  }

  /** The read_committed end offsets (last stable offsets) of every partition of {@code topic}. */
  Map<TopicPartition, Long> stableEnds(String topic) throws Exception {
    return ends(topic, IsolationLevel.READ_COMMITTED);
  }

  /** The high watermarks of every partition of {@code topic}, open transactions included. */
  Map<TopicPartition, Long> highWatermarks(String topic) throws Exception {
    return ends(topic, IsolationLevel.READ_UNCOMMITTED);
  }

  private Map<TopicPartition, Long> ends(String topic, IsolationLevel isolation) throws Exception {
    TopicDescription description =
        admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(CALL.toMillis(), TimeUnit.MILLISECONDS)
            .get(topic);
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    description
        .partitions()
        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new TreeMap<>(GroupProgress::compare);
    admin
        .listOffsets(latest, new ListOffsetsOptions(isolation))
        .all()
        .get(CALL.toMillis(), TimeUnit.MILLISECONDS)
        .forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  /** Records (and transaction markers) visible to read_committed readers of both outputs. */
  long committedOutputs() throws Exception {
    return sum(stableEnds(Topics.INDICATORS.name())) + sum(stableEnds(Topics.PRICES.name()));
  }

  /**
   * Whether the group has committed, on every partition of {@code topics}, the high watermark:
   * everything there was consumed and its results committed. A transaction still open in one of
   * them (a killed instance's, until it is aborted) keeps this false: a read_committed consumer
   * cannot pass it. Kafka Streams commits its position past a trailing transaction marker, so a
   * repartition topic written under exactly-once is caught up at its high watermark.
   */
  boolean caughtUp(String group, List<String> topics) throws Exception {
    Map<TopicPartition, Long> committed = committed(group);
    for (String topic : topics) {
      for (Map.Entry<TopicPartition, Long> end : highWatermarks(topic).entrySet()) {
        if (committed.getOrDefault(end.getKey(), 0L) < end.getValue()) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether no transaction is open on {@code topic}: every record is visible or aborted. */
  boolean settled(String topic) throws Exception {
    return stableEnds(topic).equals(highWatermarks(topic));
  }

  /**
   * Removes every member from the group: for a killed one, what the coordinator does when its
   * session times out. A killed instance stays a member until then (45 s by default), and a
   * restarted or surviving one would wait for it in the rebalance. A live member removed too just
   * rejoins (one more rebalance); the admin client removes dynamic members only all at once.
   */
  void removeMembers(String group) throws Exception {
    admin
        .removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions())
        .all()
        .get(CALL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static long sum(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  private static int compare(TopicPartition a, TopicPartition b) {
    int byTopic = a.topic().compareTo(b.topic());
    return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
  }

  @Override
  public void close() {
    admin.close(CALL);
  }
}
