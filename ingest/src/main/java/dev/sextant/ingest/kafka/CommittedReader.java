package dev.sextant.ingest.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what a source published back from one topic: a {@code read_committed} consumer without a
 * group, on every partition, from where {@link Start} seeks up to the end offsets taken when the
 * read begins, all within one deadline.
 *
 * <p>The end offsets are the high watermarks, not the last stable offsets: an open transaction of
 * another source holds the last stable offset back, and our own newest commits may lie past it, so
 * the read waits for such transactions to settle. Records of transactions that abort are skipped by
 * the consumer; the read still ends at the high watermark.
 *
 * <p>Failures are Kafka's: a read that does not reach the end within the timeout throws {@link
 * TimeoutException}, an interrupt {@link InterruptException} (the thread's flag set), a broker
 * failure the {@link KafkaException} it caused. A topic that does not exist is a setup error:
 * {@link IllegalStateException}.
 */
public final class CommittedReader {

  /** Where the read starts in each partition. */
  @FunctionalInterface
  public interface Start {

    /** From the first record of every partition. */
    Start BEGINNING = (consumer, ends, left) -> consumer.seekToBeginning(ends.keySet());

    /**
     * Seeks every partition of {@code ends} (all assigned to {@code consumer}); {@code left} is the
     * time left for any call this makes.
     */
    void seek(
        KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends, Duration left);
  }

  /** Bound on closing the clients, beyond the read's own timeout. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

  /** Bound on one poll, so that the deadline is checked often. */
  private static final Duration POLL = Duration.ofMillis(200);

  private CommittedReader() {}

  /**
   * Every committed record of {@code topic} from the beginning, partition by partition in offset
   * order: {@link #read} collected into a list.
   */
  public static List<ConsumerRecord<String, byte[]>> readAll(
      String bootstrapServers, String clientId, String topic, Duration timeout) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    read(bootstrapServers, clientId, topic, timeout, Start.BEGINNING, records::add);
    return records;
  }

  /**
   * Hands every committed record of {@code topic} from {@code start} to the end, partition by
   * partition in offset order, to {@code each} (tombstones too, with a null value).
   *
   * @param clientId the consumer's client id, naming the reader in the broker's logs
   * @param timeout bound on the whole read, clients' setup included
   */
  public static void read(
      String bootstrapServers,
      String clientId,
      String topic,
      Duration timeout,
      Start start,
      Consumer<ConsumerRecord<String, byte[]>> each) {
    // One deadline for the whole read: each call gets the time left, not the full timeout again.
    Deadline deadline = new Deadline(timeout, "reading " + topic);
    Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    try {
      KafkaConsumer<String, byte[]> consumer =
          new KafkaConsumer<>(
              consumerConfig(bootstrapServers, clientId),
              new StringDeserializer(),
              new ByteArrayDeserializer());
      try {
        List<TopicPartition> partitions = partitions(admin, topic, deadline);
        Map<TopicPartition, Long> ends = highWatermarks(admin, topic, partitions, deadline);
        consumer.assign(partitions);
        start.seek(consumer, ends, deadline.remaining());
        while (!reached(consumer, ends, deadline)) {
          Duration left = deadline.remaining();
          for (ConsumerRecord<String, byte[]> record :
              consumer.poll(left.compareTo(POLL) < 0 ? left : POLL)) {
            each.accept(record);
          }
        }
      } finally {
        consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
      }
    } finally {
      // A timed-out Admin call is still pending; close() without a bound would wait for it.
      admin.close(CLOSE_TIMEOUT);
    }
  }

  /** The consumer's settings: committed records only, no group, no offsets committed. */
  public static Map<String, Object> consumerConfig(String bootstrapServers, String clientId) {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        ConsumerConfig.CLIENT_ID_CONFIG,
        clientId,
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
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey(), deadline.remaining()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static List<TopicPartition> partitions(Admin admin, String topic, Deadline deadline) {
    String step = "describing " + topic;
    try {
      long left = deadline.remaining().toMillis();
      TopicDescription description =
          admin
              .describeTopics(
                  List.of(topic), new DescribeTopicsOptions().timeoutMs(timeoutMs(left)))
              .allTopicNames()
              .get(left, TimeUnit.MILLISECONDS)
              .get(topic);
      return description.partitions().stream()
          .map(p -> new TopicPartition(topic, p.partition()))
          .toList();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new IllegalStateException(
            topic + " does not exist: the node creates the catalog's topics before ingest starts",
            e.getCause());
      }
      throw failed(step, e.getCause(), deadline);
    } catch (InterruptedException e) {
      throw new InterruptException(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw deadline.expired(step, e);
    }
  }

  private static Map<TopicPartition, Long> highWatermarks(
      Admin admin, String topic, List<TopicPartition> partitions, Deadline deadline) {
    String step = "listing the end offsets of " + topic;
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
      throw failed(step, e.getCause(), deadline);
    } catch (InterruptedException e) {
      throw new InterruptException(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw deadline.expired(step, e);
    }
  }

  /** An Admin call's failure as a Kafka exception, so callers catch one type. */
  private static KafkaException failed(String step, Throwable cause, Deadline deadline) {
    if (cause instanceof TimeoutException) {
      return deadline.expired(step, cause);
    }
    return new KafkaException(step + " failed: " + cause, cause);
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
        throw expired(what, null);
      }
      return Duration.ofNanos(left);
    }

    TimeoutException expired(String step, Throwable cause) {
      return new TimeoutException(step + " took over " + timeout, cause);
    }
  }
}
