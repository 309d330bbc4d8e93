package dev.sextant.ingest.chain.tail;

import dev.sextant.ingest.chain.ChainConfig;
import dev.sextant.ingest.chain.rpc.ChainRpc;
import dev.sextant.ingest.chain.rpc.NewHeads;
import dev.sextant.ingest.sink.BatchSink;
import dev.sextant.ingest.sink.SinkConfig;
import dev.sextant.schemas.registry.Registry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * Follows one EVM chain into Kafka: resumes from the committed cursor (or the configured start
 * block), backfills by log ranges, then tails new heads block by block, publishing headers, decoded
 * events, DEX trades, retractions after reorgs, finality markers and treasury deposits, each
 * block's records in one transaction with the cursor.
 */
public final class ChainTailer implements AutoCloseable {

  public ChainTailer(
      ChainConfig config,
      Registry registry,
      ChainRpc rpc,
      NewHeads heads,
      BatchSink sink,
      SinkConfig sinkConfig,
      MeterRegistry meters,
      Clock clock) {
    throw new UnsupportedOperationException("not yet built");
  }

  /**
   * Runs on the calling thread until {@link #close()} or, with a stop block, until that block is
   * published. Retryable RPC failures are retried with backoff and never end the run.
   *
   * @throws IllegalStateException the node reports another chain id, or a reorg deeper than the
   *     confirmation depth
   */
  public void run() {
    throw new UnsupportedOperationException("not yet built");
  }

  /** Where the tailer is, for health and the CLI. */
  public TailerStatus status() {
    throw new UnsupportedOperationException("not yet built");
  }

  /** Stops {@link #run()} at the next block boundary; safe from any thread. */
  @Override
  public void close() {}
}
