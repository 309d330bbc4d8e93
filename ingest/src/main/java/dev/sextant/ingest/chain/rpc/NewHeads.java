package dev.sextant.ingest.chain.rpc;

import java.util.function.Consumer;

/**
 * A push source of new block headers ({@code eth_subscribe("newHeads")} over WebSocket). It only
 * makes the tail faster: the tailer polls over HTTP whenever it is not {@link #connected()}, so a
 * dropped socket costs latency, never a block.
 */
public interface NewHeads extends AutoCloseable {

  /** No push source: an HTTP-only RPC URL. The tailer polls. */
  NewHeads NONE =
      new NewHeads() {
        @Override
        public void start(Consumer<BlockHeader> onHead) {}

        @Override
        public boolean connected() {
          return false;
        }

        @Override
        public void close() {}
      };

  /**
   * Connects and delivers each new head to {@code onHead} on the subscription's own thread; returns
   * at once. Reconnects (and resubscribes) with backoff after a drop until closed.
   */
  void start(Consumer<BlockHeader> onHead);

  /** Whether the subscription is up now. */
  boolean connected();

  @Override
  void close();
}
