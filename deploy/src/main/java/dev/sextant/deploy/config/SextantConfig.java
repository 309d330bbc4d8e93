package dev.sextant.deploy.config;

import dev.sextant.ingest.chain.ChainConfig;
import dev.sextant.ingest.news.poll.NewsSourceConfig;
import dev.sextant.schemas.registry.Registry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The node's configuration, bound from {@code sextant-defaults.yaml}, the user's file and the
 * environment. Field names are the YAML keys in kebab-case.
 */
public record SextantConfig(
    Path dataDir,
    Kafka kafka,
    Port grpc,
    Port http,
    Query query,
    Ingest ingest,
    Demo demo,
    Market market,
    Chain chain,
    News news,
    Streams streams,
    Memory memory) {

  /** The broker the node runs or joins. */
  public record Kafka(
      boolean embedded,
      String host,
      int port,
      int controllerPort,
      String bootstrapServers,
      short replicationFactor) {

    /** Where clients connect: the embedded broker, or the configured cluster. */
    public String clientBootstrap() {
      return embedded ? host + ":" + port : bootstrapServers;
    }
  }

  /** A listening port. */
  public record Port(int port) {}

  /** Query node settings. */
  public record Query(int subscriberQueue) {}

  /**
   * Ingest settings shared by every source.
   *
   * @param transactionMaxRecords records per Kafka transaction of a live source or a paced replay
   * @param transactionLingerMs the longest a transaction stays open
   * @param fullSpeedTransactionMaxRecords the same for a replay at full speed (speed 0), which
   *     nobody waits on record by record, so it batches for throughput
   * @param fullSpeedTransactionLingerMs the same for a replay at full speed
   */
  public record Ingest(
      Replay replay,
      int transactionMaxRecords,
      int transactionLingerMs,
      int fullSpeedTransactionMaxRecords,
      int fullSpeedTransactionLingerMs) {

    /** Records per transaction of a source read at {@code speed} (0 = as fast as possible). */
    public int transactionMaxRecords(double speed) {
      return speed == 0 ? fullSpeedTransactionMaxRecords : transactionMaxRecords;
    }

    /** Linger of a transaction of a source read at {@code speed} (0 = as fast as possible). */
    public int transactionLingerMs(double speed) {
      return speed == 0 ? fullSpeedTransactionLingerMs : transactionLingerMs;
    }
  }

  /**
   * A capture to replay.
   *
   * @param protocol the market protocol of the capture's frames
   */
  public record Replay(String file, String protocol, double speed) {}

  /**
   * What {@code sextant demo} replays: {@code bundled} for the capture of every protocol shipped
   * with Sextant, or a capture file of {@code protocol}.
   */
  public record Demo(String capture, String protocol, double speed) {}

  /**
   * The live market feeds {@code up} runs.
   *
   * @param enabled false turns every live feed off (replays still run)
   * @param feeds the feeds by name; a name is also the feed's source id suffix ({@code
   *     market-<name>}), so keep it when editing a feed
   */
  public record Market(boolean enabled, Map<String, Feed> feeds) {
    public Market {
      feeds = feeds == null ? Map.of() : Map.copyOf(feeds);
    }
  }

  /**
   * One live feed.
   *
   * @param protocol the market protocol ({@code coinbase-exchange}, {@code binance}, ...)
   * @param endpoint the WebSocket endpoint; empty for the protocol's default
   * @param restEndpoint the REST endpoint for book snapshots; empty for the protocol's default
   * @param instruments Sextant instrument ids, all of the protocol's venue ({@code
   *     binance:BTC-USDT})
   * @param enabled whether {@code up} runs it
   */
  public record Feed(
      String protocol,
      String endpoint,
      String restEndpoint,
      List<String> instruments,
      boolean enabled) {
    public Feed {
      Objects.requireNonNull(protocol, "a feed needs a protocol");
      endpoint = endpoint == null ? "" : endpoint;
      restEndpoint = restEndpoint == null ? "" : restEndpoint;
      instruments = instruments == null ? List.of() : List.copyOf(instruments);
    }
  }

  /**
   * The EVM chains {@code up} tails.
   *
   * @param chains the chains by name; a name is also the chain's source id suffix ({@code
   *     chain-<name>}), so keep it when editing a chain
   */
  public record Chain(Map<String, ChainEntry> chains) {
    public Chain {
      chains = chains == null ? Map.of() : Map.copyOf(chains);
    }

    /**
     * The enabled chains as the tailer takes them, by name.
     *
     * @throws IllegalArgumentException naming the chain and key when a value is wrong
     */
    public List<ChainConfig> enabled(Registry registry) {
      return new TreeMap<>(chains)
          .entrySet().stream()
              .filter(e -> e.getValue().enabled())
              .map(e -> ChainSettings.toChainConfig(e.getKey(), e.getValue(), registry))
              .toList();
    }
  }

  /**
   * One chain, as written in the configuration; {@link ChainSettings} checks it and turns it into
   * the tailer's {@code ChainConfig}. A key left out takes the default documented in {@code
   * sextant-defaults.yaml}, so a chain added in a file names only what differs.
   *
   * @param enabled whether {@code up} tails it (a chain added in a file is on unless it says not)
   * @param chainId the EIP-155 chain id the node must report
   * @param httpUrl the node's JSON-RPC HTTP URL; every call goes there
   * @param wsUrl the node's WebSocket URL for new heads; empty to poll over HTTP
   * @param confirmations the reorg depth after which a block is final
   * @param startBlock the first block when the source has no cursor yet; -1 for the head
   * @param contracts the watched contracts; empty for every log of a known event signature
   * @param tokens tokens the registry does not list on this chain (a local chain's test tokens)
   * @param pools the DEX pools whose swaps become trades
   * @param treasury the address whose incoming stablecoin transfers are deposits; empty for none
   * @param backfillBlocks the first log query range of a backfill
   * @param backfillMaxBlocks the largest range a backfill grows back to
   * @param pollIntervalMs how often to poll the head while no WebSocket head arrives
   */
  public record ChainEntry(
      Boolean enabled,
      Long chainId,
      String httpUrl,
      String wsUrl,
      Integer confirmations,
      Long startBlock,
      List<String> contracts,
      List<TokenEntry> tokens,
      List<PoolEntry> pools,
      String treasury,
      Integer backfillBlocks,
      Integer backfillMaxBlocks,
      Integer pollIntervalMs) {

    public ChainEntry {
      enabled = enabled == null || enabled;
      httpUrl = httpUrl == null ? "" : httpUrl.strip();
      wsUrl = wsUrl == null ? "" : wsUrl.strip();
      confirmations = confirmations == null ? ChainConfig.DEFAULT_CONFIRMATIONS : confirmations;
      startBlock = startBlock == null ? -1 : startBlock;
      contracts = contracts == null ? List.of() : List.copyOf(contracts);
      tokens = tokens == null ? List.of() : List.copyOf(tokens);
      pools = pools == null ? List.of() : List.copyOf(pools);
      treasury = treasury == null ? "" : treasury.strip();
      backfillBlocks =
          backfillBlocks == null ? ChainConfig.DEFAULT_BACKFILL_BLOCKS : backfillBlocks;
      backfillMaxBlocks =
          backfillMaxBlocks == null ? ChainConfig.DEFAULT_BACKFILL_MAX_BLOCKS : backfillMaxBlocks;
      pollIntervalMs =
          pollIntervalMs == null
              ? (int) ChainConfig.DEFAULT_POLL_INTERVAL.toMillis()
              : pollIntervalMs;
    }
  }

  /**
   * The news feeds {@code up} polls, all in one source ({@code news}): one thread, one cursor
   * holding every feed's validators. {@link NewsSettings} checks it and turns it into the poller's
   * {@code NewsSourceConfig}.
   *
   * @param enabled false turns news polling off
   * @param defaultIntervalSeconds how often a feed is fetched when it names no interval of its own
   * @param hostSpacingMs the least time between two requests to one host
   * @param maxBytes the largest feed body read; a longer one is refused
   * @param connectTimeoutMs bound on opening a connection
   * @param totalTimeoutMs bound on a whole fetch, redirects and body included
   * @param maxRedirects redirects followed before a fetch gives up
   * @param feeds the feeds by name; a name is the {@code source} of the feed's NewsItems and of its
   *     dead letters ({@code news-<name>}), so keep it when editing a feed
   */
  public record News(
      boolean enabled,
      int defaultIntervalSeconds,
      int hostSpacingMs,
      long maxBytes,
      int connectTimeoutMs,
      int totalTimeoutMs,
      int maxRedirects,
      Map<String, NewsFeed> feeds) {
    public News {
      feeds = feeds == null ? Map.of() : Map.copyOf(feeds);
    }

    /**
     * The poller's configuration of the enabled feeds, in name order.
     *
     * @throws IllegalArgumentException naming the key when a value is wrong
     */
    public NewsSourceConfig sourceConfig() {
      return NewsSettings.toSourceConfig(this);
    }
  }

  /**
   * One news feed, as written in the configuration. A key left out takes its default, so a feed
   * added in a file may give only its URL.
   *
   * @param url the feed's http(s) URL
   * @param intervalSeconds how often it is fetched; 0 (or absent) for the news default
   * @param enabled whether {@code up} polls it (a feed added in a file is on unless it says not)
   */
  public record NewsFeed(String url, Integer intervalSeconds, Boolean enabled) {
    public NewsFeed {
      url = url == null ? "" : url.strip();
      intervalSeconds = intervalSeconds == null ? 0 : intervalSeconds;
      enabled = enabled == null || enabled;
    }
  }

  /**
   * The derived streams application (docs/streams/application.md), as written in the configuration;
   * {@link StreamsSettingsMapper} checks it and turns it into the application's settings. Durations
   * are milliseconds.
   *
   * @param enabled whether the node runs the application ({@code sextant streams} ignores it)
   * @param applicationId the Kafka Streams application id, shared by every instance
   * @param guarantee {@code exactly_once_v2} or {@code at_least_once}
   * @param commitIntervalMs how often offsets and state commit; under exactly-once also how long
   *     outputs stay invisible to read_committed readers
   * @param cacheMaxBytes the record cache of all the stores of an instance
   * @param standbyReplicas warm copies of each store on other instances
   * @param threads stream threads of this instance
   * @param stateDir where the local stores live; empty for {@code <data-dir>/streams}
   * @param liveEmitIntervalMs how often live candles are emitted; 0 for one per trade
   * @param candleGraceMs how long after a candle's end late trades still count
   * @param priceStaleAfterMs a venue silent for longer is left out of the consolidated price
   */
  public record Streams(
      boolean enabled,
      String applicationId,
      String guarantee,
      long commitIntervalMs,
      long cacheMaxBytes,
      int standbyReplicas,
      int threads,
      String stateDir,
      long liveEmitIntervalMs,
      long candleGraceMs,
      long priceStaleAfterMs) {

    public Streams {
      applicationId = applicationId == null ? "" : applicationId.strip();
      guarantee = guarantee == null ? "" : guarantee.strip();
      stateDir = stateDir == null ? "" : stateDir.strip();
    }

    /** The same settings with the state under {@code dir}. */
    public Streams withStateDir(String dir) {
      return new Streams(
          enabled,
          applicationId,
          guarantee,
          commitIntervalMs,
          cacheMaxBytes,
          standbyReplicas,
          threads,
          dir,
          liveEmitIntervalMs,
          candleGraceMs,
          priceStaleAfterMs);
    }

    /** The same settings under another guarantee (as written: checked by the mapper). */
    public Streams withGuarantee(String g) {
      return new Streams(
          enabled,
          applicationId,
          g,
          commitIntervalMs,
          cacheMaxBytes,
          standbyReplicas,
          threads,
          stateDir,
          liveEmitIntervalMs,
          candleGraceMs,
          priceStaleAfterMs);
    }
  }

  /** A token of a chain: its contract, registry-style symbol and decimals. */
  public record TokenEntry(String address, String symbol, Integer decimals) {}

  /**
   * A DEX pool: its contract and its two tokens in the pool's own order (token0 is the lower
   * address), each a token of the chain or of the registry.
   */
  public record PoolEntry(String address, String token0, String token1) {}

  /** The explicit memory budget (docs/MEMORY.md). */
  public record Memory(int kafkaCleanerBufferMb, int producerBufferMb, int consumerFetchMb) {}
}
