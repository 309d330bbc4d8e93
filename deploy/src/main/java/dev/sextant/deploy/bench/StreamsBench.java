package dev.sextant.deploy.bench;

import dev.sextant.deploy.kafka.EmbeddedKafka;
import dev.sextant.deploy.kafka.EmbeddedKafkaConfig;
import dev.sextant.deploy.kafka.TopicReconciler;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Trade;
import dev.sextant.streams.kstreams.app.ProcessingGuarantee;
import dev.sextant.streams.kstreams.app.StreamsRunner;
import dev.sextant.streams.kstreams.app.StreamsSettings;
import dev.sextant.streams.kstreams.candle.CandleConfig;
import dev.sextant.streams.kstreams.candle.CandleTopology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;

/**
 * {@code sextant bench streams}: the candle topology on a fresh embedded broker.
 *
 * <p>Throughput: {@code trades} trades preloaded into {@code market.trades.v1}, then the topology
 * alone under each guarantee (a fresh application id each), timed from the client reaching {@code
 * RUNNING} until its committed offsets reach the end of the input.
 *
 * <p>Latency: the topology with the record cache off and one live update per trade, a paced
 * producer stamping each trade's event time with the wall clock, and a consumer of {@code
 * indicators.v1} recording, for each update of a 1s candle, now minus the record timestamp (the
 * stream time, which for in-order trades is the newest trade's produce time).
 */
public final class StreamsBench {

  /**
   * @param trades trades preloaded for the throughput runs
   * @param instruments instruments the trades are spread over, in turn
   * @param guarantees the guarantees to measure, in order
   * @param threads stream threads in the throughput runs
   * @param liveEmitInterval the candle topology's live emit interval in the throughput runs
   * @param rate trades per second in the latency runs
   * @param seconds measured seconds of each latency run
   * @param warmup unmeasured seconds before them
   * @param commitIntervals the commit intervals compared in the latency runs
   * @param latencyCaches the record cache sizes (bytes) compared in the latency runs
   * @param latencyLiveEmit the candle topology's live emit interval in the latency runs
   * @param dir working folder: broker data, state stores
   */
  public record Settings(
      long trades,
      int instruments,
      List<ProcessingGuarantee> guarantees,
      int threads,
      Duration liveEmitInterval,
      int rate,
      int seconds,
      int warmup,
      List<Duration> commitIntervals,
      List<Long> latencyCaches,
      Duration latencyLiveEmit,
      Path dir) {

    public Settings {
      guarantees = List.copyOf(guarantees);
      commitIntervals = List.copyOf(commitIntervals);
      latencyCaches = List.copyOf(latencyCaches);
      if (latencyCaches.isEmpty() || latencyCaches.stream().anyMatch(b -> b < 0)) {
        throw new IllegalArgumentException("--latency-cache-bytes needs values >= 0");
      }
      Objects.requireNonNull(liveEmitInterval, "liveEmitInterval");
      Objects.requireNonNull(dir, "dir");
      if (trades < 1 || instruments < 1 || threads < 1 || rate < 1 || seconds < 1 || warmup < 0) {
        throw new IllegalArgumentException(
            "--trades, --instruments, --threads, --rate and --seconds must be >= 1, --warmup >= 0");
      }
      if (guarantees.isEmpty() || commitIntervals.isEmpty()) {
        throw new IllegalArgumentException("--guarantee and --commit-interval-ms need a value");
      }
    }
  }

  /** One throughput run: trades committed, of how many, in how long. */
  public record ThroughputRow(
      ProcessingGuarantee guarantee, long committed, long total, double seconds) {
    public double tradesPerSecond() {
      return committed / seconds;
    }
  }

  /** One latency run. */
  public record LatencyRow(
      ProcessingGuarantee guarantee,
      Duration commitInterval,
      long cacheBytes,
      long produced,
      Histogram latency) {}

  /** Event times of preloaded trades advance 1 ms every this many trades (10,000 trades/s). */
  static final int PRELOAD_TRADES_PER_MS = 10;

