package dev.sextant.ingest.chain.rpc;

import static dev.sextant.ingest.chain.rpc.ChainTraffic.CHAIN_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.ingest.chain.decode.EvmLog;
import dev.sextant.ingest.chain.rpc.RpcException.Kind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The RPC client against a real Anvil node: what it reads is what the node reports. */
class Web3jChainRpcIT {

  private static ChainTraffic chain;
  private static Web3jChainRpc rpc;
  private static long firstTraffic;
  private static long lastTraffic;

  @BeforeAll
  static void traffic() throws Exception {
    chain = ChainTraffic.start();
    firstTraffic = chain.head() + 1;
    chain.transfer(1_500_000);
    chain.swap(40_000);
    chain.anvil.mine(3);
    chain.transfer(2_500_000);
    chain.swap(70_000);
    lastTraffic = chain.head();
    rpc = new Web3jChainRpc(settings(), new SimpleMeterRegistry(), "anvil");
  }

  @AfterAll
  static void stop() {
    if (rpc != null) {
      rpc.close();
    }
    if (chain != null) {
      chain.close();
    }
  }

  private static RpcSettings settings() {
    // Batches of 3 so that reading the chain takes several.
    return new RpcSettings(
        chain.node.httpUrl(),
        Optional.empty(),
        Duration.ofSeconds(5),
        Duration.ofMillis(10),
        Duration.ofMillis(100),
        3,
        3);
  }

  @Test
  void shouldReportTheNodesChainIdAndHead() throws Exception {
    assertThat(rpc.chainId()).isEqualTo(CHAIN_ID);
    assertThat(rpc.headNumber()).isEqualTo(chain.head());
  }

  @Test
  void shouldReadHeadersByNumberHashAndBatchAsTheNodeReportsThem() throws Exception {
    long head = chain.head();
    List<BlockHeader> expected = chain.headers(0, head);

    assertThat(rpc.headers(0, head)).isEqualTo(expected);
    assertThat(rpc.header(head)).contains(expected.getLast());
    assertThat(rpc.header(expected.get(2).hash())).contains(expected.get(2));
    assertThat(rpc.header(head + 100)).isEmpty();
    assertThat(rpc.header("0x" + "ab".repeat(32))).isEmpty();
    assertThat(rpc.headers(5, 4)).isEmpty();
  }

  @Test
  void shouldRefuseHeadersPastTheHeadAsInconsistent() throws Exception {
    long head = chain.head();
    assertThatThrownBy(() -> rpc.headers(head - 1, head + 1))
        .isInstanceOfSatisfying(
            RpcException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INCONSISTENT));
  }

  @Test
  void shouldReadEachBlocksLogsByHashAsTheNodeReportsThem() throws Exception {
    int seen = 0;
    for (long n = firstTraffic; n <= lastTraffic; n++) {
      BlockHeader header = chain.header(n);
      List<EvmLog> all = rpc.logs(header, Set.of());
      assertThat(all).isEqualTo(chain.logs(n, n));
      assertThat(rpc.logs(header, Set.of(chain.token))).isEqualTo(chain.logs(n, n, chain.token));
      assertThat(rpc.logs(header, Set.of(chain.token, chain.pair))).isEqualTo(all);
      seen += all.size();
    }
    assertThat(seen).isEqualTo(6);
  }

  @Test
  void shouldReadLogsOverARangeAsTheNodeReportsThem() throws Exception {
    List<BlockHeader> blocks = chain.headers(firstTraffic, lastTraffic);

    List<EvmLog> all = rpc.logs(blocks, Set.of());

    assertThat(all).hasSize(6).isEqualTo(chain.logs(firstTraffic, lastTraffic));
    assertThat(rpc.logs(blocks, Set.of(chain.pair)))
        .hasSize(4)
        .isEqualTo(chain.logs(firstTraffic, lastTraffic, chain.pair));
    assertThat(rpc.logs(List.of(), Set.of())).isEmpty();
  }

  @Test
  void shouldFindTheChainMovedUnderAReadOfLogs() throws Exception {
    try (ChainTraffic moving = ChainTraffic.start();
        Web3jChainRpc client =
            new Web3jChainRpc(
                RpcSettings.of(moving.node.httpUrl(), Optional.empty()),
                new SimpleMeterRegistry(),
                "moving")) {
      moving.transfer(1_000);
      long head = moving.head();
      List<BlockHeader> before = moving.headers(head - 1, head);

      // The transfer's block is replaced by an empty one: its log has nothing to contradict.
      moving.anvil.reorg(1);

      assertThatThrownBy(() -> client.logs(before.getLast(), Set.of()))
          .isInstanceOfSatisfying(
              RpcException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INCONSISTENT));
      assertThatThrownBy(() -> client.logs(before, Set.of()))
          .isInstanceOfSatisfying(
              RpcException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INCONSISTENT));
      assertThat(client.logs(moving.headers(head - 1, head), Set.of())).isEmpty();
    }
  }
}
