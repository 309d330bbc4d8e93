package dev.sextant.deploy.chain;

import dev.sextant.ingest.chain.rpc.ChainRpc;
import dev.sextant.ingest.chain.rpc.NewHeads;
import dev.sextant.ingest.chain.rpc.RpcSettings;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Builds a chain's RPC clients: the one place that names their implementations ({@code
 * Web3jChainRpc} over HTTP, {@code WebSocketHeads} for pushed heads), which land with the RPC
 * layer.
 */
public final class ChainClients {

  private ChainClients() {}

  /** The JSON-RPC client over {@code settings.httpUrl()}. */
  public static ChainRpc rpc(RpcSettings settings, MeterRegistry meters, String chain) {
    // With the RPC layer: return new Web3jChainRpc(settings, meters, chain);
    throw new UnsupportedOperationException("the chain RPC client is not built yet");
  }

  /** The {@code newHeads} subscription over the WebSocket URL; {@link NewHeads#NONE} without. */
  public static NewHeads heads(RpcSettings settings, MeterRegistry meters, String chain) {
    if (settings.wsUrl().isEmpty()) {
      return NewHeads.NONE;
    }
    // With the RPC layer: return new WebSocketHeads(settings.wsUrl().get(), settings, meters,
    // chain);
    throw new UnsupportedOperationException("the WebSocket head subscription is not built yet");
  }
}