  static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);

  private final Settings settings;
  private final PrintWriter out;
  private int runs;

  public StreamsBench(Settings settings, PrintWriter out) {
    this.settings = settings;
    this.out = out;
  }

  /** Runs both measurements, printing progress and the summaries. */
  public void run() throws Exception {
    try (EmbeddedKafka kafka = broker();
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      String bootstrap = kafka.bootstrapServers();
      preload(bootstrap);
      List<ThroughputRow> throughput = new ArrayList<>();
      for (ProcessingGuarantee g : settings.guarantees()) {
        throughput.add(throughput(bootstrap, admin, g));
      }
      List<LatencyRow> latency = new ArrayList<>();
      for (ProcessingGuarantee g : settings.guarantees()) {
        for (Duration commit : settings.commitIntervals()) {
          for (long cache : settings.latencyCaches()) {
            latency.add(latency(bootstrap, g, commit, cache));
          }
        }
      }
      printSummary(throughput, latency);
    }
  }

  private EmbeddedKafka broker() throws IOException {
    EmbeddedKafka kafka =
        new EmbeddedKafka(
            new EmbeddedKafkaConfig(
                settings.dir().resolve("kafka"),
                "127.0.0.1",
                freePort(),
                freePort(),
                64,
                Map.of()));
    kafka.start();
    TopicReconciler.reconcileCatalog(kafka.bootstrapServers(), (short) 1);
    return kafka;
  }

  /** Writes the throughput input as fast as the broker takes it; event times all in the past. */
  private void preload(String bootstrap) throws Exception {
    out.printf(
        Locale.ROOT,
        "preloading %d trades of %d instruments into %s ...%n",
        settings.trades(),
        settings.instruments(),
        Topics.MARKET_TRADES.name());
    out.flush();
    BenchTrades trades = new BenchTrades(settings.instruments());
    // The span of the event times, plus a minute: every trade is in the past when produced.
    long first = System.currentTimeMillis() - settings.trades() / PRELOAD_TRADES_PER_MS - 60_000;
    AtomicReference<Exception> failed = new AtomicReference<>();
    long start = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                512 * 1024,
                // Just after the topics are created the broker may answer "not leader" once; its
                // retry, with later batches in flight, then fails as out of sequence for good.
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                1),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (long i = 0; i < settings.trades(); i++) {
        Trade t = trades.next(first + i / PRELOAD_TRADES_PER_MS);
        producer.send(
            new ProducerRecord<>(Topics.MARKET_TRADES.name(), t.getInstrument(), t.toByteArray()),
            (m, e) -> {
              if (e != null) {
                failed.compareAndSet(null, e);
              }
            });
        if (failed.get() != null) {
          break;
        }
      }
      producer.flush();
    }
    if (failed.get() != null) {
      throw new IllegalStateException("preload failed", failed.get());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(
        Locale.ROOT,
        "preloaded %d trades in %.1f s (%.0f trades/s)%n",
        settings.trades(),
        seconds,
        settings.trades() / seconds);
    out.flush();
  }

  private ThroughputRow throughput(String bootstrap, Admin admin, ProcessingGuarantee g)
      throws Exception {
    String appId = applicationId("throughput", g);
    StreamsSettings streams =
        new StreamsSettings(
            appId,
            bootstrap,
            g,
            StreamsSettings.DEFAULT_COMMIT_INTERVAL,
            StreamsSettings.DEFAULT_CACHE_MAX_BYTES,
            0,
            settings.threads(),
            settings.dir().resolve("state-" + appId));
    StreamsBuilder builder = new StreamsBuilder();
    new CandleTopology(
            CandleConfig.defaults().withLiveEmitInterval(settings.liveEmitInterval()),
            new SimpleMeterRegistry())
        .addTo(builder);
    GroupProgress progress = new GroupProgress(admin, appId, Topics.MARKET_TRADES.name());
    long total = progress.endOffsets();
    out.printf(
        Locale.ROOT,
        "throughput %s: %d threads, live emit %d ms, commit %d ms, cache %d bytes ...%n",
        g.configValue(),
        settings.threads(),
        settings.liveEmitInterval().toMillis(),
        streams.commitInterval().toMillis(),
        streams.cacheMaxBytes());
    out.flush();
    try (StreamsRunner runner = new StreamsRunner(builder.build(), streams, 0)) {
      runner.start();
      if (!runner.awaitRunning(Duration.ofMinutes(1))) {
        throw new IllegalStateException("the streams client did not reach RUNNING in a minute");
      }
      long start = System.nanoTime();
      long deadline = start + RUN_TIMEOUT.toNanos();
      long committed = 0;
      long nextPrint = start + 1_000_000_000L;
      // Polled every 100 ms so that the end is seen within 100 ms of the last commit.
      while (committed < total && System.nanoTime() < deadline) {
        Thread.sleep(100);
        checkRunning(runner);
        committed = progress.committed();
        long now = System.nanoTime();
        if (now >= nextPrint) {
          nextPrint += 1_000_000_000L;
          double seconds = (now - start) / 1e9;
          out.printf(
              Locale.ROOT,
              "  %4.0f s: %d of %d trades committed, %.0f trades/s%n",
              seconds,
              committed,
              total,
              committed / seconds);
          out.flush();
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      ThroughputRow row = new ThroughputRow(g, committed, total, seconds);
      out.printf(
          Locale.ROOT,
          "throughput %s: %d of %d trades committed in %.2f s, %.0f trades/s%n",
          g.configValue(),
          row.committed(),
          row.total(),
          row.seconds(),
          row.tradesPerSecond());
      out.flush();
      return row;
    }
  }

  private LatencyRow latency(String bootstrap, ProcessingGuarantee g, Duration commit, long cache)
      throws Exception {
    String appId = applicationId("latency", g);
    StreamsSettings streams =
        new StreamsSettings(
            appId, bootstrap, g, commit, cache, 0, 1, settings.dir().resolve("state-" + appId));
    CandleConfig candles = CandleConfig.defaults().withLiveEmitInterval(settings.latencyLiveEmit());
    StreamsBuilder builder = new StreamsBuilder();
    // The trades preloaded for the throughput runs are not this run's: a fresh application starts
    // at the end of the input.
    new CandleTopology(candles, new SimpleMeterRegistry())
        .addTo(
            builder,
            builder.stream(
                Topics.MARKET_TRADES.name(),
                Consumed.with(Serdes.String(), Topics.MARKET_TRADES.serde())
                    .withTimestampExtractor(CandleTopology.tradeTimestampExtractor(candles))
                    .withOffsetResetPolicy(AutoOffsetReset.latest())));
    Topology topology = builder.build();
    out.printf(
        Locale.ROOT,
        "latency %s: commit %d ms, cache %d bytes, live emit %d ms, %d trades/s for %d s after"
            + " %d s warm-up ...%n",
        g.configValue(),
        commit.toMillis(),
        cache,
        settings.latencyLiveEmit().toMillis(),
        settings.rate(),
        settings.seconds(),
        settings.warmup());
    out.flush();
    try (StreamsRunner runner = new StreamsRunner(topology, streams, 0);
        IndicatorLatencyProbe probe = new IndicatorLatencyProbe(bootstrap, g)) {
      runner.start();
      if (!runner.awaitRunning(Duration.ofMinutes(1))) {
        throw new IllegalStateException("the streams client did not reach RUNNING in a minute");
      }
      probe.start();
      PacedProducer producer =
          new PacedProducer(bootstrap, new BenchTrades(settings.instruments()), settings.rate());
      long measureFrom = System.currentTimeMillis() + settings.warmup() * 1_000L;
      probe.measureFrom(measureFrom);
      long produced =
          producer.run(
              Duration.ofSeconds(settings.warmup() + settings.seconds()),
              measureFrom,
              (second, sent) -> {
                checkRunning(runner);
                Histogram h = probe.snapshot();
                out.printf(
                    Locale.ROOT,
                    "  %4d s: %d trades sent, %d updates timed, p50 %.2f ms, p99 %.2f ms%n",
                    second,
                    sent,
                    h.getTotalCount(),
                    ms(h.getValueAtPercentile(50)),
                    ms(h.getValueAtPercentile(99)));
                out.flush();
              });
      // The last trades' updates: wait for the newest event time to come back, then for quiet.
      if (!probe.awaitLast(
          producer.lastEventTimeMs(), commit.plusMillis(500), Duration.ofSeconds(30))) {
        out.println("  (the last updates did not all come back within 30 s)");
      }
      Histogram h = probe.snapshot();
      LatencyRow row = new LatencyRow(g, commit, cache, produced, h);
      out.printf(
          Locale.ROOT,
          "latency %s commit %d ms: %d updates of %d trades measured, p50 %.2f ms, p90 %.2f ms,"
              + " p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
          g.configValue(),
          commit.toMillis(),
          h.getTotalCount(),
          produced,
          ms(h.getValueAtPercentile(50)),
          ms(h.getValueAtPercentile(90)),
          ms(h.getValueAtPercentile(99)),
          ms(h.getValueAtPercentile(99.9)),
          ms(h.getMaxValue()));
      out.flush();
      return row;
    }
  }

  private void printSummary(List<ThroughputRow> throughput, List<LatencyRow> latency) {
    out.println();
    out.printf(
        Locale.ROOT,
        "%-18s %10s %10s %10s %12s%n",
        "guarantee",
        "trades",
        "committed",
        "seconds",
        "trades/s");
    for (ThroughputRow r : throughput) {
      out.printf(
          Locale.ROOT,
          "%-18s %10d %10d %10.2f %12.0f%n",
          r.guarantee().configValue(),
          r.total(),
          r.committed(),
          r.seconds(),
          r.tradesPerSecond());
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "%-18s %10s %10s %10s %9s %9s %9s %9s %9s%n",
        "guarantee",
        "commit_ms",
        "cache_b",
        "updates",
        "p50_ms",
        "p90_ms",
        "p99_ms",
        "p999_ms",
        "max_ms");
    for (LatencyRow r : latency) {
      Histogram h = r.latency();
      out.printf(
          Locale.ROOT,
          "%-18s %10d %10d %10d %9.2f %9.2f %9.2f %9.2f %9.2f%n",
          r.guarantee().configValue(),
          r.commitInterval().toMillis(),
          r.cacheBytes(),
          h.getTotalCount(),
          ms(h.getValueAtPercentile(50)),
          ms(h.getValueAtPercentile(90)),
          ms(h.getValueAtPercentile(99)),
          ms(h.getValueAtPercentile(99.9)),
          ms(h.getMaxValue()));
    }
    out.flush();
  }

  private String applicationId(String kind, ProcessingGuarantee g) {
    return "bench-candles-" + kind + "-" + g.name().toLowerCase(Locale.ROOT) + "-" + ++runs;
  }

  private static void checkRunning(StreamsRunner runner) {
    var state = runner.state();
    if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
      throw new IllegalStateException("the streams client stopped: " + state);
    }
  }

  private static double ms(long micros) {
    return micros / 1e3;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
