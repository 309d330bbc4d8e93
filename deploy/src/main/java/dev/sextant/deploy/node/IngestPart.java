package dev.sextant.deploy.node;

import dev.sextant.deploy.config.SextantConfig;
import dev.sextant.deploy.demo.BundledCapture;
import dev.sextant.ingest.market.FeedConfig;
import dev.sextant.ingest.market.Protocols;
import dev.sextant.ingest.market.pipeline.FeedHealth;
import dev.sextant.ingest.market.pipeline.MarketIngestor;
import dev.sextant.ingest.replay.ReplayConfig;
import dev.sextant.ingest.replay.ReplayIngestor;
import dev.sextant.ingest.sink.SinkConfig;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's sources: the live market feeds and the configured replay for {@code up}; the bundled
 * capture of every protocol for {@code demo}.
 */
final class IngestPart implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IngestPart.class);

  private final List<ReplayIngestor> replays;
  private final List<MarketIngestor> feeds;
  private final List<MarketIngestor> started = new ArrayList<>();

  private IngestPart(List<ReplayIngestor> replays, List<MarketIngestor> feeds) {
    this.replays = replays;
    this.feeds = feeds;
  }

  static IngestPart forMode(
      NodeMode mode,
      String bootstrap,
      SextantConfig config,
      Protocols protocols,
      Registry registry,
      MeterRegistry meters) {
    List<ReplayConfig> replayConfigs = new ArrayList<>();
    List<MarketIngestor> feeds = new ArrayList<>();
    switch (mode) {
      case DEMO -> replayConfigs.addAll(demoReplays(config, protocols));
      case UP -> {
        SextantConfig.Replay replay = config.ingest().replay();
        if (!replay.file().isBlank()) {
          replayConfigs.add(
              replayOf(Path.of(replay.file()), replay.protocol(), replay.speed(), config));
        }
        feeds.addAll(liveFeeds(bootstrap, config, protocols, registry, meters));
      }
    }
    if (replayConfigs.isEmpty() && feeds.isEmpty()) {
      log.info("No sources configured: no replay file and no enabled market feed");
    }
    List<ReplayIngestor> replays = new ArrayList<>();
    for (ReplayConfig c : replayConfigs) {
      replays.add(new ReplayIngestor(bootstrap, c, protocols, registry, meters));
    }
    return new IngestPart(replays, feeds);
  }

  /**
   * The bundled capture of every protocol Sextant speaks (a protocol without one is skipped), or
   * the configured capture file.
   */
  private static List<ReplayConfig> demoReplays(SextantConfig config, Protocols protocols) {
    SextantConfig.Demo demo = config.demo();
    if (!demo.capture().equals("bundled")) {
      protocols.require(demo.protocol());
      return List.of(replayOf(Path.of(demo.capture()), demo.protocol(), demo.speed(), config));
    }
    List<ReplayConfig> replays = new ArrayList<>();
    Path dir = config.dataDir().resolve("demo");
    for (String protocol : protocols.names()) {
      Optional<Path> file = BundledCapture.extractTo(dir, protocol);
      if (file.isEmpty()) {
        log.warn("demo: no bundled capture for {}; skipping it", protocol);
        continue;
      }
      replays.add(replayOf(file.get(), protocol, demo.speed(), config));
    }
    if (replays.isEmpty()) {
      log.warn("demo: no bundled capture for any of the protocols {}", protocols.names());
    }
    return replays;
  }

  /** A {@link MarketIngestor} per enabled feed, unless live feeds are off. */
  private static List<MarketIngestor> liveFeeds(
      String bootstrap,
      SextantConfig config,
      Protocols protocols,
      Registry registry,
      MeterRegistry meters) {
    SextantConfig.Market market = config.market();
    if (!market.enabled()) {
      log.info("Live market feeds are off (market.enabled=false)");
      return List.of();
    }
    List<MarketIngestor> feeds = new ArrayList<>();
    for (Map.Entry<String, SextantConfig.Feed> e : new TreeMap<>(market.feeds()).entrySet()) {
      SextantConfig.Feed feed = e.getValue();
      if (!feed.enabled()) {
        continue;
      }
      FeedConfig feedConfig = feedConfig(e.getKey(), feed);
      checkPlan(e.getKey(), feedConfig, protocols);
      feeds.add(
          new MarketIngestor(
              bootstrap,
              feedConfig,
              sinkConfig(MarketIngestor.sourceId(e.getKey()), config),
              protocols,
              registry,
              meters));
    }
    return feeds;
  }

  /**
   * The ingest side of a configured feed.
   *
   * @throws IllegalArgumentException naming the feed when an instrument or endpoint is wrong
   */
  static FeedConfig feedConfig(String name, SextantConfig.Feed feed) {
    if (feed.instruments().isEmpty()) {
      throw new IllegalArgumentException("market.feeds." + name + ": no instruments");
    }
    List<Instrument> instruments = new ArrayList<>();
    for (String id : feed.instruments()) {
      try {
        instruments.add(Instrument.parse(id));
      } catch (RuntimeException ex) {
        throw new IllegalArgumentException(
            "market.feeds."
                + name
                + ".instruments: '"
                + id
                + "' is not an instrument id"
                + " (venue:BASE-QUOTE[-SUFFIX])",
            ex);
      }
    }
    FeedConfig config = FeedConfig.of(feed.protocol(), instruments);
    if (!feed.endpoint().isBlank()) {
      config =
          config.withEndpoints(
              uri(name, "endpoint", feed.endpoint()),
              feed.restEndpoint().isBlank()
                  ? null
                  : uri(name, "rest-endpoint", feed.restEndpoint()));
    } else if (!feed.restEndpoint().isBlank()) {
      config =
          new FeedConfig(
              config.protocol(),
              Optional.empty(),
              Optional.of(uri(name, "rest-endpoint", feed.restEndpoint())),
              config.instruments(),
              config.initialBackoff(),
              config.maxBackoff(),
              config.connectTimeout(),
              config.maxFrameBytes());
    }
    return config;
  }

  /** A feed the protocol cannot plan (an instrument of another venue) fails here, by name. */
  private static void checkPlan(String name, FeedConfig feed, Protocols protocols) {
    var protocol =
        protocols
            .find(feed.protocol())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "market.feeds."
                            + name
                            + ".protocol: unknown protocol '"
                            + feed.protocol()
                            + "'; known protocols: "
                            + String.join(", ", protocols.names())));
    try {
      protocol.plan(feed.endpoint().orElse(protocol.defaultEndpoint()), feed.instruments());
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("market.feeds." + name + ": " + ex.getMessage(), ex);
    }
  }

  private static URI uri(String feed, String key, String text) {
    try {
      return URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "market.feeds." + feed + "." + key + ": '" + text + "' is not a URI", e);
    }
  }

  /**
   * A replay whose source id names the file, so that its committed cursor (a line number) is never
   * applied to another file.
   */
  private static ReplayConfig replayOf(
      Path file, String protocol, double speed, SextantConfig config) {
    String name =
        file.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return ReplayConfig.of(file)
        .withProtocol(protocol)
        .withSinkConfig(sinkConfig("replay-" + name, config, speed))
        .withSpeed(speed);
  }

  /** A live source's batching and producer memory, from the node's configuration. */
  static SinkConfig sinkConfig(String sourceId, SextantConfig config) {
    return sinkConfig(sourceId, config, 1);
  }

  /** The batching and producer memory of a source read at {@code speed} (0 = full speed). */
  private static SinkConfig sinkConfig(String sourceId, SextantConfig config, double speed) {
    SinkConfig defaults = SinkConfig.of(sourceId);
    return new SinkConfig(
        sourceId,
        config.ingest().transactionMaxRecords(speed),
        Duration.ofMillis(config.ingest().transactionLingerMs(speed)),
        defaults.startTimeout(),
        defaults.closeTimeout(),
        Map.of(
            ProducerConfig.BUFFER_MEMORY_CONFIG,
            Long.toString(config.memory().producerBufferMb() * 1024L * 1024L)));
  }

  /** Starts the replays, then connects each live feed (each first takes over its source). */
  void start() {
    replays.forEach(ReplayIngestor::start);
    for (MarketIngestor feed : feeds) {
      feed.start();
      synchronized (started) {
        started.add(feed);
      }
    }
  }

  /** The health of each started live feed. */
  List<FeedHealth> feedHealth() {
    synchronized (started) {
      return started.stream().map(MarketIngestor::health).toList();
    }
  }

  /**
   * Completes when every replay has finished and there is no live feed; a node without sources is
   * done at once, one with live feeds never.
   */
  CompletableFuture<?> done() {
    if (!feeds.isEmpty()) {
      return new CompletableFuture<>();
    }
    return CompletableFuture.allOf(
        replays.stream().map(ReplayIngestor::completion).toArray(CompletableFuture[]::new));
  }

  @Override
  public void close() {
    for (MarketIngestor feed : feeds) {
      feed.close();
    }
    replays.forEach(ReplayIngestor::close);
  }
}
