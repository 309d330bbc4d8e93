package dev.sextant.ingest.chain.tail;

import dev.sextant.ingest.chain.ChainConfig;
import dev.sextant.ingest.chain.decode.DexTrades;
import dev.sextant.ingest.chain.decode.EvmLog;
import dev.sextant.ingest.chain.decode.LogDecoder;
import dev.sextant.ingest.chain.decode.PoolRegistry;
import dev.sextant.ingest.chain.rpc.BlockHeader;
import dev.sextant.ingest.chain.rpc.ChainRpc;
import dev.sextant.ingest.chain.rpc.NewHeads;
import dev.sextant.ingest.chain.rpc.RpcException;
import dev.sextant.ingest.chain.tail.TailerStatus.Phase;
import dev.sextant.ingest.chain.tail.TipChange.Duplicate;
import dev.sextant.ingest.chain.tail.TipChange.Extended;
import dev.sextant.ingest.chain.tail.TipChange.Gap;
import dev.sextant.ingest.chain.tail.TipChange.MissingParent;
import dev.sextant.ingest.chain.tail.TipChange.Reorged;
import dev.sextant.ingest.chain.tail.TipChange.TooDeep;
import dev.sextant.ingest.deadletter.DeadLetters;
import dev.sextant.ingest.retry.RetryBackoff;
import dev.sextant.ingest.sink.Batch;
import dev.sextant.ingest.sink.BatchSink;
import dev.sextant.ingest.sink.SinkConfig;
import dev.sextant.ingest.sink.TransactionalSink;
import dev.sextant.schemas.registry.Registry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one EVM chain into Kafka: resumes from the committed cursor (or the configured start
 * block), backfills by log ranges, then tails new heads block by block, publishing headers, decoded
 * events, DEX trades, retractions after reorgs, finality markers and treasury deposits, each
 * block's records in one transaction with the cursor.
 *
 * <p>The tailer owns none of what it is given: the caller closes the RPC client, the head
 * subscription and the sink after {@link #run()} returns. All chain state lives on the thread that
 * runs it; only {@link #close()} and {@link #status()} are called from other threads.
 */
public final class ChainTailer implements AutoCloseable {

  /** Headers asked per call when filling a gap in the tail (the RPC client batches further). */
  static final int GAP_CHUNK = 1_000;

  private static final Logger log = LoggerFactory.getLogger(ChainTailer.class);

  /** Unwinds {@link #run()} when the tailer is closed or its thread interrupted. */
  private static final class Stop extends RuntimeException {
    Stop() {
      super("stopped", null, false, false);
    }
  }

  private final ChainConfig config;
  private final ChainRpc rpc;
  private final NewHeads heads;
  private final BatchSink sink;
  private final int maxBatchRecords;
  private final Clock clock;
  private final TailerMetrics metrics;
  private final ChainRecords records;
  private final ChainState state;
  private final Resume resume;
  private final HeadInbox inbox = new HeadInbox();
  private final RetryBackoff backoff;
  private final LogRange logRange;
  // One thread reading the next backfill range while the current one commits.
  private final ExecutorService readAhead;
  private Future<Prefetched> ahead;
  private final long pollIntervalNanos;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicBoolean ran = new AtomicBoolean();

  // Owned by the run thread.
  private long knownHead = -1;
  private long lastHeadNanos;
  private Phase phase = Phase.STARTING;
  private long committedTip = -1;
  private String lastError;
  private Instant lastBlockAt;
  private Instant retryingSince;

  private volatile boolean closed;
  private volatile TailerStatus status =
      new TailerStatus(Phase.STARTING, -1, -1, false, Optional.empty(), Optional.empty());

  public ChainTailer(
      ChainConfig config,
      Registry registry,
      ChainRpc rpc,
      NewHeads heads,
      BatchSink sink,
      SinkConfig sinkConfig,
      MeterRegistry meters,
      Clock clock) {
    this(config, registry, rpc, heads, sink, sinkConfig, meters, clock, PublishedEvents.NONE);
  }

  /**
   * A tailer that retracts the events of blocks orphaned while it was down from {@code history}
   * once the node no longer returns those blocks: {@code history} should read back what {@code
   * sink} publishes.
   */
  public ChainTailer(
      ChainConfig config,
      Registry registry,
      ChainRpc rpc,
      NewHeads heads,
      BatchSink sink,
      SinkConfig sinkConfig,
      MeterRegistry meters,
      Clock clock,
      PublishedEvents history) {
    this.config = config;
    this.rpc = rpc;
    this.heads = heads;
    this.sink = sink;
    this.maxBatchRecords = sinkConfig.maxBatchRecords();
    this.clock = clock;
    PoolRegistry pools = new PoolRegistry(config.pools());
    DeadLetters deadLetters = new DeadLetters(config.sourceId());
    this.records = new ChainRecords(config.chainId());
    DexTrades trades = new DexTrades(registry, pools);
    BlockDecoder decoder =
        new BlockDecoder(
            config.chainId(),
            new LogDecoder(registry, pools, config.chainId(), config.tokens()),
            trades,
            records,
            deadLetters);
    TreasuryDeposits deposits =
        new TreasuryDeposits(
            config.chainId(),
            config.treasury(),
            registry,
            config.tokens(),
            config.pools(),
            deadLetters);
    this.state = new ChainState(config, decoder, records, deposits, clock);
    this.resume = new Resume(config, rpc, decoder, records, trades, history, clock);
    Duration initial = config.rpc().initialBackoff();
    this.backoff =
        new RetryBackoff(
            initial.isPositive() ? initial : Duration.ofMillis(1),
            config.rpc().maxBackoff().compareTo(initial) < 0 ? initial : config.rpc().maxBackoff(),
            RandomGenerator.getDefault());
    this.logRange = new LogRange(config.backfillBlocks(), config.backfillMaxBlocks());
    this.readAhead =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform()
                .daemon()
                .name("sextant-chain-" + config.name() + "-readahead")
                .factory());
    this.pollIntervalNanos = config.pollInterval().toNanos();
    this.metrics = new TailerMetrics(meters, config.name(), this::headLag);
  }

  /**
   * Runs on the calling thread until {@link #close()} or, with a stop block, until that block is
   * published. Retryable RPC failures, and a history of published events that cannot be read now,
   * are retried with backoff and never end the run.
   *
   * @throws IllegalStateException the node reports another chain id, or a reorg deeper than the
   *     confirmation depth
   */
  public void run() {
    if (!ran.compareAndSet(false, true)) {
      throw new IllegalStateException("chain tailer '" + config.name() + "' runs only once");
    }
    try {
      Optional<String> position = sink.start();
      lastHeadNanos = System.nanoTime() - pollIntervalNanos; // the first tail step polls at once
      heads.start(inbox::offer);
      boolean restored = false;
      while (true) {
        checkOpen();
        try {
          if (!restored) {
            restore(position);
            restored = true;
          }
          if (stopReached()) {
            sink.awaitCommitted();
            log.info("chain '{}' reached its stop block {}", config.name(), committedTip);
            setPhase(Phase.STOPPED);
            return;
          }
          step();
          backoff.reset();
          lastError = null;
          retryingSince = null;
        } catch (RpcException e) {
          checkOpen();
          retry(e.kind().name().toLowerCase(Locale.ROOT), e, e.retryAfter());
        } catch (PublishedEvents.Unavailable e) {
          checkOpen();
          retry("history", e, Optional.empty());
        }
      }
    } catch (Stop e) {
      setPhase(Phase.STOPPED);
    } catch (CancellationException e) {
      // An RPC call interrupted by the node's shutdown: a stop, not a failure of the chain.
      Thread.currentThread().interrupt();
      setPhase(Phase.STOPPED);
    } catch (RuntimeException e) {
      lastError = e.getMessage() == null ? e.toString() : e.getMessage();
      setPhase(Phase.FAILED);
      log.error("chain '{}' tailer failed: {}", config.name(), lastError, e);
      throw e;
    } finally {
      readAhead.shutdownNow();
    }
  }

  /** Where the tailer is, for health and the CLI. */
  public TailerStatus status() {
    return status;
  }

  /** Stops {@link #run()} at the next block boundary; safe from any thread. */
  @Override
  public void close() {
    closed = true;
    closing.countDown();
    inbox.wake();
  }

  // ---- start

  /**
   * Checks the chain id and restores the chain state: from the checkpoint, or empty at the start
   * block. Changes nothing until every RPC call it needs has answered, so it can be retried.
   */
  private void restore(Optional<String> position) {
    long chainId = rpc.chainId();
    if (chainId != config.chainId()) {
      throw new IllegalStateException(
          "the node at "
              + config.rpc().httpUrl()
              + " serves chain id "
              + chainId
              + ", but chain '"
              + config.name()
              + "' is configured as chain id "
              + config.chainId());
    }
    knownHead = rpc.headNumber();
    if (position.isEmpty()) {
      // -1 starts at the newest final block, not the head: the first block kept has no parent
      // behind it, so a reorg replacing it could never be followed.
      state.startAt(
          config.startBlock() >= 0
              ? config.startBlock()
              : Math.max(0, knownHead - config.confirmations()));
      log.info(
          "chain '{}' (id {}) starts at block {}, head {}",
          config.name(),
          chainId,
          state.start(),
          knownHead);
      return;
    }
    TailCheckpoint checkpoint;
    try {
      checkpoint = TailCheckpoint.parse(position.get());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "cannot resume chain '"
              + config.name()
              + "': the committed cursor of "
              + config.sourceId()
              + " is unreadable: "
              + e.getMessage(),
          e);
    }
    Resume.Resumed resumed = resume.from(checkpoint, knownHead);
    TailTransaction tx = resumed.retractions();
    state.resume(resumed.kept(), resumed.finalized(), resumed.rebuilt(), tx);
    committedTip = state.tip().orElseThrow().number();
    log.info(
        "chain '{}' resumes after block {} (final up to {}), {} unconfirmed blocks rebuilt, head {}",
        config.name(),
        committedTip,
        state.announced(),
        resumed.rebuilt().size(),
        knownHead);
    if (tx.size() > 0) {
      tx.position(state.checkpoint(), committedTip);
      commit(tx);
    }
  }

  // ---- the loop

  private void step() {
    if (nextNumber() <= backfillTarget()) {
      backfillStep();
    } else {
      tailStep();
    }
  }

  private long nextNumber() {
    return state.nextNumber();
  }

  private boolean stopReached() {
    OptionalLong stop = config.stopBlock();
    return stop.isPresent() && nextNumber() > stop.getAsLong();
  }

  /** The last block to backfill: the node's head minus the confirmations, or the stop block. */
  private long backfillTarget() {
    long target = knownHead - config.confirmations();
    OptionalLong stop = config.stopBlock();
    return stop.isPresent() ? Math.min(target, stop.getAsLong()) : target;
  }

  // ---- backfill

  /**
   * Reads one log range, publishes its blocks in transactions of whole blocks. While they commit,
   * the next range is read ahead on another thread: the node and the broker work at the same time.
   */
  private void backfillStep() {
    setPhase(Phase.BACKFILL);
    Prefetched ahead = takeAhead();
    LogRange.Range range;
    List<BlockHeader> headers;
    List<EvmLog> logs = null;
    if (ahead != null && ahead.range().from() == nextNumber()) {
      range = ahead.range();
      headers = ahead.headers();
      logs = ahead.logs();
      knownHead = Math.max(knownHead, ahead.head());
    } else {
      range = logRange.next(nextNumber(), backfillTarget());
      headers = rpc.headers(range.from(), range.to());
    }
    if (headers.isEmpty() || headers.getFirst().number() != range.from()) {
      throw new RpcException(
          RpcException.Kind.INCONSISTENT,
          "asked for headers " + range.from() + ".." + range.to() + ", got another range");
    }
    BlockHeader first = headers.getFirst();
    Optional<BlockRef> last = state.tip();
    if (last.isPresent() && !last.get().isParentOf(first.ref())) {
      // The chain moved under the tip (a reorg while down, or between ranges): resolve it the way
      // the tail does, block by block, then read ranges again.
      follow(first, -1);
      return;
    }
    while (logs == null) {
      try {
        logs = rpc.logs(headers, config.contracts());
      } catch (RpcException e) {
        // A node without a result cap may instead take too long over a wide range: halve too.
        if (e.kind() != RpcException.Kind.RANGE_REFUSED && e.kind() != RpcException.Kind.TIMEOUT) {
          throw e;
        }
        metrics.rangeRefused();
        if (!logRange.refused()) {
          throw new RpcException(
              RpcException.Kind.RPC_ERROR,
              e.code(),
              null,
              "the node refuses the logs of even a single block (" + first.number() + ")",
              e);
        }
        if (headers.size() > logRange.size()) {
          headers = headers.subList(0, (int) logRange.size());
        }
      }
    }
    logRange.succeeded();
    knownHead = Math.max(knownHead, headers.getLast().number());
    boolean readingAhead = startReadAhead(headers.getLast().number() + 1);
    publishRange(headers, byBlock(headers, logs));
    if (!readingAhead) {
      // Where the head is now decides whether the next step backfills again or tails.
      knownHead = rpc.headNumber();
    }
    updateStatus();
  }

  /** A range read ahead, with the head as seen after reading it. */
  private record Prefetched(
      LogRange.Range range, List<BlockHeader> headers, List<EvmLog> logs, long head) {}

  /**
   * Starts reading the range after {@code from} on the read-ahead thread when it is still backfill.
   * The RPC client stays used by one thread at a time: this thread makes no call until it has taken
   * the result ({@link #takeAhead()}).
   */
  private boolean startReadAhead(long from) {
    long target = backfillTarget();
    if (from > target) {
      return false;
    }
    LogRange.Range next = logRange.next(from, target);
    Set<String> contracts = config.contracts();
    ahead =
        readAhead.submit(
            () -> {
              List<BlockHeader> headers = rpc.headers(next.from(), next.to());
              List<EvmLog> logs = rpc.logs(headers, contracts);
              return new Prefetched(next, headers, logs, rpc.headNumber());
            });
    return true;
  }

  /**
   * The range read ahead, or null when none was, or its reading failed: the caller then reads it
   * itself, where refusals and failures are handled (halving, backoff).
   */
  private Prefetched takeAhead() {
    Future<Prefetched> pending = ahead;
    if (pending == null) {
      return null;
    }
    ahead = null;
    try {
      return pending.get();
    } catch (ExecutionException e) {
      // Counted like a failure of this thread's own reads; a refused range is counted when this
      // thread reads it again and halves it.
      if (e.getCause() instanceof RpcException failure
          && failure.kind() != RpcException.Kind.RANGE_REFUSED) {
        metrics.failure(failure.kind().name().toLowerCase(Locale.ROOT));
      }
      log.debug("chain '{}': read-ahead failed, reading again: {}", config.name(), e.getCause());
      return null;
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new Stop();
    }
  }

  private static Map<String, List<EvmLog>> byBlock(List<BlockHeader> headers, List<EvmLog> logs) {
    Map<String, List<EvmLog>> byBlock = new HashMap<>();
    for (BlockHeader header : headers) {
      byBlock.put(header.hash(), new ArrayList<>());
    }
    for (EvmLog log : logs) {
      List<EvmLog> block = byBlock.get(log.blockHash());
      if (block == null) {
        throw new RpcException(
            RpcException.Kind.INCONSISTENT,
            "log " + log.logIndex() + " names block " + log.blockHash() + ", outside the range");
      }
      block.add(log);
    }
    return byBlock;
  }

  /**
   * Publishes consecutive blocks that extend the tip, batching whole blocks up to the sink's record
   * limit per transaction.
   */
  private void publishRange(List<BlockHeader> headers, Map<String, List<EvmLog>> logs) {
    TailTransaction tx = new TailTransaction();
    for (BlockHeader header : headers) {
      TipChange change = state.apply(header);
      if (!(change instanceof Extended extended)) {
        commit(tx); // the blocks before this one are applied: publish them first
        throw new RpcException(
            RpcException.Kind.INCONSISTENT,
            "backfill headers do not link at " + header + ": " + change);
      }
      TailTransaction block = new TailTransaction();
      state.publish(block, header, logs.get(header.hash()), knownHead);
      state.finality(block, extended.newlyFinal());
      block.position(state.checkpoint(), header.number());
      if (tx.hasProgress() && tx.size() + block.size() > maxBatchRecords) {
        commit(tx);
        checkOpen(); // a closed tailer stops here, at a committed block boundary
        tx = new TailTransaction();
      }
      tx.append(block);
    }
    commit(tx);
  }

  // ---- tail

  /**
   * Waits for a pushed head, up to the poll interval since the last head; polls the node when none
   * came (or the subscription is down).
   */
  private void tailStep() {
    setPhase(Phase.TAIL);
    long now = System.nanoTime();
    long wait = pollIntervalNanos - (now - lastHeadNanos);
    if (wait > 0) {
      Optional<HeadInbox.Arrival> arrival;
      try {
        arrival = inbox.poll(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Stop();
      }
      checkOpen();
      if (arrival.isPresent()) {
        if (heads.connected()) {
          lastHeadNanos = arrival.get().arrivedNanos();
        }
        pushed(arrival.get().header(), arrival.get().arrivedNanos());
      }
      return;
    }
    lastHeadNanos = now;
    poll(now);
  }

  /** A head the subscription pushed. */
  private void pushed(BlockHeader head, long arrivedNanos) {
    knownHead = Math.max(knownHead, head.number());
    updateStatus();
    if (nextNumber() <= backfillTarget()) {
      return; // far behind: the next step backfills by ranges
    }
    Optional<BlockRef> last = state.tip();
    if (last.isPresent() && head.number() <= last.get().number()) {
      // An old head, or a reorg to a branch no longer than ours: only the node's canonical block
      // at that height may move the tip, never a stale push.
      if (state.knows(head.hash()) || head.number() < state.oldestKept()) {
        return;
      }
      rpc.header(head.number()).ifPresent(canonical -> follow(canonical, arrivedNanos));
      return;
    }
    follow(head, arrivedNanos);
  }

  /** Asks the node for its head and follows every block up to it. */
  private void poll(long polledNanos) {
    long head = rpc.headNumber();
    knownHead = head;
    updateStatus();
    long next = nextNumber();
    OptionalLong stop = config.stopBlock();
    long last = stop.isPresent() ? Math.min(head, stop.getAsLong()) : head;
    if (next <= last) {
      if (next <= backfillTarget()) {
        return; // far behind: the next step backfills by ranges
      }
      fill(next, last, polledNanos);
    } else if (state.tip().isPresent() && head >= state.oldestKept()) {
      // No new block, but a reorg to a branch no longer than ours shows as another hash here.
      rpc.header(head).ifPresent(canonical -> follow(canonical, -1));
    }
  }

  /**
   * Follows the canonical blocks {@code from..to}; the last one's head arrived at the time given.
   */
  private void fill(long from, long to, long lastArrivedNanos) {
    for (long n = from; n <= to; ) {
      long end = Math.min(to, n + GAP_CHUNK - 1);
      for (BlockHeader header : rpc.headers(n, end)) {
        checkOpen();
        follow(header, header.number() == to ? lastArrivedNanos : -1);
      }
      n = end + 1;
    }
  }

  /**
   * Applies one header the node reports as canonical, publishing each block it adds (and the
   * retractions of the blocks it orphans) in its own transaction.
   */
  private void follow(BlockHeader header, long arrivedNanos) {
    OptionalLong stop = config.stopBlock();
    if (stop.isPresent() && header.number() > stop.getAsLong()) {
      if (nextNumber() <= stop.getAsLong()) {
        fill(nextNumber(), stop.getAsLong(), -1);
      }
      return;
    }
    knownHead = Math.max(knownHead, header.number());
    if (state.tip().isEmpty()) {
      if (header.number() < state.start()) {
        return;
      }
      if (header.number() > state.start()) {
        fill(state.start(), header.number() - 1, -1);
      }
    }
    if (state.knows(header.hash())) {
      return;
    }
    if (state.attaches(header)) {
      // Fetched before the tip moves, so a failed fetch leaves nothing half done.
      List<EvmLog> logs = rpc.logs(header, config.contracts());
      TailTransaction tx = new TailTransaction();
      switch (state.apply(header)) {
        case Extended extended -> {
          state.publish(tx, header, logs, knownHead);
          state.finality(tx, extended.newlyFinal());
        }
        case Reorged reorged -> {
          state.retract(tx, reorged.orphaned());
          state.publish(tx, header, logs, knownHead);
          state.finality(tx, reorged.newlyFinal());
        }
        case TipChange other ->
            throw new IllegalStateException("block " + header + " with a known parent: " + other);
      }
      if (arrivedNanos >= 0) {
        tx.headArrived(arrivedNanos);
      }
      tx.position(state.checkpoint(), header.number());
      commit(tx);
      return;
    }
    switch (state.apply(header)) {
      case Gap gap -> {
        fill(gap.from(), gap.to(), -1);
        follow(header, arrivedNanos);
      }
      case MissingParent missing -> walkBack(header, missing, arrivedNanos);
      case TooDeep tooDeep -> throw tooDeep(tooDeep);
      case Duplicate duplicate -> {}
      case TipChange other ->
          throw new IllegalStateException("block " + header + " with an unknown parent: " + other);
    }
  }

  /**
   * {@code header} is on another branch: fetches its ancestors by parent hash until one is kept,
   * then follows the branch oldest first (a reorg, then extensions).
   */
  private void walkBack(BlockHeader header, MissingParent missing, long arrivedNanos) {
    List<BlockHeader> branch = new ArrayList<>();
    branch.add(header);
    long oldestKept = state.oldestKept();
    String parent = missing.parentHash();
    while (!state.knows(parent)) {
      String wanted = parent;
      BlockHeader ancestor =
          rpc.header(wanted)
              .orElseThrow(
                  () ->
                      new RpcException(
                          RpcException.Kind.INCONSISTENT,
                          "the node no longer knows block "
                              + wanted
                              + " on the branch of "
                              + header.number()
                              + ": the chain moved again"));
      if (ancestor.number() != branch.getFirst().number() - 1) {
        throw new RpcException(
            RpcException.Kind.INCONSISTENT,
            "block " + wanted + " is number " + ancestor.number() + ", not its child's parent");
      }
      branch.addFirst(ancestor);
      if (ancestor.number() <= oldestKept) {
        break; // forks below what is kept: ChainTip answers TooDeep for it
      }
      parent = ancestor.parentHash();
    }
    for (BlockHeader block : branch) {
      follow(block, block == header ? arrivedNanos : -1);
    }
  }

  private IllegalStateException tooDeep(TooDeep tooDeep) {
    return new IllegalStateException(
        "chain '"
            + config.name()
            + "' reorganised deeper than its "
            + config.confirmations()
            + " confirmations: block "
            + tooDeep.block().number()
            + " ("
            + tooDeep.block().hash()
            + ") forks below the oldest kept block "
            + tooDeep.oldestKept()
            + ", which was published as final; refusing to guess: resync the chain from its"
            + " finalized cursor");
  }

  // ---- committing

  /** Writes a transaction, retrying a failed write with backoff until it commits. */
  private void commit(TailTransaction tx) {
    if (!tx.hasProgress()) {
      return;
    }
    Batch batch = tx.batch(records::finalityMarker, clock.instant());
    while (true) {
      try {
        sink.write(batch);
        break;
      } catch (RuntimeException e) {
        if (TransactionalSink.isFatal(e)) {
          throw new IllegalStateException(
              "source "
                  + config.sourceId()
                  + " can write no more (another instance took it over, or Kafka refused it): "
                  + e,
              e);
        }
        checkOpen();
        // The sink aborted the transaction: writing the same batch again is safe.
        retry("sink", e, Optional.empty());
      }
    }
    metrics.committed(batch.records(), tx);
    committedTip = tx.tipNumber();
    lastBlockAt = clock.instant();
    updateStatus();
  }

  // ---- failures and status

  /** Counts a failure and waits with backoff before the caller tries again. */
  private void retry(String kind, RuntimeException e, Optional<Duration> retryAfter) {
    metrics.failure(kind);
    lastError = kind + ": " + e.getMessage();
    if (retryingSince == null) {
      retryingSince = clock.instant();
    }
    setPhase(Phase.RETRYING);
    long waitNanos = backoff.nextNanos(retryAfter);
    log.warn(
        "chain '{}': {}; retrying in {} ms",
        config.name(),
        lastError,
        TimeUnit.NANOSECONDS.toMillis(waitNanos));
    try {
      if (closing.await(waitNanos, TimeUnit.NANOSECONDS)) {
        throw new Stop();
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new Stop();
    }
  }

  private void checkOpen() {
    if (closed || Thread.currentThread().isInterrupted()) {
      throw new Stop();
    }
  }

  private void setPhase(Phase next) {
    phase = next;
    updateStatus();
  }

  private void updateStatus() {
    status =
        new TailerStatus(
            phase,
            committedTip,
            knownHead,
            heads.connected(),
            Optional.ofNullable(lastError),
            Optional.ofNullable(lastBlockAt),
            Optional.ofNullable(retryingSince));
  }

  private Number headLag() {
    TailerStatus now = status;
    return now.head() < 0 || now.tip() < 0 ? 0 : Math.max(0, now.head() - now.tip());
  }
}
