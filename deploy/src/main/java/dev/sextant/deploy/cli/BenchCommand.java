package dev.sextant.deploy.cli;

import dev.sextant.deploy.bench.BenchDirectory;
import dev.sextant.deploy.bench.ChainBench;
import dev.sextant.deploy.bench.StreamsBench;
import dev.sextant.deploy.bench.TradeCaptureGenerator;
import dev.sextant.deploy.config.ConfigLoader;
import dev.sextant.deploy.config.SextantConfig;
import dev.sextant.deploy.demo.BundledCapture;
import dev.sextant.deploy.node.NodeMode;
import dev.sextant.deploy.node.SextantNode;
import dev.sextant.schemas.query.v1.StreamServiceGrpc;
import dev.sextant.schemas.query.v1.SubscribeRequest;
import dev.sextant.schemas.query.v1.Update;
import dev.sextant.schemas.query.v1.UpdateKind;
import dev.sextant.streams.kstreams.app.ProcessingGuarantee;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sextant bench e2e}: frame-to-agent latency on the real node. For each transaction linger
 * it starts a fresh node, subscribes over gRPC on loopback, replays the bundled capture at a pace,
 * and records, per trade, the time from the frame's arrival in ingest ({@code ingest_time}) to its
 * arrival at the subscriber.
 */
@Command(
    name = "bench",
    description = "End-to-end benchmarks on a fresh node (own temporary data, free ports).",
    mixinStandardHelpOptions = true,
    subcommands = {
      BenchCommand.EndToEnd.class,
      BenchCommand.ReplayThroughput.class,
      BenchCommand.Chain.class,
      BenchCommand.Streams.class
    })
final class BenchCommand {

  /** {@code sextant bench e2e}. */
  @Command(
      name = "e2e",
      description = "Frame-to-subscriber latency of trades, per transaction linger.",
      mixinStandardHelpOptions = true)
  static final class EndToEnd implements Callable<Integer> {

    @Option(
        names = "--speed",
        defaultValue = "50",
        description = "Replay pace relative to the recording (default ${DEFAULT-VALUE}).")
    double speed;

    @Option(
        names = "--linger-ms",
        split = ",",
        defaultValue = "1,5,20",
        description = "Transaction linger values to compare (default ${DEFAULT-VALUE}).")
    List<Integer> lingers;

    @Option(
        names = "--warmup",
        defaultValue = "true",
        negatable = true,
        description = "Run the first linger once unmeasured, so no row pays for JIT warm-up.")
    boolean warmup;

    @Override
    public Integer call() throws Exception {
      if (warmup) {
        System.out.println("warm-up run (not measured) ...");
        run(lingers.getFirst());
      }
      System.out.printf(
          "%-10s %8s %10s %10s %10s %10s %10s %12s%n",
          "linger_ms", "trades", "p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms", "trades/s");
      for (int linger : lingers) {
        Row row = run(linger);
        System.out.printf(
            "%-10d %8d %10.2f %10.2f %10.2f %10.2f %10.2f %12.0f%n",
            linger,
            row.histogram().getTotalCount(),
            ms(row.histogram().getValueAtPercentile(50)),
            ms(row.histogram().getValueAtPercentile(90)),
            ms(row.histogram().getValueAtPercentile(99)),
            ms(row.histogram().getValueAtPercentile(99.9)),
            ms(row.histogram().getMaxValue()),
            row.tradesPerSecond());
      }
      return 0;
    }

    private record Row(Histogram histogram, double tradesPerSecond) {}

    private Row run(int lingerMs) throws Exception {
      try (BenchDirectory bench = BenchDirectory.create("sextant-bench")) {
        return run(lingerMs, bench.path());
      }
    }

