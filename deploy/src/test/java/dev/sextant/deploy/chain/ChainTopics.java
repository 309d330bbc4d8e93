package dev.sextant.deploy.chain;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Block;
import dev.sextant.schemas.v1.ChainEvent;
import dev.sextant.schemas.v1.DeadLetter;
import dev.sextant.schemas.v1.Deposit;
import dev.sextant.schemas.v1.Trade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a read_committed consumer sees of one chain on the chain, trade, deposit and dead-letter
 * topics, each in partition order.
 */
record ChainTopics(
    List<ChainEvent> events,
    List<Block> blocks,
    List<Trade> trades,
    List<Deposit> deposits,
    List<DeadLetter> deadLetters) {

  /** Reads every committed record of {@code chainId} (dead letters of {@code source}). */
  static ChainTopics read(String bootstrapServers, long chainId, String source) {
    List<ChainEvent> events = new ArrayList<>();
    List<Block> blocks = new ArrayList<>();
    List<Trade> trades = new ArrayList<>();
    List<Deposit> deposits = new ArrayList<>();
    List<DeadLetter> deadLetters = new ArrayList<>();
    String dexSuffix = "@" + chainId;
    for (ConsumerRecord<String, byte[]> record :
        readAll(
            bootstrapServers,
            List.of(
                Topics.CHAIN_EVENTS.name(),
                Topics.CHAIN_BLOCKS.name(),
                Topics.MARKET_TRADES.name(),
                Topics.BILLING_DEPOSITS.name(),
                Topics.INGEST_DEADLETTER.name()))) {
      try {
        String topic = record.topic();
        if (topic.equals(Topics.CHAIN_EVENTS.name())) {
          ChainEvent event = ChainEvent.parseFrom(record.value());
          if (event.getChainId() == chainId) {
            events.add(event);
          }
        } else if (topic.equals(Topics.CHAIN_BLOCKS.name())) {
          Block block = Block.parseFrom(record.value());
          if (block.getChainId() == chainId) {
            blocks.add(block);
          }
        } else if (topic.equals(Topics.MARKET_TRADES.name())) {
          Trade trade = Trade.parseFrom(record.value());
          if (trade.getVenue().endsWith(dexSuffix)) {
            trades.add(trade);
          }
        } else if (topic.equals(Topics.BILLING_DEPOSITS.name())) {
          Deposit deposit = Deposit.parseFrom(record.value());
          if (deposit.getChainId() == chainId) {
            deposits.add(deposit);
          }
        } else {
          DeadLetter letter = DeadLetter.parseFrom(record.value());
          if (letter.getSource().equals(source)) {
            deadLetters.add(letter);
          }
        }
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError("undecodable record on " + record.topic(), e);
      }
    }
    return new ChainTopics(events, blocks, trades, deposits, deadLetters);
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(
      String bootstrapServers, List<String> topics) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
          partitions.add(new TopicPartition(topic, info.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // Under read_committed the end offsets are the last stable offsets: everything committed.
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read the topics to their end within 30 s");
        }
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
      return records;
    }
  }
}
