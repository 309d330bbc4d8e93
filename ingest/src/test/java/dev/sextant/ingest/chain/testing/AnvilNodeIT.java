package dev.sextant.ingest.chain.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

class AnvilNodeIT {

  private static final long CHAIN_ID = 31_337;
  private static final Event TRANSFER =
      new Event(
          "Transfer",
          List.of(
              new TypeReference<Address>(true) {},
              new TypeReference<Address>(true) {},
              new TypeReference<Uint256>(false) {}));

  @Test
  void shouldEmitTransferLogFromDeployedStablecoin() throws Exception {
    try (AnvilNode node = AnvilNode.autoMine(CHAIN_ID)) {
      HttpService service = new HttpService(node.httpUrl().toString());
      Web3j web3j = Web3j.build(service);
      try {
        assertThat(web3j.ethChainId().send().getChainId()).isEqualTo(BigInteger.valueOf(CHAIN_ID));
        TestContracts contracts = new TestContracts(web3j, CHAIN_ID, TestContracts.DEV_ACCOUNT);
        String supply = FunctionEncoder.encodeConstructor(List.of(new Uint256(1_000_000_000_000L)));
        String token = contracts.deploy("TestStablecoin", supply).getContractAddress();
        assertThat(token).isNotNull();

        String recipient = TestContracts.DEV_ACCOUNT_2.getAddress();
        String transfer =
            FunctionEncoder.encode(
                new Function(
                    "transfer",
                    List.of(new Address(recipient), new Uint256(1_500_000)),
                    List.of()));
        TransactionReceipt receipt = contracts.send(token, transfer, BigInteger.ZERO);

        assertThat(receipt.getLogs()).hasSize(1);
        Log log = receipt.getLogs().getFirst();
        assertThat(log.getAddress()).isEqualToIgnoringCase(token);
        assertThat(log.getTopics().getFirst()).isEqualTo(EventEncoder.encode(TRANSFER));
        assertThat(log.getTopics().getFirst())
            .isEqualTo("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
        assertThat(topicAddress(log.getTopics().get(1)))
            .isEqualToIgnoringCase(TestContracts.DEV_ACCOUNT.getAddress());
        assertThat(topicAddress(log.getTopics().get(2))).isEqualToIgnoringCase(recipient);
        assertThat(Numeric.toBigInt(log.getData())).isEqualTo(BigInteger.valueOf(1_500_000));
      } finally {
        web3j.shutdown();
      }
    }
  }

  @Test
  void shouldChangeHeadHashOnReorgAndRestoreSnapshot() throws Exception {
    try (AnvilNode node = AnvilNode.autoMine(CHAIN_ID)) {
      HttpService service = new HttpService(node.httpUrl().toString());
      Web3j web3j = Web3j.build(service);
      try {
        AnvilRpc anvil = new AnvilRpc(service);
        String snapshot = anvil.snapshot();
        anvil.mine(3);
        EthBlock.Block before = head(web3j);
        assertThat(before.getNumber()).isEqualTo(BigInteger.valueOf(3));

        anvil.reorg(1);

        EthBlock.Block after = head(web3j);
        assertThat(after.getNumber()).isEqualTo(before.getNumber());
        assertThat(after.getHash()).isNotEqualTo(before.getHash());
        assertThat(after.getParentHash()).isEqualTo(before.getParentHash());

        assertThat(anvil.revert(snapshot)).isTrue();
        assertThat(head(web3j).getNumber()).isEqualTo(BigInteger.ZERO);
      } finally {
        web3j.shutdown();
      }
    }
  }

  @Test
  void shouldEndTheProcessOnClose() throws Exception {
    long pid;
    try (AnvilNode node = AnvilNode.withBlockTime(CHAIN_ID, java.time.Duration.ofSeconds(1))) {
      pid = node.pid();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
    }
    Optional<ProcessHandle> left = ProcessHandle.of(pid);
    assertThat(left.map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  private static EthBlock.Block head(Web3j web3j) throws Exception {
    return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
  }

  private static String topicAddress(String topic) {
    return "0x" + topic.substring(topic.length() - 40);
  }
}
