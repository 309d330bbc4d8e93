package dev.sextant.streams.kstreams.candle;

import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.IndicatorSnapshot;
import dev.sextant.schemas.v1.Trade;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The candle topology on a TopologyTestDriver, with its input, output and counters. */
final class CandleDriver implements AutoCloseable {

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final TopologyTestDriver driver;
  final TestInputTopic<String, Trade> trades;
  final TestOutputTopic<String, IndicatorSnapshot> indicators;

  CandleDriver(CandleConfig config, Path stateDir) {
    StreamsBuilder builder = new StreamsBuilder();
    new CandleTopology(config, registry).addTo(builder);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "candles-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(builder.build(), props, Instant.EPOCH);
    trades =
        driver.createInputTopic(
            Topics.MARKET_TRADES.name(),
            new StringSerializer(),
            Topics.MARKET_TRADES.serde().serializer());
    indicators =
        driver.createOutputTopic(
            Topics.INDICATORS.name(),
            new StringDeserializer(),
            Topics.INDICATORS.serde().deserializer());
  }

  /** Pipes a trade with its event time as the record timestamp (0 when it has none). */
  void send(String key, Trade trade) {
    long ms = EventTime.millis(trade);
    trades.pipeInput(key, trade, ms == EventTime.NONE ? 0L : ms);
  }

  /** Pipes a trade with an explicit Kafka record timestamp (when it was produced). */
  void send(Trade trade, long recordTimestampMs) {
    trades.pipeInput(trade.getInstrument(), trade, recordTimestampMs);
  }

  void send(Trade trade) {
    send(trade.getInstrument(), trade);
  }

  List<KeyValue<String, IndicatorSnapshot>> drain() {
    return indicators.readKeyValuesToList();
  }

  double count(String name, String... tags) {
    Counter c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  @Override
  public void close() {
    driver.close();
  }
}
