package dev.sextant.streams.kstreams.candle;

import com.google.protobuf.util.Timestamps;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Decimal;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The candle store's value serde on one series state, the cost the record cache pays on every get
 * and put (it keeps bytes): four of each per trade, one per interval. The state is a realistic one:
 * a 1s series after a few hundred trades, with open candles and warmed-up indicators. This class
 * sits in the candle package because the serde and its state are package-private there.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SeriesStateSerdeBenchmark {

  private final SeriesStateSerde serde = new SeriesStateSerde();
  private Serializer<SeriesState> serializer;
  private Deserializer<SeriesState> deserializer;
  private SeriesState state;
  private byte[] bytes;

  @Setup(Level.Trial)
  public void build() {
    serializer = serde.serializer();
    deserializer = serde.deserializer();
    state = warmSeries();
    bytes = serializer.serialize("t", state);
  }

  /**
   * The 1s series of one instrument after 40 s of trades through the real topology (ten a second,
   * prices walking): closed candles behind it, so the indicators are warm, and open ones within
   * their grace.
   */
  static SeriesState warmSeries() {
    Path dir;
    try {
      dir = Files.createTempDirectory("serde-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StreamsBuilder builder = new StreamsBuilder();
    new CandleTopology(CandleConfig.defaults(), new SimpleMeterRegistry()).addTo(builder);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "serde-bench");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    long t0 = Instant.parse("2026-11-25T00:00:00Z").toEpochMilli();
    try (TopologyTestDriver driver =
        new TopologyTestDriver(builder.build(), props, Instant.ofEpochMilli(t0))) {
      TestInputTopic<String, Trade> in =
          driver.createInputTopic(
              Topics.MARKET_TRADES.name(),
              new StringSerializer(),
              Topics.MARKET_TRADES.serde().serializer());
      SplittableRandom random = new SplittableRandom(3);
      long cents = 4_321_012;
      for (int i = 0; i < 400; i++) {
        long time = t0 + i * 100L;
        cents += random.nextLong(-900, 1_000);
        in.pipeInput(
            "bench:BTC-USD",
            Trade.newBuilder()
                .setInstrument("bench:BTC-USD")
                .setVenue("bench")
                .setTradeId(Integer.toString(i))
                .setPrice(
                    Decimal.newBuilder().setValue(BigDecimal.valueOf(cents, 2).toPlainString()))
                .setSize(
                    Decimal.newBuilder()
                        .setValue(
                            BigDecimal.valueOf(random.nextLong(1, 200_000), 5).toPlainString()))
                .setSide(random.nextBoolean() ? Side.SIDE_BUY : Side.SIDE_SELL)
                .setEventTime(Timestamps.fromMillis(time))
                .setIngestTime(Timestamps.fromMillis(time))
                .build(),
            time);
      }
      KeyValueStore<String, SeriesState> store =
          driver.getKeyValueStore(CandleConfig.DEFAULT_STORE);
      SeriesState s = store.get("bench:BTC-USD/1s");
      if (s == null || s.open().isEmpty()) {
        throw new IllegalStateException("no open 1s series in the store: " + s);
      }
      return s;
    }
  }

  @Benchmark
  public byte[] write() {
    return serializer.serialize("t", state);
  }

  @Benchmark
  public SeriesState read() {
    return deserializer.deserialize("t", bytes);
  }

  /** What a cached get then put costs: read the bytes, write them back. */
  @Benchmark
  public byte[] roundTrip() {
    return serializer.serialize("t", deserializer.deserialize("t", bytes));
  }
}
