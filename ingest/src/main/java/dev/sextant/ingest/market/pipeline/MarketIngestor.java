package dev.sextant.ingest.market.pipeline;

import dev.sextant.ingest.market.FeedConfig;
import dev.sextant.ingest.market.FrameListener;
import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.Protocols;
import dev.sextant.ingest.market.feed.ConnectionStatus;
import dev.sextant.ingest.sink.BatchSink;
import dev.sextant.ingest.sink.SinkConfig;
import dev.sextant.ingest.sink.TransactionalSink;
import dev.sextant.schemas.registry.Registry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live market feed into Kafka: the feed's connections, the {@link MarketPipeline} and a
 * transactional sink, records and cursor committed together.
 *
 * <p>A venue cannot replay its stream from a position, so the cursor a live feed commits ({@code
 * <connection>:<receive epoch nanos>} of the last frame of each transaction) is informational: it
 * says where the feed stood, and a restart starts from the venue's present, not from it. What a
 * restart may repeat: trades the venue sends again on subscribe, which the sessions' trade dedupe
 * only covers within one run (it is in memory), so consumers that need it dedupe by instrument and
 * trade id; books start again from a fresh snapshot, which consumers apply as a reset.
 */
public final class MarketIngestor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MarketIngestor.class);

  /**
   * The most records a feed holds while it cannot commit; past it they are dropped rather than
   * exhaust the node's memory, and every connection reconnects so that each book starts again from
   * a snapshot after the hole. 100,000 trades are about 20 MB.
   */
  static final int MAX_UNCOMMITTED = 100_000;

  /**
   * How long a connection may stay down before the feed reports itself unhealthy: longer than the
   * reconnect backoff's cap, so that a venue restarting is not reported, one that stays away is.
   */
  static final Duration DOWN_TOO_LONG = Duration.ofSeconds(90);

  /**
   * How long commits may keep failing before the feed reports itself unhealthy: a broker hiccup or
   * leader election passes within it, an outage does not.
   */
  static final Duration COMMITS_FAILING_TOO_LONG = Duration.ofSeconds(30);

  /** How often the watcher looks for a feed that stopped. */
  private static final long WATCH_MILLIS = 1_000;

  /** How long a failed commit waits before it is tried again, while frames keep coming. */
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final FeedConfig feedConfig;
  private final SinkConfig sinkConfig;
  private final MarketProtocol protocol;
  private final BatchSink sink;
  private final Registry registry;
  private final MeterRegistry meters;
  private final FeedFactory feeds;
  private MarketPipeline pipeline; // guarded by this
  private LiveFeed feed; // guarded by this
  private Committing committing; // guarded by this
  private boolean closed; // guarded by this
  private long startedAtNanos; // guarded by this
  private boolean failureLogged; // guarded by this
  private Thread watcher; // guarded by this

  /**
   * The production wiring: the protocol of {@code feed} from {@code protocols}, a transactional
   * Kafka sink for {@code sinkConfig}, and the WebSocket connection layer.
   *
   * @throws IllegalArgumentException when the feed's protocol is unknown
   */
  public MarketIngestor(
      String bootstrapServers,
      FeedConfig feed,
      SinkConfig sinkConfig,
      Protocols protocols,
      Registry registry,
      MeterRegistry meters) {
    this(
        feed,
        sinkConfig,
        protocols.require(feed.protocol()),
        new TransactionalSink(bootstrapServers, sinkConfig),
        registry,
        meters,
        FeedFactory.webSocket());
  }

  /**
   * A feed into {@code sink}, which it owns and closes, with the connection layer of {@code feeds}.
   */
  public MarketIngestor(
      FeedConfig feed,
      SinkConfig sinkConfig,
      MarketProtocol protocol,
      BatchSink sink,
      Registry registry,
      MeterRegistry meters,
      FeedFactory feeds) {
    this.feedConfig = feed;
    this.sinkConfig = sinkConfig;
    this.protocol = protocol;
    this.sink = sink;
    this.registry = registry;
    this.meters = meters;
    this.feeds = feeds;
  }

  /** The source id of a live feed of {@code protocol}, as the node names it. */
  public static String sourceId(String feedName) {
    return "market-" + feedName;
  }

  /**
   * Takes over the source in Kafka (fencing an older instance) and connects. Blocks while the sink
   * starts (bounded by its start timeout).
   */
  public synchronized void start() {
    if (closed || feed != null) {
      throw new IllegalStateException(
          "feed '" + sinkConfig.sourceId() + "' " + (closed ? "is closed" : "already started"));
    }
    Optional<String> last = sink.start();
    log.info(
        "live feed '{}' ({}, {} instruments) starts; last committed position {} (informational)",
        sinkConfig.sourceId(),
        protocol.name(),
        feedConfig.instruments().size(),
        last.orElse("none"));
    pipeline = new MarketPipeline(protocol, sinkConfig, sink, meters);
    committing = new Committing(pipeline);
    feed = feeds.create(protocol, feedConfig, registry, pipeline, committing, meters);
    committing.feed = feed;
    feed.start();
    startedAtNanos = System.nanoTime();
    // A feed that stops has no frame left to report it with: watch it from outside.
    watcher =
        Thread.ofVirtual().name("sextant-feed-watch-" + sinkConfig.sourceId()).start(this::watch);
  }

  private void watch() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        if (!health().healthy() && stopped()) {
          return; // logged once by health(); nothing will change any more
        }
        Thread.sleep(WATCH_MILLIS);
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  private synchronized boolean stopped() {
    return closed || (feed != null && !feed.isRunning());
  }

  /**
   * Whether the feed delivers: unhealthy when it stopped (a session or the listener threw; logged
   * at ERROR once), when another instance took its source over, when commits have been failing for
   * longer than {@link #COMMITS_FAILING_TOO_LONG}, or when a connection has been down for longer
   * than {@link #DOWN_TOO_LONG}.
   */
  public synchronized FeedHealth health() {
    String name = sinkConfig.sourceId();
    if (closed) {
      return new FeedHealth(name, true, "closed");
    }
    if (feed == null) {
      return new FeedHealth(name, true, "not started");
    }
    if (!feed.isRunning()) {
      String reason =
          "stopped: "
              + feed.failure().map(Throwable::toString).orElse("the feed is no longer running");
      if (!failureLogged) {
        failureLogged = true;
        log.error(
            "live feed '{}' ({}) {}; it delivers nothing until the node restarts",
            name,
            protocol.name(),
            reason);
      }
      return new FeedHealth(name, false, reason);
    }
    if (committing.fenced) {
      return new FeedHealth(
          name, false, "fenced: another instance took over the source; this one publishes nothing");
    }
    long now = System.nanoTime();
    RuntimeException commitFailure = committing.failure;
    if (commitFailure != null) {
      Duration failing = Duration.ofNanos(now - committing.failingSinceNanos);
      if (failing.compareTo(COMMITS_FAILING_TOO_LONG) > 0) {
        return new FeedHealth(
            name, false, "commits failing for " + failing.toSeconds() + " s: " + commitFailure);
      }
    }
    long upNanos = now - startedAtNanos;
    List<String> down = new ArrayList<>();
    for (ConnectionStatus connection : feed.status()) {
      if (connection.connected()) {
        continue;
      }
      // Never heard from: down since the feed started.
      Duration silent = connection.lastFrameAge().orElse(Duration.ofNanos(upNanos));
      if (silent.compareTo(DOWN_TOO_LONG) > 0) {
        down.add(
            (connection.label().isEmpty() ? "connection" : "connection " + connection.label())
                + " down for "
                + silent.toSeconds()
                + " s ("
                + connection.reconnects()
                + " reconnects)");
      }
    }
    if (!down.isEmpty()) {
      return new FeedHealth(name, false, "disconnected: " + String.join(", ", down));
    }
    return new FeedHealth(name, true, "running");
  }

  /** Disconnects, commits what the feed delivered, and closes the sink. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (watcher != null) {
      watcher.interrupt();
    }
    try {
      if (feed != null) {
        feed.close();
        if (feed.isStopped()) {
          pipeline.flush(); // the pump thread has ended: the pipeline is ours now
        } else {
          // Still blocked downstream (in a commit): flushing from here would race it.
          log.warn(
              "live feed '{}': the pump is still running after close; its uncommitted records are"
                  + " not flushed",
              sinkConfig.sourceId());
        }
      }
    } catch (RuntimeException e) {
      log.warn(
          "live feed '{}': the last {} records could not be committed: {}",
          sinkConfig.sourceId(),
          pipeline.uncommitted(),
          e.toString());
    } finally {
      sink.close();
    }
  }

  /**
   * The pipeline as the feed's listener, with a commit failure contained: the feed keeps running
   * and the batch is tried again a little later, unless another instance took the source over.
   */
  private final class Committing implements FrameListener {
    private final MarketPipeline pipeline;
    private volatile LiveFeed feed; // set before the feed starts
    private long retryAtNanos;
    private boolean failing;
    // Read by health() on other threads.
    private volatile boolean fenced;
    private volatile RuntimeException failure; // the last commit failure while failing
    private volatile long failingSinceNanos;

    Committing(MarketPipeline pipeline) {
      this.pipeline = pipeline;
    }

    @Override
    public void frame(String connection, String frame, long receivedEpochNanos) {
      pipeline.frame(connection, frame, receivedEpochNanos);
    }

    @Override
    public void oversized(
        String connection, String head, long totalBytes, long receivedEpochNanos) {
      pipeline.oversized(connection, head, totalBytes, receivedEpochNanos);
    }

    @Override
    public void tick(long nanoTime) {
      if (fenced) {
        pipeline.dropUncommitted(); // nothing can be published any more
        return;
      }
      if (failing && pipeline.uncommitted() > MAX_UNCOMMITTED) {
        int dropped = pipeline.dropUncommitted();
        log.error(
            "live feed '{}': dropped {} records it could not commit; every connection reconnects"
                + " so that books start again from a snapshot after the hole",
            sinkConfig.sourceId(),
            dropped);
        // The sessions carry on from state the topics never saw: book deltas that would link to
        // dropped updates. Reconnecting makes each report a gap and publish a fresh snapshot.
        feed.reconnectAll("dropped " + dropped + " uncommitted records");
      }
      if (failing && nanoTime - retryAtNanos < 0) {
        return;
      }
      try {
        pipeline.tick(nanoTime);
        if (failing) {
          failing = false;
          failure = null;
          log.info("live feed '{}': commits resumed", sinkConfig.sourceId());
        }
      } catch (RuntimeException e) {
        if (TransactionalSink.isFatal(e)) {
          fenced = true;
          // No reconnect: this instance publishes nothing any more, and the one that took over
          // starts its books from snapshots of its own.
          pipeline.dropUncommitted();
          log.error(
              "live feed '{}' stops publishing: another instance took over its source",
              sinkConfig.sourceId());
          return;
        }
        if (!failing) {
          log.warn(
              "live feed '{}': commit failed, retrying every second: {}",
              sinkConfig.sourceId(),
              e.toString());
          failingSinceNanos = nanoTime;
        }
        failure = e;
        failing = true;
        retryAtNanos = nanoTime + RETRY_NANOS;
      }
    }
  }
}
