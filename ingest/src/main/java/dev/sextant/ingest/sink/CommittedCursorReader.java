package dev.sextant.ingest.sink;

import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.SourceCursor;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a source's last committed cursor from {@code ingest.cursors.v1}. */
final class CommittedCursorReader {

  private static final String TOPIC = Topics.INGEST_CURSORS.name();

  /** Bound on closing the clients, beyond the read's own timeout. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

  /** Bound on one poll, so that the deadline is checked often. */
  private static final Duration POLL = Duration.ofMillis(200);

  private CommittedCursorReader() {}

  /**
   * The last committed cursor of {@code sourceId}. Call it after {@code initTransactions()}, which
   * settles the previous instance's open transaction, so its outcome is visible here.
   */
  static Optional<SourceCursor> read(String bootstrapServers, String sourceId, Duration timeout) {
    // One deadline for the whole read: each call gets the time left, not the full timeout again.
    Deadline deadline = new Deadline(timeout, "reading the cursor of '" + sourceId + "'");
    Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    try {
      KafkaConsumer<String, byte[]> consumer =
          new KafkaConsumer<>(
              consumerConfig(bootstrapServers, sourceId),
              new StringDeserializer(),
              new ByteArrayDeserializer());
      try {
        return read(admin, consumer, sourceId, deadline);
      } finally {
        consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
      }
    } finally {
      // A timed-out Admin call is still pending; close() without a bound would wait for it.
      admin.close(CLOSE_TIMEOUT);
    }
  }

  private static Optional<SourceCursor> read(
      Admin admin, KafkaConsumer<String, byte[]> consumer, String sourceId, Deadline deadline) {
    List<TopicPartition> partitions = partitions(admin, deadline);
    // read_committed stops at the last stable offset, which an open transaction of ANOTHER
    // source holds back; our own latest commit may lie past it. So read up to the high
    // watermark taken now, waiting for those transactions to settle.
    Map<TopicPartition, Long> ends = highWatermarks(admin, partitions, deadline);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    var deserializer = Topics.INGEST_CURSORS.serde().deserializer();
    SourceCursor last = null;
    while (!reached(consumer, ends, deadline)) {
      Duration left = deadline.remaining();
      for (ConsumerRecord<String, byte[]> record :
          consumer.poll(left.compareTo(POLL) < 0 ? left : POLL)) {
        if (sourceId.equals(record.key())) {
          // A tombstone resets the source: it starts from the beginning.
          last = record.value() == null ? null : deserializer.deserialize(TOPIC, record.value());
        }
      }
    }
    return Optional.ofNullable(last);
  }

  static Map<String, Object> consumerConfig(String bootstrapServers, String sourceId) {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        ConsumerConfig.CLIENT_ID_CONFIG,
        "sextant-ingest-cursor-" + sourceId,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
        false,
        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
        false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        "earliest");
  }

  private static boolean reached(
      KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends, Deadline deadline) {
    return ends.entrySet().stream()
        .allMatch(e -> consumer.position(e.getKey(), deadline.remaining()) >= e.getValue());
  }

  private static List<TopicPartition> partitions(Admin admin, Deadline deadline) {
    try {
      long left = deadline.remaining().toMillis();
      TopicDescription topic =
          admin
              .describeTopics(
                  List.of(TOPIC), new DescribeTopicsOptions().timeoutMs(timeoutMs(left)))
              .allTopicNames()
              .get(left, TimeUnit.MILLISECONDS)
              .get(TOPIC);
      return topic.partitions().stream()
          .map(p -> new TopicPartition(TOPIC, p.partition()))
          .toList();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TimeoutException) {
        throw deadline.expired("describing " + TOPIC, e.getCause());
      }
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new IllegalStateException(
            TOPIC + " does not exist: the node creates the catalog's topics before ingest starts",
            e.getCause());
      }
      throw new IllegalStateException("cannot describe " + TOPIC, e.getCause());
    } catch (InterruptedException e) {
      throw new InterruptException(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw deadline.expired("describing " + TOPIC, e);
    }
  }

  private static Map<TopicPartition, Long> highWatermarks(
      Admin admin, List<TopicPartition> partitions, Deadline deadline) {
    try {
      long left = deadline.remaining().toMillis();
      return admin
          .listOffsets(
              partitions.stream()
                  .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest())),
              new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED).timeoutMs(timeoutMs(left)))
          .all()
          .get(left, TimeUnit.MILLISECONDS)
          .entrySet()
          .stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TimeoutException) {
        throw deadline.expired("listing the end offsets of " + TOPIC, e.getCause());
      }
      throw new IllegalStateException("cannot list the end offsets of " + TOPIC, e.getCause());
    } catch (InterruptedException e) {
      throw new InterruptException(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw deadline.expired("listing the end offsets of " + TOPIC, e);
    }
  }

  private static int timeoutMs(long millis) {
    return Math.clamp(millis, 1, Integer.MAX_VALUE);
  }

  /** One point in time that bounds every call of a read; past it, each call times out at once. */
  private static final class Deadline {
    private final Duration timeout;
    private final String what;
    private final long deadlineNanos;

    Deadline(Duration timeout, String what) {
      this.timeout = timeout;
      this.what = what;
      this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    /** The time left; throws once it has run out, so no call is made without time. */
    Duration remaining() {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        throw expired(what + " from " + TOPIC, null);
      }
      return Duration.ofNanos(left);
    }

    TimeoutException expired(String step, Throwable cause) {
      return new TimeoutException(step + " took over " + timeout, cause);
    }
  }
}