    private Row run(int lingerMs, Path dir) throws Exception {
      Path capture = BundledCapture.extractTo(dir.resolve("capture"));
      // The caller's SEXTANT_* settings apply (transaction size, linger), then the bench's own.
      Map<String, String> env = new HashMap<>(System.getenv());
      env.put("SEXTANT_DATA_DIR", dir.resolve("var").toString());
      env.put("SEXTANT_KAFKA_PORT", Integer.toString(freePort()));
      env.put("SEXTANT_KAFKA_CONTROLLER_PORT", Integer.toString(freePort()));
      env.put("SEXTANT_GRPC_PORT", Integer.toString(freePort()));
      env.put("SEXTANT_HTTP_PORT", Integer.toString(freePort()));
      env.put("SEXTANT_INGEST_REPLAY_FILE", capture.toString());
      env.put("SEXTANT_INGEST_REPLAY_SPEED", Double.toString(speed));
      env.put("SEXTANT_INGEST_TRANSACTION_LINGER_MS", Integer.toString(lingerMs));
      env.put("SEXTANT_MARKET_ENABLED", "false");
      env.put("SEXTANT_NEWS_ENABLED", "false");
      SextantConfig config = new ConfigLoader().load(Optional.empty(), env).config();

      Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      AtomicLong received = new AtomicLong();
      try (SextantNode node = new SextantNode(config, NodeMode.UP)) {
        node.start();
        ManagedChannel channel =
            Grpc.newChannelBuilderForAddress(
                    "127.0.0.1", config.grpc().port(), InsecureChannelCredentials.create())
                .build();
        try {
          AtomicLong ended = new AtomicLong();
          StreamServiceGrpc.newStub(channel)
              .subscribe(
                  SubscribeRequest.newBuilder().addKinds(UpdateKind.UPDATE_KIND_TRADE).build(),
                  recorder(histogram, received, ended));
          // The subscription is registered when the hub counts it.
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (node.meters().get("sextant.query.subscribers").gauge().value() < 1
              && System.nanoTime() < deadline) {
            Thread.sleep(10);
          }
          long start = System.nanoTime();
          node.startSources();
          System.out.printf("linger %d ms: replaying at %.0fx ...%n", lingerMs, speed);
          node.ingestDone().get(10, TimeUnit.MINUTES);
          while (received.get() < expectedTrades(node)
              && System.nanoTime() < start + TimeUnit.MINUTES.toNanos(10)) {
            Thread.sleep(10);
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          ended.set(1);
          return new Row(histogram.copy(), received.get() / seconds);
        } finally {
          channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
      }
    }

    private static long expectedTrades(SextantNode node) {
      return (long) sum(node, "sextant.market.records", "type", "trade");
    }

    private static StreamObserver<Update> recorder(
        Histogram histogram, AtomicLong received, AtomicLong ended) {
      return new StreamObserver<>() {
        @Override
        public void onNext(Update update) {
          if (!update.hasTrade()) {
            return;
          }
          Instant now = Instant.now();
          var ingest = update.getTrade().getIngestTime();
          long nanos =
              (now.getEpochSecond() - ingest.getSeconds()) * 1_000_000_000L
                  + (now.getNano() - ingest.getNanos());
          synchronized (histogram) {
            histogram.recordValue(
                Math.max(0, Math.min(nanos, histogram.getHighestTrackableValue())));
          }
          long n = received.incrementAndGet();
          if (n % 1000 == 0) {
            System.out.printf("  %d trades received%n", n);
          }
        }

        @Override
        public void onError(Throwable t) {
          if (ended.get() == 0) {
            System.err.println("subscription ended early: " + t);
          }
        }

        @Override
        public void onCompleted() {}
      };
    }

    private static double ms(long nanos) {
      return nanos / 1e6;
    }
  }

  /** The sum of the counters named {@code name} with the given tags, over every source. */
  static double sum(SextantNode node, String name, String... tags) {
    return node.meters().find(name).tags(tags).counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count)
        .sum();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code sextant bench replay}: replay throughput into the real embedded broker. It generates (or
   * reuses, from {@code ./var/bench}) a capture of trade frames and replays it as fast as possible
   * on a fresh node.
   */
  @Command(
      name = "replay",
      description =
          "Replay throughput (--speed max) of a capture of trade frames into a fresh node's"
              + " embedded broker.",
      mixinStandardHelpOptions = true)
  static final class ReplayThroughput implements Callable<Integer>, UsesProtocols {

    @Option(
        names = "--frames",
        defaultValue = "1000000",
        description = "Frames in the generated capture (default ${DEFAULT-VALUE}).")
    long frames;

    @Option(
        names = "--protocol",
        defaultValue = TradeCaptureGenerator.PROTOCOL,
        description = "The capture's protocol (default ${DEFAULT-VALUE}).")
    String protocol;

    @Option(
        names = "--capture",
        paramLabel = "FILE",
        description =
            "A capture of --protocol to replay instead of a generated one (the generator writes"
                + " only "
                + TradeCaptureGenerator.PROTOCOL
                + " frames).")
    Path capture;

    @Option(
        names = "--bench-dir",
        defaultValue = "./var/bench",
        description = "Where generated captures are kept for reuse (default ${DEFAULT-VALUE}).")
    Path benchDir;

