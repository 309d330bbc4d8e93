package dev.sextant.deploy.chain;

import dev.sextant.ingest.chain.rpc.ChainRpc;
import dev.sextant.ingest.chain.rpc.NewHeads;
import dev.sextant.ingest.chain.rpc.RpcSettings;
import dev.sextant.ingest.chain.rpc.Web3jChainRpc;
import dev.sextant.ingest.chain.rpc.WebSocketHeads;
import io.micrometer.core.instrument.MeterRegistry;

/** Builds a chain's RPC clients: the one place that names their implementations. */
public final class ChainClients {

  private ChainClients() {}

  /** The JSON-RPC client over {@code settings.httpUrl()}. */
  public static ChainRpc rpc(RpcSettings settings, MeterRegistry meters, String chain) {
    return new Web3jChainRpc(settings, meters, chain);
  }

  /** The {@code newHeads} subscription over the WebSocket URL; {@link NewHeads#NONE} without. */
  public static NewHeads heads(RpcSettings settings, MeterRegistry meters, String chain) {
    return settings
        .wsUrl()
        .<NewHeads>map(ws -> new WebSocketHeads(ws, settings, meters, chain))
        .orElse(NewHeads.NONE);
  }
}
