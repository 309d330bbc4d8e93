package dev.sextant.deploy.chain;

import dev.sextant.ingest.chain.ChainConfig;
import dev.sextant.ingest.chain.decode.PoolRegistry;
import dev.sextant.ingest.chain.rpc.RpcSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Everything a tailer of the test chain needs, passable as command-line arguments to a tailer in
 * another process.
 */
record ChainSetup(
    String name,
    long chainId,
    URI http,
    Optional<URI> ws,
    String usdc,
    String weth,
    String v2Pair,
    String v3Pool,
    int confirmations,
    long startBlock,
    int backfillBlocks,
    int backfillMaxBlocks) {

  ChainSetup withWs(Optional<URI> ws) {
    return new ChainSetup(
        name,
        chainId,
        http,
        ws,
        usdc,
        weth,
        v2Pair,
        v3Pool,
        confirmations,
        startBlock,
        backfillBlocks,
        backfillMaxBlocks);
  }

  ChainSetup withHttp(URI http) {
    return new ChainSetup(
        name,
        chainId,
        http,
        ws,
        usdc,
        weth,
        v2Pair,
        v3Pool,
        confirmations,
        startBlock,
        backfillBlocks,
        backfillMaxBlocks);
  }

  ChainSetup withBackfill(int blocks, int maxBlocks) {
    return new ChainSetup(
        name,
        chainId,
        http,
        ws,
        usdc,
        weth,
        v2Pair,
        v3Pool,
        confirmations,
        startBlock,
        blocks,
        maxBlocks);
  }

  ChainConfig config() {
    PoolRegistry.Token usdcToken = new PoolRegistry.Token(usdc, "USDC", 6);
    PoolRegistry.Token wethToken = new PoolRegistry.Token(weth, "WETH", 18);
    boolean wethIsToken0 = weth.compareTo(usdc) < 0;
    PoolRegistry.Token token0 = wethIsToken0 ? wethToken : usdcToken;
    PoolRegistry.Token token1 = wethIsToken0 ? usdcToken : wethToken;
    RpcSettings rpc =
        new RpcSettings(
            http, ws, Duration.ofSeconds(5), Duration.ofMillis(20), Duration.ofSeconds(2), 8, 100);
    return new ChainConfig(
        name,
        chainId,
        rpc,
        confirmations,
        startBlock,
        OptionalLong.empty(),
        Set.of(usdc, weth, v2Pair, v3Pool),
        List.of(usdcToken, wethToken),
        List.of(
            new PoolRegistry.Pool(v2Pair, token0, token1),
            new PoolRegistry.Pool(v3Pool, token0, token1)),
        Optional.of(AnvilChain.TREASURY),
        backfillBlocks,
        backfillMaxBlocks,
        Duration.ofMillis(200));
  }

  List<String> toArgs() {
    List<String> args = new ArrayList<>();
    args.addAll(List.of(name, Long.toString(chainId), http.toString()));
    args.add(ws.map(URI::toString).orElse("-"));
    args.addAll(List.of(usdc, weth, v2Pair, v3Pool));
    args.addAll(
        List.of(
            Integer.toString(confirmations),
            Long.toString(startBlock),
            Integer.toString(backfillBlocks),
            Integer.toString(backfillMaxBlocks)));
    return args;
  }

  static ChainSetup fromArgs(List<String> args) {
    return new ChainSetup(
        args.get(0),
        Long.parseLong(args.get(1)),
        URI.create(args.get(2)),
        args.get(3).equals("-") ? Optional.empty() : Optional.of(URI.create(args.get(3))),
        args.get(4),
        args.get(5),
        args.get(6),
        args.get(7),
        Integer.parseInt(args.get(8)),
        Long.parseLong(args.get(9)),
        Integer.parseInt(args.get(10)),
        Integer.parseInt(args.get(11)));
  }
}