    private dev.sextant.ingest.market.Protocols protocols =
        dev.sextant.ingest.market.Protocols.builtIn();

    @Override
    public void protocols(dev.sextant.ingest.market.Protocols protocols) {
      this.protocols = protocols;
    }

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    private java.io.PrintWriter out;

    @Override
    public Integer call() throws Exception {
      out = spec.commandLine().getOut();
      Cli.protocol(protocols, protocol);
      Path file = capture != null ? Cli.existingFile(capture) : generated();
      try (BenchDirectory bench = BenchDirectory.create("sextant-bench")) {
        return run(file, bench.path());
      }
    }

    private int run(Path file, Path dir) throws Exception {
      Map<String, String> env = new HashMap<>(System.getenv());
      env.put("SEXTANT_DATA_DIR", dir.resolve("var").toString());
      env.put("SEXTANT_KAFKA_PORT", Integer.toString(freePort()));
      env.put("SEXTANT_KAFKA_CONTROLLER_PORT", Integer.toString(freePort()));
      env.put("SEXTANT_GRPC_PORT", Integer.toString(freePort()));
      env.put("SEXTANT_HTTP_PORT", Integer.toString(freePort()));
      env.put("SEXTANT_INGEST_REPLAY_FILE", file.toString());
      env.put("SEXTANT_INGEST_REPLAY_PROTOCOL", protocol);
      env.put("SEXTANT_INGEST_REPLAY_SPEED", "0");
      env.put("SEXTANT_MARKET_ENABLED", "false");
      env.put("SEXTANT_NEWS_ENABLED", "false");
      SextantConfig config = new ConfigLoader().load(Optional.empty(), env).config();
      try (SextantNode node = new SextantNode(config, NodeMode.UP, protocols)) {
        node.start();
        out.printf("replaying %s (%s) at max speed ...%n", file, protocol);
        long start = System.nanoTime();
        node.startSources();
        var done = node.ingestDone();
        while (!done.isDone()) {
          try {
            done.get(2, TimeUnit.SECONDS);
          } catch (java.util.concurrent.TimeoutException e) {
            out.printf(
                "  %.0f s: %.0f frames, %.0f records, %.0f transactions%n",
                (System.nanoTime() - start) / 1e9,
                sum(node, "sextant.ingest.frames"),
                sum(node, "sextant.market.transaction.records"),
                sum(node, "sextant.market.transactions"));
            out.flush();
          }
        }
        done.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        double records = sum(node, "sextant.market.transaction.records");
        out.printf(
            "frames %.0f, records %.0f, elapsed %.1f s, %.0f records/s, transactions %.0f%n",
            sum(node, "sextant.ingest.frames"),
            records,
            seconds,
            records / seconds,
            sum(node, "sextant.market.transactions"));
        out.flush();
      }
      return 0;
    }

    private Path generated() throws IOException {
      if (!protocol.equals(TradeCaptureGenerator.PROTOCOL)) {
        throw new IllegalArgumentException(
            "only "
                + TradeCaptureGenerator.PROTOCOL
                + " captures can be generated; pass a capture of "
                + protocol
                + " with --capture FILE");
      }
      Path file = benchDir.resolve(protocol + "-" + frames + ".capture.gz");
      if (Files.isRegularFile(file)) {
        out.printf("reusing %s%n", file);
      } else {
        out.printf("generating %d frames into %s ...%n", frames, file);
        TradeCaptureGenerator.write(file, frames);
      }
      return file;
    }
  }

  /** {@code sextant bench chain}. */
  @Command(
      name = "chain",
      description =
          "Chain tailer on a local Anvil node: backfill logs/s (no sink, Kafka) and tail latency"
              + " from a block's transaction to its event at a read_committed consumer.",
      mixinStandardHelpOptions = true)
  static final class Chain implements Callable<Integer> {

    @Option(
        names = "--logs",
        defaultValue = "200000",
        description = "Transfers to backfill (default ${DEFAULT-VALUE}).")
    int logs;

    @Option(
        names = "--logs-per-block",
        defaultValue = "1000",
        description =
            "Transfers per transaction, one transaction per block (default ${DEFAULT-VALUE}).")
    int logsPerBlock;

    @Option(
        names = "--tail-blocks",
        defaultValue = "500",
        description = "Blocks timed in the tail (default ${DEFAULT-VALUE}).")
    int tailBlocks;

