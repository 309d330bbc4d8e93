package dev.sextant.deploy.node;

import dev.sextant.deploy.chain.ChainClients;
import dev.sextant.deploy.config.SextantConfig;
import dev.sextant.ingest.chain.ChainConfig;
import dev.sextant.ingest.chain.rpc.ChainRpc;
import dev.sextant.ingest.chain.rpc.NewHeads;
import dev.sextant.ingest.chain.tail.ChainTailer;
import dev.sextant.ingest.chain.tail.KafkaPublishedEvents;
import dev.sextant.ingest.chain.tail.TailerStatus;
import dev.sextant.ingest.sink.SinkConfig;
import dev.sextant.ingest.sink.TransactionalSink;
import dev.sextant.schemas.registry.Registry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's chain tailers: one per chain, each on its own thread, each into its own transactional
 * sink. A chain that fails is reported by {@code /health}; it does not stop the node or the other
 * sources.
 */
final class ChainPart implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ChainPart.class);

  /** How long a stopping tailer may take to finish its block before its clients are closed. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  /** After an interrupt, how long a busy tailer gets to leave its call. */
  static final Duration INTERRUPT_GRACE = Duration.ofSeconds(2);

  /**
   * A chain retrying failures for longer than this is reported as out of service: nodes restart and
   * rate limits pass within it, a wrong URL or key never does.
   */
  static final Duration RETRYING_TOO_LONG = Duration.ofSeconds(60);

  /** A chain's tailer and what it owns, as the part runs it. */
  interface Tailer {
    /** Runs until stopped, or to the chain's stop block. */
    void run();

    TailerStatus status();

    /** Makes {@link #run()} return at the next block boundary; from any thread. */
    void stop();

    /** Releases the sink and the RPC clients once {@link #run()} has returned. */
    void release();
  }

  /** Builds the tailer of a chain. */
  @FunctionalInterface
  interface TailerFactory {
    Tailer create(ChainConfig chain);
  }

  private final List<ChainConfig> chains;
  private final TailerFactory factory;
  private final List<Running> running = new ArrayList<>();

  ChainPart(List<ChainConfig> chains, TailerFactory factory) {
    this.chains = List.copyOf(chains);
    this.factory = factory;
  }

  /** The production wiring: Kafka sinks of the node's batching, the RPC clients, the tailer. */
  static ChainPart kafka(
      List<ChainConfig> chains,
      String bootstrap,
      SextantConfig config,
      Registry registry,
      MeterRegistry meters) {
    return new ChainPart(
        chains,
        chain ->
            kafkaTailer(
                chain,
                IngestPart.sinkConfig(chain.sourceId(), config),
                bootstrap,
                registry,
                meters));
  }

  private static Tailer kafkaTailer(
      ChainConfig chain,
      SinkConfig sinkConfig,
      String bootstrap,
      Registry registry,
      MeterRegistry meters) {
    TransactionalSink sink = new TransactionalSink(bootstrap, sinkConfig);
    ChainRpc rpc = null;
    NewHeads heads = NewHeads.NONE;
    try {
      rpc = ChainClients.rpc(chain.rpc(), meters, chain.name());
      heads = ChainClients.heads(chain.rpc(), meters, chain.name());
      ChainTailer tailer =
          new ChainTailer(
              chain,
              registry,
              rpc,
              heads,
              sink,
              sinkConfig,
              meters,
              Clock.systemUTC(),
              new KafkaPublishedEvents(bootstrap));
      return new ClientsTailer(tailer, sink, rpc, heads);
    } catch (RuntimeException | Error e) {
      new ClientsTailer(null, sink, rpc, heads).release();
      throw e;
    }
  }

  /** A {@link ChainTailer} and the clients it was given, released together. */
  private record ClientsTailer(
      ChainTailer tailer, TransactionalSink sink, ChainRpc rpc, NewHeads heads) implements Tailer {

    @Override
    public void run() {
      tailer.run();
    }

    @Override
    public TailerStatus status() {
      return tailer.status();
    }

    @Override
    public void stop() {
      tailer.close();
    }

    @Override
    public void release() {
      heads.close();
      if (rpc != null) {
        rpc.close();
      }
      sink.close();
    }
  }

  /** Starts a thread per chain; a chain whose tailer cannot be built is reported as failed. */
  void start() {
    for (ChainConfig chain : chains) {
      Running r = new Running(chain);
      synchronized (running) {
        running.add(r);
      }
      try {
        r.tailer = factory.create(chain);
      } catch (RuntimeException e) {
        r.fail(e);
        continue;
      }
      log.info(
          "chain '{}' (chain id {}): tailing {} from its cursor, else from {}; {} confirmations",
          chain.name(),
          chain.chainId(),
          chain.rpc().httpUrl(),
          chain.startBlock() < 0 ? "the head" : "block " + chain.startBlock(),
          chain.confirmations());
      r.thread = Thread.ofPlatform().name("sextant-chain-" + chain.name()).start(r::run);
    }
  }

  /** Each chain whose tailer failed, by name and reason; empty when all deliver. */
  List<String> problems() {
    return snapshot().stream()
        .filter(Running::failed)
        .map(r -> "chain '" + r.chain.name() + "': FAILED: " + r.reason())
        .toList();
  }

  /** Where each chain stands, one line each, for {@code /health}. */
  List<String> statusLines() {
    return snapshot().stream().map(Running::describe).toList();
  }

  private List<Running> snapshot() {
    synchronized (running) {
      return List.copyOf(running);
    }
  }

  /** Stops every tailer, waits for each to finish its block, then closes its clients. */
  @Override
  public void close() {
    List<Running> all = snapshot();
    all.forEach(Running::stop);
    all.forEach(Running::await);
  }

  /** One chain's tailer and thread. */
  private static final class Running {
    final ChainConfig chain;
    volatile Tailer tailer;
    volatile Thread thread;
    private volatile Throwable failure;
    private volatile boolean stopping;

    Running(ChainConfig chain) {
      this.chain = chain;
    }

    void run() {
      try {
        tailer.run();
        if (!stopping) {
          log.info("chain '{}': reached its stop block; tailer done", chain.name());
        }
      } catch (RuntimeException | Error e) {
        fail(e);
      }
    }

    void fail(Throwable e) {
      failure = e;
      // One line: the tailer logs its own failure with the trace.
      log.error(
          "chain '{}' failed: {}; it publishes nothing until the node restarts",
          chain.name(),
          e.toString());
    }

    boolean failed() {
      return failure != null
          || status()
              .map(s -> s.phase() == TailerStatus.Phase.FAILED || retryingTooLong(s))
              .orElse(false);
    }

    /** Failing for longer than a node outage should last: the chain is out of service. */
    private static boolean retryingTooLong(TailerStatus s) {
      return s.retryingSince()
          .map(since -> since.plus(RETRYING_TOO_LONG).isBefore(Instant.now()))
          .orElse(false);
    }

    String reason() {
      if (failure != null) {
        return failure.toString();
      }
      Optional<TailerStatus> now = status();
      if (now.isPresent()
          && now.get().phase() != TailerStatus.Phase.FAILED
          && now.get().retryingSince().isPresent()) {
        return "retrying since "
            + now.get().retryingSince().get()
            + ": "
            + now.get().lastError().orElse("unknown error");
      }
      return status().flatMap(TailerStatus::lastError).orElse("the tailer failed");
    }

    private Optional<TailerStatus> status() {
      Tailer t = tailer;
      if (t == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(t.status());
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }

    String describe() {
      String name = "chain '" + chain.name() + "' (chain id " + chain.chainId() + "): ";
      if (failure != null) {
        return name + "FAILED: " + failure;
      }
      Optional<TailerStatus> found = status();
      if (found.isEmpty()) {
        return name + "not started";
      }
      TailerStatus s = found.get();
      StringBuilder line = new StringBuilder(name).append(s.phase());
      line.append(", block ").append(s.tip()).append(" of head ").append(s.head());
      line.append(s.pushConnected() ? ", heads pushed" : ", heads polled");
      s.lastBlockAt().ifPresent(t -> line.append(", last block published at ").append(t));
      s.lastError().ifPresent(e -> line.append(", last error: ").append(e));
      return line.toString();
    }

    void stop() {
      stopping = true;
      Tailer t = tailer;
      if (t != null) {
        try {
          t.stop();
        } catch (RuntimeException e) {
          log.warn("chain '{}': stopping failed: {}", chain.name(), e.toString());
        }
      }
    }

    void await() {
      Tailer t = tailer;
      Thread th = thread;
      if (th != null) {
        try {
          if (!th.join(STOP_TIMEOUT)) {
            // Blocked in a call: closing the clients below makes it fail.
            log.warn(
                "chain '{}': tailer still busy after {}; closing its clients",
                chain.name(),
                STOP_TIMEOUT);
            th.interrupt();
            // Let it leave the call it was in before its clients go away under it.
            th.join(INTERRUPT_GRACE);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (t != null) {
        try {
          t.release();
        } catch (RuntimeException e) {
          log.warn("chain '{}': closing its clients failed: {}", chain.name(), e.toString());
        }
      }
    }
  }
}
