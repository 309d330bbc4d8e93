package dev.sextant.deploy.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.sextant.ingest.chain.ChainConfig;
import dev.sextant.ingest.chain.decode.EventSignatures;
import dev.sextant.ingest.chain.decode.PoolRegistry;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.http.HttpService;

/**
 * The demo chain on a real Anvil node: its contracts, the configuration it gives the tailer, the
 * scripted traffic on chain, and a restart that continues the same chain.
 */
class DemoChainIT {

  @TempDir Path dir;

  @Test
  void shouldDeployTheDemoContractsSendEveryKindOfTrafficAndContinueTheChainAfterARestart()
      throws Exception {
    assumeFalse(Boolean.getBoolean("sextant.evm.skip"), "EVM toolchain skipped");
    ChainConfig first;
    long blocksBefore;
    try (DemoChain chain = DemoChain.start(dir).orElseThrow()) {
      first = chain.config();
      assertThat(first.name()).isEqualTo("demo");
      assertThat(first.sourceId()).isEqualTo("chain-demo");
      assertThat(first.chainId()).isEqualTo(31_337);
      assertThat(first.confirmations()).isEqualTo(3);
      assertThat(first.startBlock()).isZero();
      assertThat(first.stopBlock()).isEmpty();
      assertThat(first.treasury()).contains(DemoChain.TREASURY.toLowerCase(Locale.ROOT));
      assertThat(first.rpc().wsUrl()).isPresent();
      assertThat(first.tokens())
          .extracting(PoolRegistry.Token::symbol, PoolRegistry.Token::decimals)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("USDC", 6),
              org.assertj.core.groups.Tuple.tuple("WETH", 18));
      String usdc = first.tokens().get(0).address();
      String weth = first.tokens().get(1).address();
      assertThat(first.pools()).hasSize(2);
      for (PoolRegistry.Pool pool : first.pools()) {
        // The pool's own order: token0 is the lower address.
        assertThat(pool.token0().address()).isLessThan(pool.token1().address());
        assertThat(Set.of(pool.token0().symbol(), pool.token1().symbol()))
            .containsExactlyInAnyOrder("USDC", "WETH");
      }
      assertThat(first.contracts())
          .containsExactlyInAnyOrder(
              usdc, weth, first.pools().get(0).address(), first.pools().get(1).address());

      Web3j web3j = Web3j.build(new HttpService(first.rpc().httpUrl().toString()));
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () -> {
                  List<Log> logs = logs(web3j, first);
                  Set<String> kinds =
                      logs.stream().map(l -> l.getTopics().get(0)).collect(Collectors.toSet());
                  assertThat(kinds)
                      .contains(
                          EventSignatures.TRANSFER_TOPIC,
                          EventSignatures.WETH_DEPOSIT_TOPIC,
                          EventSignatures.V2_SWAP_TOPIC,
                          EventSignatures.V2_SYNC_TOPIC,
                          EventSignatures.V3_SWAP_TOPIC);
                  // A USDC payment into the treasury: the deposit the tailer turns into credit.
                  assertThat(logs)
                      .anyMatch(
                          l ->
                              l.getAddress().equalsIgnoreCase(usdc)
                                  && l.getTopics().get(0).equals(EventSignatures.TRANSFER_TOPIC)
                                  && l.getTopics()
                                      .get(2)
                                      .endsWith(
                                          DemoChain.TREASURY
                                              .substring(2)
                                              .toLowerCase(Locale.ROOT)));
                });
        // A block a second once deployed, with or without traffic.
        long now = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> web3j.ethBlockNumber().send().getBlockNumber().longValueExact() > now);
        blocksBefore = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
      } finally {
        web3j.shutdown();
      }
    }
    assertThat(dir.resolve("chain/anvil-state.json")).isRegularFile();
    assertThat(Files.size(dir.resolve("chain/anvil-state.json"))).isPositive();

    try (DemoChain again = DemoChain.start(dir).orElseThrow()) {
      // The same contracts on the same chain, which goes on from where it stopped.
      assertThat(again.config().contracts()).isEqualTo(first.contracts());
      assertThat(again.config().pools()).isEqualTo(first.pools());
      Web3j web3j = Web3j.build(new HttpService(again.config().rpc().httpUrl().toString()));
      try {
        assertThat(web3j.ethBlockNumber().send().getBlockNumber().longValueExact())
            .isGreaterThanOrEqualTo(blocksBefore);
      } finally {
        web3j.shutdown();
      }
    }
  }

  private static List<Log> logs(Web3j web3j, ChainConfig chain) throws java.io.IOException {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.ZERO),
            DefaultBlockParameterName.LATEST,
            List.copyOf(chain.contracts()));
    EthLog answer = web3j.ethGetLogs(filter).send();
    return answer.getLogs().stream().map(r -> (Log) r.get()).toList();
  }
}
