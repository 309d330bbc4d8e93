package dev.sextant.ingest.chain.rpc;

import dev.sextant.ingest.chain.decode.EvmLog;
import dev.sextant.ingest.chain.testing.AnvilNode;
import dev.sextant.ingest.chain.testing.AnvilRpc;
import dev.sextant.ingest.chain.testing.TestContracts;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint112;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.http.HttpService;

/**
 * A test node with the stablecoin and a V2 pair deployed, a way to make logs, and the node's own
 * answers (read with web3j's stock HTTP service) to compare the client under test with.
 */
final class ChainTraffic implements AutoCloseable {

  static final long CHAIN_ID = 31_337;

  final AnvilNode node;
  final Web3j web3j;
  final AnvilRpc anvil;
  final TestContracts contracts;
  final String token;
  final String pair;

  private ChainTraffic(AnvilNode node) throws Exception {
    this.node = node;
    HttpService http = new HttpService(node.httpUrl().toString());
    this.web3j = Web3j.build(http);
    this.anvil = new AnvilRpc(http);
    this.contracts = new TestContracts(web3j, CHAIN_ID, TestContracts.DEV_ACCOUNT);
    String supply = FunctionEncoder.encodeConstructor(List.of(new Uint256(1_000_000_000_000L)));
    this.token = contracts.deploy("TestStablecoin", supply).getContractAddress();
    String pairArgs =
        FunctionEncoder.encodeConstructor(
            List.of(new Address(token), new Address(TestContracts.DEV_ACCOUNT_2.getAddress())));
    this.pair = contracts.deploy("TestV2Pair", pairArgs).getContractAddress();
  }

  /** A fresh auto-mining node with the contracts deployed. */
  static ChainTraffic start() throws Exception {
    AnvilNode node = AnvilNode.autoMine(CHAIN_ID);
    try {
      return new ChainTraffic(node);
    } catch (Exception e) {
      node.close();
      throw e;
    }
  }

  /** A stablecoin transfer: one block with one Transfer log. */
  void transfer(long amount) throws Exception {
    String data =
        FunctionEncoder.encode(
            new Function(
                "transfer",
                List.of(new Address(TestContracts.DEV_ACCOUNT_2.getAddress()), new Uint256(amount)),
                List.of()));
    contracts.send(token, data, BigInteger.ZERO);
  }

  /** A pair swap: one block with a Swap and a Sync log. */
  void swap(long amountIn) throws Exception {
    String data =
        FunctionEncoder.encode(
            new Function(
                "swap",
                List.of(
                    new Uint256(amountIn),
                    new Uint256(0),
                    new Uint256(0),
                    new Uint256(amountIn / 2),
                    new Address(TestContracts.DEV_ACCOUNT.getAddress()),
                    new Uint112(1_000_000),
                    new Uint112(2_000_000)),
                List.of()));
    contracts.send(pair, data, BigInteger.ZERO);
  }

  long head() throws Exception {
    return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
  }

  /** The node's block {@code number} as web3j reads it. */
  EthBlock.Block block(long number) throws Exception {
    return web3j
        .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
        .send()
        .getBlock();
  }

  BlockHeader header(long number) throws Exception {
    EthBlock.Block block = block(number);
    return new BlockHeader(
        block.getNumber().longValueExact(),
        block.getHash(),
        block.getParentHash(),
        Instant.ofEpochSecond(block.getTimestamp().longValueExact()));
  }

  List<BlockHeader> headers(long from, long to) throws Exception {
    List<BlockHeader> headers = new ArrayList<>();
    for (long n = from; n <= to; n++) {
      headers.add(header(n));
    }
    return headers;
  }

  /** The logs the node reports for blocks {@code from..to} of {@code addresses} (all if none). */
  List<EvmLog> logs(long from, long to, String... addresses) throws Exception {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
            List.of(addresses));
    List<EvmLog> logs = new ArrayList<>();
    for (EthLog.LogResult<?> result : web3j.ethGetLogs(filter).send().getLogs()) {
      Log log = (Log) result.get();
      long number = log.getBlockNumber().longValueExact();
      logs.add(
          new EvmLog(
              CHAIN_ID,
              log.getAddress(),
              log.getTopics(),
              log.getData(),
              number,
              log.getBlockHash(),
              log.getLogIndex().intValueExact(),
              log.getTransactionHash(),
              log.isRemoved(),
              Instant.ofEpochSecond(block(number).getTimestamp().longValueExact())));
    }
    return logs;
  }

  @Override
  public void close() {
    web3j.shutdown();
    node.close();
  }
}
