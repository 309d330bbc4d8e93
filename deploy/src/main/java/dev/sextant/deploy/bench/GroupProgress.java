package dev.sextant.deploy.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group (a Kafka Streams application) has committed through one topic: the sum
 * of its committed offsets against the sum of the topic's end offsets.
 */
final class GroupProgress {

  private final Admin admin;
  private final String group;
  private final String topic;

  GroupProgress(Admin admin, String group, String topic) {
    this.admin = admin;
    this.group = group;
    this.topic = topic;
  }

  /** The sum of the topic's end offsets: the records in it, when none were deleted. */
  long endOffsets() throws ExecutionException, InterruptedException {
    int partitions =
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    return admin.listOffsets(latest).all().get().values().stream()
        .mapToLong(ListOffsetsResultInfo::offset)
        .sum();
  }

  /** The sum of the group's committed offsets in the topic (0 before its first commit). */
  long committed() throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    return offsets.entrySet().stream()
        .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
        .mapToLong(e -> e.getValue().offset())
        .sum();
  }
}