    @Option(
        names = "--range-blocks",
        defaultValue = "10",
        description =
            "Blocks per eth_getLogs in backfill, growing to twice as many; 10 blocks of 1,000"
                + " logs is the 10,000-log answer public nodes allow (default ${DEFAULT-VALUE}).")
    int rangeBlocks;

    @Option(
        names = "--tail-pause-ms",
        defaultValue = "20",
        description = "Pause between tail blocks (default ${DEFAULT-VALUE}).")
    int tailPauseMs;

    @Override
    public Integer call() throws Exception {
      try (BenchDirectory dir = BenchDirectory.create("sextant-bench-chain")) {
        new ChainBench(
                new ChainBench.Settings(
                    logs,
                    logsPerBlock,
                    tailBlocks,
                    java.time.Duration.ofMillis(tailPauseMs),
                    rangeBlocks,
                    dir.path()))
            .run();
      }
      return 0;
    }
  }

  /** {@code sextant bench streams}. */
  @Command(
      name = "streams",
      description =
          "Candle topology on a fresh embedded broker: throughput over preloaded trades, and"
              + " latency from a trade produced to its 1s indicator update consumed.",
      mixinStandardHelpOptions = true)
  static final class Streams implements Callable<Integer> {

    @Option(
        names = "--trades",
        defaultValue = "2000000",
        description = "Trades preloaded for the throughput runs (default ${DEFAULT-VALUE}).")
    long trades;

    @Option(
        names = "--instruments",
        defaultValue = "20",
        description = "Instruments the trades are spread over (default ${DEFAULT-VALUE}).")
    int instruments;

    @Option(
        names = "--guarantee",
        split = ",",
        defaultValue = "exactly_once_v2,at_least_once",
        description = "Processing guarantees to measure, in order (default ${DEFAULT-VALUE}).")
    List<String> guarantees;

    @Option(
        names = "--threads",
        defaultValue = "1",
        description = "Stream threads in the throughput runs (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(
        names = "--live-emit-ms",
        defaultValue = "0",
        description =
            "Live emit interval of the candles in the throughput runs; 0 is one update per trade"
                + " (default ${DEFAULT-VALUE}).")
    long liveEmitMs;

    @Option(
        names = "--rate",
        defaultValue = "10000",
        description = "Trades per second in the latency runs (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(
        names = "--seconds",
        defaultValue = "30",
        description = "Measured seconds of each latency run (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
        names = "--warmup",
        defaultValue = "5",
        description = "Unmeasured seconds before each latency run (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
        names = "--commit-interval-ms",
        split = ",",
        defaultValue = "100",
        description =
            "Commit intervals compared in the latency runs, under each guarantee (default"
                + " ${DEFAULT-VALUE}).")
    List<Long> commitIntervalsMs;

    @Option(
        names = "--latency-cache-bytes",
        split = ",",
        defaultValue = "10485760",
        description =
            "Record cache sizes (bytes) compared in the latency runs (default ${DEFAULT-VALUE}).")
    List<Long> latencyCaches;

    @Option(
        names = "--latency-live-emit-ms",
        defaultValue = "0",
        description =
            "Live emit interval of the candles in the latency runs; 0 is one update per trade"
                + " (default ${DEFAULT-VALUE}).")
    long latencyLiveEmitMs;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (liveEmitMs < 0 || commitIntervalsMs.stream().anyMatch(ms -> ms < 1)) {
        throw new IllegalArgumentException(
            "--live-emit-ms must be >= 0 and every --commit-interval-ms >= 1");
      }
      List<ProcessingGuarantee> asked = guarantees.stream().map(Streams::guarantee).toList();
      try (BenchDirectory dir = BenchDirectory.create("sextant-bench-streams")) {
        new StreamsBench(
                new StreamsBench.Settings(
                    trades,
                    instruments,
                    asked,
                    threads,
                    java.time.Duration.ofMillis(liveEmitMs),
                    rate,
                    seconds,
                    warmup,
                    commitIntervalsMs.stream().map(java.time.Duration::ofMillis).toList(),
                    latencyCaches,
                    java.time.Duration.ofMillis(latencyLiveEmitMs),
                    dir.path()),
                spec.commandLine().getOut())
            .run();
      }
      return 0;
    }

    static ProcessingGuarantee guarantee(String value) {
      for (ProcessingGuarantee g : ProcessingGuarantee.values()) {
        if (g.configValue().equals(value)) {
          return g;
        }
      }
      throw new IllegalArgumentException(
          "--guarantee: unknown value '" + value + "'; expected exactly_once_v2 or at_least_once");
    }
  }
}
