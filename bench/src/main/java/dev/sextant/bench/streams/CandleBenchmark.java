package dev.sextant.bench.streams;

import com.google.protobuf.util.Timestamps;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Decimal;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import dev.sextant.streams.kstreams.candle.CandleConfig;
import dev.sextant.streams.kstreams.candle.CandleTopology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Trades per second through the candle topology's process path on one thread, in process: the
 * default config (1s, 1m, 5m, 1h candles, 2 s grace, volatility over 20) with its real RocksDB
 * store, record cache and serdes, on a TopologyTestDriver. The broker, the consumer's fetches and
 * the producer's sends are not in it (that is {@code bin/sextant bench streams}).
 *
 * <p>Input: 20 instruments in turn, pre-serialized (the serialization is the producer's cost),
 * event time advancing 1 ms every 10 trades (a 10,000 trades/s market) so that 1s candles close
 * every 10,000 trades; the driver's wall clock advances with event time so the live punctuation
 * runs as it would. The driver commits after every record, so the record cache is flushed to
 * RocksDB per trade: an upper bound on the store's share against an application that commits every
 * 100 ms.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class CandleBenchmark {

  static final int INSTRUMENTS = 20;
  static final int BATCH = 1_000;
  static final int TRADES_PER_MS = 10;

  /**
   * Pre-serialized trades per ring: more than one 2 s iteration uses at this rate, refilled between
   * iterations (and within one only if it outruns the ring, the refill then measured).
   */
  static final int RING = 1 << 18;

  /**
   * The live emit interval in ms: 1 (the default, conflated within a millisecond) or 0 (one update
   * per trade).
   */
  @Param({"1", "0"})
  public long liveEmitMs;

  private Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> trades;
  private TestOutputTopic<String, byte[]> indicators;
  private final String[] instruments = new String[INSTRUMENTS];
  private final double[] prices = new double[INSTRUMENTS];
  private final SplittableRandom random = new SplittableRandom(42);
  private final byte[][] ring = new byte[RING][];
  private final long[] ringTimes = new long[RING];
  private final String[] ringKeys = new String[RING];
  private int next;
  private long sequence;
  private final long epochMs = Instant.parse("2026-11-25T00:00:00Z").toEpochMilli();

  @Setup(Level.Trial)
  public void start() throws IOException {
    stateDir = Files.createTempDirectory("candle-bench");
    CandleConfig config =
        CandleConfig.defaults().withLiveEmitInterval(Duration.ofMillis(liveEmitMs));
    StreamsBuilder builder = new StreamsBuilder();
    new CandleTopology(config, new SimpleMeterRegistry()).addTo(builder);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "candle-bench");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(builder.build(), props, Instant.ofEpochMilli(epochMs));
    trades =
        driver.createInputTopic(
            Topics.MARKET_TRADES.name(), new StringSerializer(), new ByteArraySerializer());
    indicators =
        driver.createOutputTopic(
            Topics.INDICATORS.name(), new StringDeserializer(), new ByteArrayDeserializer());
    for (int i = 0; i < INSTRUMENTS; i++) {
      instruments[i] = String.format(Locale.ROOT, "coinbase:COIN%02d-USD", i);
      prices[i] = 10 + 5_000.0 * i;
    }
    fill();
  }

  /** Refills the ring with the trades that follow the last one generated. */
  @Setup(Level.Iteration)
  public void fill() {
    for (int i = 0; i < RING; i++) {
      long n = sequence++;
      int k = (int) (n % INSTRUMENTS);
      prices[k] *= 1 + (random.nextDouble() - 0.5) * 0.0004;
      long eventTime = epochMs + n / TRADES_PER_MS;
      ring[i] =
          Trade.newBuilder()
              .setInstrument(instruments[k])
              .setVenue("coinbase")
              .setTradeId(Long.toString(n))
              .setPrice(
                  Decimal.newBuilder().setValue(String.format(Locale.ROOT, "%.2f", prices[k])))
              .setSize(
                  Decimal.newBuilder()
                      .setValue(String.format(Locale.ROOT, "%.5f", random.nextDouble() * 2)))
              .setSide(random.nextBoolean() ? Side.SIDE_BUY : Side.SIDE_SELL)
              .setEventTime(Timestamps.fromMillis(eventTime))
              .setIngestTime(Timestamps.fromMillis(eventTime + 3))
              .build()
              .toByteArray();
      ringTimes[i] = eventTime;
      ringKeys[i] = instruments[k];
    }
    next = 0;
  }

  private static String decimal(long unscaled, int scale) {
    return BigDecimal.valueOf(unscaled, scale).toPlainString();
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    driver.close();
    try (Stream<Path> files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(CandleBenchmark::delete);
    }
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A batch of trades piped one by one, counted per trade; the indicator updates drained. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void trades(Blackhole hole) {
    if (next + BATCH > RING) {
      fill(); // only when an iteration outruns the ring: then the refill is measured too
    }
    for (int i = 0; i < BATCH; i++) {
      int at = next++;
      long time = ringTimes[at];
      // The live punctuation is on wall-clock time: move it with event time, once per ms.
      if (at % TRADES_PER_MS == 0) {
        driver.advanceWallClockTime(Duration.ofMillis(1));
      }
      byte[] trade = ring[at];
      trades.pipeInput(ringKeys[at], trade, time);
    }
    hole.consume(indicators.readRecordsToList());
  }
}
