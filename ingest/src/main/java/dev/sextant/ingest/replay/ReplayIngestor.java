package dev.sextant.ingest.replay;

import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.Protocols;
import dev.sextant.ingest.sink.BatchSink;
import dev.sextant.ingest.sink.PipelinedSink;
import dev.sextant.ingest.sink.TransactionalSink;
import dev.sextant.schemas.registry.Registry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a recorded capture of any market protocol into the market topics on a background thread,
 * exactly once across restarts.
 */
public final class ReplayIngestor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReplayIngestor.class);

  private final ReplayConfig config;
  private final BatchSink sink;
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final ReplayRun run;
  private final CompletableFuture<ReplaySummary> completion = new CompletableFuture<>();
  private Thread thread; // guarded by this
  private boolean closed; // guarded by this

  /**
   * The production wiring: a transactional Kafka sink and the capture's protocol from {@code
   * protocols}.
   *
   * @throws IllegalArgumentException when {@code protocols} has no protocol of the config's name
   */
  public ReplayIngestor(
      String bootstrapServers,
      ReplayConfig config,
      Protocols protocols,
      Registry registry,
      MeterRegistry meters) {
    this(
        config,
        protocols.require(config.protocol()),
        new PipelinedSink(
            new TransactionalSink(bootstrapServers, config.sinkConfig()),
            config.sinkConfig().sourceId()),
        registry,
        meters,
        Clock.systemUTC());
  }

  /** A replay of a {@code protocol} capture into {@code sink}, which it owns and closes. */
  public ReplayIngestor(
      ReplayConfig config,
      MarketProtocol protocol,
      BatchSink sink,
      Registry registry,
      MeterRegistry meters,
      Clock clock) {
    if (!protocol.name().equals(config.protocol())) {
      throw new IllegalArgumentException(
          "replay of a " + config.protocol() + " capture given protocol " + protocol.name());
    }
    this.config = config;
    this.sink = sink;
    this.run = new ReplayRun(config, sink, protocol, registry, meters, clock, stopSignal);
  }

  /** Starts the replay thread; {@link #completion()} says when it is done. */
  public synchronized void start() {
    if (thread != null || closed) {
      throw new IllegalStateException(
          "replay of '" + config.sourceId() + "' " + (closed ? "is closed" : "already started"));
    }
    thread =
        Thread.ofPlatform()
            .name("sextant-replay-" + config.sourceId())
            .daemon(true)
            .unstarted(this::runToCompletion);
    thread.start();
  }

  /**
   * Completes with the summary at the end of the file or after {@link #close()}; completes
   * exceptionally when the replay fails (I/O error, Kafka error, fenced by another instance).
   */
  public CompletableFuture<ReplaySummary> completion() {
    return completion;
  }

  private void runToCompletion() {
    try {
      completion.complete(run.run());
    } catch (Throwable e) {
      if (TransactionalSink.isFatal(e)) {
        log.error("replay of '{}' stops: another instance took over its source", config.sourceId());
      } else {
        log.error("replay of '{}' failed", config.sourceId(), e);
      }
      completion.completeExceptionally(e);
      if (e instanceof Error error) {
        throw error;
      }
    } finally {
      sink.close();
    }
  }

  /**
   * Stops the replay: the thread commits the batch it holds and closes the sink. If it does not
   * finish within the close timeout it is interrupted, and then the sink is closed under it.
   */
  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      running = thread;
    }
    stopSignal.countDown();
    if (running == null) {
      sink.close();
      completion.cancel(false);
      return;
    }
    try {
      if (!running.join(config.closeTimeout())) {
        log.warn(
            "replay of '{}' did not stop in {}: interrupting",
            config.sourceId(),
            config.closeTimeout());
        running.interrupt();
        if (!running.join(config.closeTimeout())) {
          log.warn("replay of '{}' still running: closing its sink under it", config.sourceId());
          sink.close();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sink.close();
    }
  }
}
