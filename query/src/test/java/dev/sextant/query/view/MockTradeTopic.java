package dev.sextant.query.view;

import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Trade;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code market.trades.v1} with one partition on a Kafka {@link MockConsumer}: only to inject the
 * errors Kafka throws, since what is under test is how the reader reacts to them.
 */
public final class MockTradeTopic {

  public static final String TOPIC = Topics.MARKET_TRADES.name();
  public static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

  private MockTradeTopic() {}

  /** A consumer whose topic holds {@code trades} at start, delivered on the first poll. */
  public static MockConsumer<String, Trade> holding(Trade... trades) {
    MockConsumer<String, Trade> consumer = new MockConsumer<>("earliest");
    consumer.updatePartitions(
        TOPIC, List.of(new PartitionInfo(TOPIC, 0, Node.noNode(), new Node[0], new Node[0])));
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    consumer.updateEndOffsets(Map.of(PARTITION, (long) trades.length));
    // Records can be added only once the reader assigned the partition.
    consumer.schedulePollTask(() -> append(consumer, 0, trades));
    return consumer;
  }

  /** Adds trades at {@code firstOffset} onwards; call from a poll task or once assigned. */
  public static void append(
      MockConsumer<String, Trade> consumer, long firstOffset, Trade... trades) {
    for (int i = 0; i < trades.length; i++) {
      consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, firstOffset + i, null, trades[i]));
    }
  }
}
