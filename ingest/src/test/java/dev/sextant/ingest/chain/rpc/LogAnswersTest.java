package dev.sextant.ingest.chain.rpc;

import static dev.sextant.ingest.chain.rpc.HeadersTest.hash;
import static dev.sextant.ingest.chain.rpc.HeadersTest.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.ingest.chain.decode.EvmLog;
import dev.sextant.ingest.chain.rpc.RpcException.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.EthLog;

class LogAnswersTest {

  private static final String TOKEN = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
  private static final String TRANSFER =
      "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

  private static final List<BlockHeader> BLOCKS =
      List.of(header(10, 10, 9), header(11, 11, 10), header(12, 12, 11));

  private static EthLog.LogResult<?> log(long block, int blockHash, int index, boolean removed) {
    return new EthLog.LogObject(
        removed,
        "0x" + Integer.toHexString(index),
        "0x0",
        hash(1000 + index),
        hash(blockHash),
        "0x" + Long.toHexString(block),
        TOKEN,
        "0x" + "00".repeat(31) + "2a",
        null,
        List.of(TRANSFER, hash(1), hash(2)));
  }

  @Test
  void shouldStampEachLogWithItsBlocksHeaderInChainOrder() {
    List<EvmLog> logs =
        LogAnswers.stamp(
            31_337,
            BLOCKS,
            List.of(log(10, 10, 0, false), log(12, 12, 1, true), log(12, 12, 0, false)));

    assertThat(logs)
        .containsExactly(
            new EvmLog(
                31_337,
                TOKEN,
                List.of(TRANSFER, hash(1), hash(2)),
                "0x" + "00".repeat(31) + "2a",
                10,
                hash(10),
                0,
                hash(1000),
                false,
                BLOCKS.get(0).time()),
            new EvmLog(
                31_337,
                TOKEN,
                List.of(TRANSFER, hash(1), hash(2)),
                "0x" + "00".repeat(31) + "2a",
                12,
                hash(12),
                0,
                hash(1000),
                false,
                BLOCKS.get(2).time()),
            new EvmLog(
                31_337,
                TOKEN,
                List.of(TRANSFER, hash(1), hash(2)),
                "0x" + "00".repeat(31) + "2a",
                12,
                hash(12),
                1,
                hash(1001),
                true,
                BLOCKS.get(2).time()));
  }

  @Test
  void shouldRefuseALogOfAnotherBlockAtTheSameHeightAsInconsistent() {
    assertThatThrownBy(() -> LogAnswers.stamp(1, BLOCKS, List.of(log(11, 77, 0, false))))
        .isInstanceOfSatisfying(
            RpcException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.INCONSISTENT);
              assertThat(e.getMessage()).contains("block 11");
            });
  }

  @Test
  void shouldRefuseALogOutsideTheBlocksAsInconsistent() {
    assertThatThrownBy(() -> LogAnswers.stamp(1, BLOCKS, List.of(log(13, 13, 0, false))))
        .isInstanceOfSatisfying(
            RpcException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INCONSISTENT));
  }

  @Test
  void shouldTakeAMalformedLogAsATransportFault() {
    EthLog.LogResult<?> noIndex =
        new EthLog.LogObject(
            false, null, "0x0", hash(5), hash(10), "0xa", TOKEN, "0x", null, List.of(TRANSFER));
    EthLog.LogResult<?> noTransaction =
        new EthLog.LogObject(
            false, "0x0", "0x0", null, hash(10), "0xa", TOKEN, "0x", null, List.of(TRANSFER));

    for (EthLog.LogResult<?> bad : List.of(noIndex, noTransaction, new EthLog.Hash(hash(3)))) {
      assertThatThrownBy(() -> LogAnswers.stamp(1, BLOCKS, List.of(bad)))
          .isInstanceOfSatisfying(
              RpcException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSPORT));
    }
  }
}
