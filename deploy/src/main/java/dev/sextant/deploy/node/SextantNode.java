package dev.sextant.deploy.node;

import dev.sextant.deploy.config.NewsSettings;
import dev.sextant.deploy.config.SextantConfig;
import dev.sextant.deploy.demo.DemoChain;
import dev.sextant.deploy.demo.DemoNews;
import dev.sextant.deploy.http.HttpEndpoint;
import dev.sextant.deploy.kafka.EmbeddedKafka;
import dev.sextant.deploy.kafka.EmbeddedKafkaConfig;
import dev.sextant.deploy.kafka.TopicReconciler;
import dev.sextant.ingest.chain.ChainConfig;
import dev.sextant.ingest.market.Protocols;
import dev.sextant.ingest.news.poll.NewsSourceConfig;
import dev.sextant.schemas.registry.Registry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The all-in-one node: the embedded broker (when configured), the topics reconciled with the
 * catalog, then every part this build has, started in order and stopped in reverse.
 */
public final class SextantNode implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SextantNode.class);

  private final SextantConfig config;
  private final NodeMode mode;
  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private String bootstrap;
  private Registry registry;
  private QueryPart query;
  private volatile IngestPart ingest; // read by /health without the node's lock
  private volatile ChainPart chains; // read by /health without the node's lock
  private volatile NewsPart news; // read by /health without the node's lock
  private volatile StreamsPart streams; // read by /health without the node's lock
  private final Protocols protocols;
  private HttpEndpoint http;
  private JvmGcMetrics gcMetrics;

  public SextantNode(SextantConfig config, NodeMode mode) {
    this(config, mode, Protocols.builtIn());
  }

  /** A node whose sources speak {@code protocols}. */
  public SextantNode(SextantConfig config, NodeMode mode, Protocols protocols) {
    this.config = config;
    this.mode = mode;
    this.protocols = protocols;
  }

  /**
   * Starts the broker, the topics, the query side and the derived streams (waiting a bounded time
   * for them to run); returns when the node serves queries. The sources start separately ({@link
   * #startSources()}) so that consumers are ready before data flows. On failure, stops what
   * started.
   */
  public void start() throws Exception {
    long begin = System.nanoTime();
    try {
      bindJvmMetrics();
      String bootstrap = config.kafka().clientBootstrap();
      if (config.kafka().embedded()) {
        EmbeddedKafka kafka =
            new EmbeddedKafka(
                new EmbeddedKafkaConfig(
                    config.dataDir().resolve("kafka"),
                    config.kafka().host(),
                    config.kafka().port(),
                    config.kafka().controllerPort(),
                    config.memory().kafkaCleanerBufferMb(),
                    Map.of()));
        kafka.start();
        started.push(kafka);
        bootstrap = kafka.bootstrapServers();
      }
      reconcileTopics(bootstrap);
      Registry registry = Registry.loadDefault();
      startStreams(bootstrap, registry);

      query = new QueryPart(bootstrap, config, registry, meters);
      query.start();
      started.push(query);

      http =
          new HttpEndpoint(
              config.http().port(),
              meters,
              () -> query.isReady(),
              this::problems,
              this::sourceStates);
      http.start();
      started.push(http);

      this.bootstrap = bootstrap;
      this.registry = registry;
      Duration rebuild = query.awaitReady();
      StreamsPart derived = streams;
      if (derived != null) {
        derived.awaitRunning();
      }
      log.info(
          "Sextant node ready in {} ms ({} mode): gRPC on {}, HTTP on {}, Kafka at {} (views rebuilt in {} ms)",
          (System.nanoTime() - begin) / 1_000_000,
          mode.name().toLowerCase(java.util.Locale.ROOT),
          config.grpc().port(),
          http.boundPort(),
          bootstrap,
          rebuild.toMillis());
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /**
   * Starts the derived streams once the topics exist; they join their group and restore their
   * stores while the query side rebuilds its views, and stop after it.
   */
  private void startStreams(String bootstrap, Registry registry) {
    if (!config.streams().enabled()) {
      log.info("Derived streams are off (streams.enabled=false)");
      return;
    }
    StreamsPart part = StreamsPart.kafka(config, bootstrap, registry, meters);
    started.push(part);
    part.start();
    streams = part;
  }

  /**
   * Starts the sources of the mode: the configured replay, live feeds, chains and news feeds for
   * {@code up}; the demo captures, the demo's local chain and its local news feeds for {@code
   * demo}.
   */
  public synchronized void startSources() throws Exception {
    ingest = IngestPart.forMode(mode, bootstrap, config, protocols, registry, meters);
    try {
      ingest.start();
    } catch (Exception | Error e) {
      ingest.close();
      throw e;
    }
    started.push(ingest);
    List<ChainConfig> chainConfigs =
        switch (mode) {
          case UP -> config.chain().enabled(registry);
          case DEMO -> demoChain();
        };
    if (!chainConfigs.isEmpty()) {
      ChainPart part = ChainPart.kafka(chainConfigs, bootstrap, config, registry, meters);
      started.push(part);
      part.start();
      chains = part;
    }
    Optional<NewsSourceConfig> newsConfig =
        switch (mode) {
          case UP -> configuredNews();
          case DEMO -> demoNews();
        };
    if (newsConfig.isPresent()) {
      NewsPart part = NewsPart.kafka(newsConfig.get(), bootstrap, config, meters);
      // Pushed after the feeds' server in the demo, so the poller stops before its server does.
      started.push(part);
      part.start();
      news = part;
    }
  }

  /** The enabled news feeds of the configuration; none when news is off or no feed is on. */
  private Optional<NewsSourceConfig> configuredNews() {
    if (!config.news().enabled()) {
      log.info("News is off (news.enabled=false)");
      return Optional.empty();
    }
    NewsSourceConfig source = config.news().sourceConfig();
    if (source.feeds().isEmpty()) {
      log.info("No news feed is enabled under news.feeds");
      return Optional.empty();
    }
    NewsSettings.impoliteIntervals(source).forEach(log::warn);
    return Optional.of(source);
  }

  /** The demo's news feeds, served from a local server; none if it cannot listen. */
  private Optional<NewsSourceConfig> demoNews() {
    try {
      DemoNews demo = DemoNews.start();
      started.push(demo);
      return Optional.of(demo.config());
    } catch (IOException e) {
      log.warn("demo: cannot serve the demo news feeds ({}); running without news", e.toString());
      return Optional.empty();
    }
  }

  /** The demo's local chain, started; none when the build has no EVM toolchain. */
  private List<ChainConfig> demoChain() {
    Optional<DemoChain> demo = DemoChain.start(config.dataDir().resolve("demo"));
    demo.ifPresent(started::push);
    return demo.map(d -> List.of(d.config())).orElse(List.of());
  }

  /**
   * Completes when the ingest source has nothing more to send (a finished replay); never for live
   * sources.
   */
  public CompletableFuture<?> ingestDone() {
    return ingest == null ? CompletableFuture.completedFuture(null) : ingest.done();
  }

  /**
   * What keeps the node from being healthy: the derived streams failed or stopped, each live feed
   * that stopped or stays disconnected, each chain tailer that failed, and the news source failing
   * (or every news feed failing), by name and reason.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    StreamsPart derived = streams;
    if (derived != null) {
      problems.addAll(derived.problems());
    }
    IngestPart sources = ingest;
    if (sources == null) {
      return problems;
    }
    sources.feedHealth().stream()
        .filter(h -> !h.healthy())
        .map(h -> "live feed '" + h.feed() + "': " + h.reason())
        .forEach(problems::add);
    ChainPart tailers = chains;
    if (tailers != null) {
      problems.addAll(tailers.problems());
    }
    NewsPart newsPart = news;
    if (newsPart != null) {
      problems.addAll(newsPart.problems());
    }
    return problems;
  }

  /**
   * Where the derived streams and each source that reports its state stand (each chain tailer, the
   * news source and each of its feeds), for {@code /health}.
   */
  public List<String> sourceStates() {
    List<String> states = new ArrayList<>();
    StreamsPart derived = streams;
    if (derived != null) {
      states.addAll(derived.statusLines());
    }
    ChainPart tailers = chains;
    if (tailers != null) {
      states.addAll(tailers.statusLines());
    }
    NewsPart newsPart = news;
    if (newsPart != null) {
      states.addAll(newsPart.statusLines());
    }
    return states;
  }

  /** The metrics registry scraped at {@code /metrics}. */
  public PrometheusMeterRegistry meters() {
    return meters;
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops every started part in reverse order: ingest commits, consumers close, the broker last.
   */
  @Override
  public synchronized void close() {
    if (stopped.getCount() == 0) {
      return;
    }
    long begin = System.nanoTime();
    while (!started.isEmpty()) {
      AutoCloseable part = started.pop();
      try {
        part.close();
      } catch (Exception e) {
        log.warn("Stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
      }
    }
    if (gcMetrics != null) {
      gcMetrics.close();
    }
    meters.close();
    log.info("Sextant node stopped in {} ms", (System.nanoTime() - begin) / 1_000_000);
    stopped.countDown();
  }

  private void bindJvmMetrics() {
    new JvmMemoryMetrics().bindTo(meters);
    new JvmThreadMetrics().bindTo(meters);
    new ProcessorMetrics().bindTo(meters);
    gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(meters);
  }

  private void reconcileTopics(String bootstrap) {
    TopicReconciler.reconcileCatalog(bootstrap, config.kafka().replicationFactor());
  }
}
