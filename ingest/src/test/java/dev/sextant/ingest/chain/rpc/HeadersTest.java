package dev.sextant.ingest.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.ingest.chain.rpc.RpcException.Kind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.EthBlock;

class HeadersTest {

  static String hash(int n) {
    return String.format("0x%064x", n);
  }

  static BlockHeader header(long number, int hash, int parent) {
    return new BlockHeader(
        number, hash(hash), hash(parent), Instant.ofEpochSecond(1_700_000_000 + number));
  }

  @Test
  void shouldAcceptBlocksThatLinkByParentHash() {
    Headers.checkLinked(10, List.of(header(10, 10, 9), header(11, 11, 10), header(12, 12, 11)));
    Headers.checkLinked(10, List.of());
  }

  @Test
  void shouldRefuseBlocksThatDoNotLinkAsInconsistent() {
    List<BlockHeader> forked = List.of(header(10, 10, 9), header(11, 99, 98), header(12, 12, 99));

    assertThatThrownBy(() -> Headers.checkLinked(10, forked))
        .isInstanceOfSatisfying(
            RpcException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.INCONSISTENT);
              assertThat(e.getMessage()).contains("block 11");
            });
  }

  @Test
  void shouldRefuseAMissingOrMisnumberedBlockAsInconsistent() {
    assertThatThrownBy(
            () -> Headers.checkLinked(10, List.of(header(10, 10, 9), header(12, 12, 10))))
        .isInstanceOfSatisfying(
            RpcException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INCONSISTENT));
  }

  @Test
  void shouldReadAHeaderFromANodesBlockInLowerCase() {
    EthBlock.Block block = new EthBlock.Block();
    block.setNumber("0x1b");
    block.setHash("0x" + "AB".repeat(32));
    block.setParentHash(hash(26));
    block.setTimestamp("0x6553f100");

    assertThat(Headers.of("eth_getBlockByNumber", block))
        .isEqualTo(
            new BlockHeader(
                27, "0x" + "ab".repeat(32), hash(26), Instant.ofEpochSecond(0x6553f100)));
  }

  @Test
  void shouldTakeAMalformedBlockAsATransportFault() {
    EthBlock.Block block = new EthBlock.Block();
    block.setNumber("27");
    block.setHash(hash(27));
    block.setParentHash(hash(26));
    block.setTimestamp("0x1");

    assertThatThrownBy(() -> Headers.of("eth_getBlockByNumber", block))
        .isInstanceOfSatisfying(
            RpcException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSPORT));

    block.setNumber("0x1b");
    block.setHash(null);
    assertThatThrownBy(() -> Headers.of("eth_getBlockByNumber", block))
        .isInstanceOfSatisfying(
            RpcException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSPORT));
  }

  @Test
  void shouldReadQuantities() {
    assertThat(Quantity.parse("0x0")).isZero();
    assertThat(Quantity.parse("0xffffffffff")).isEqualTo(0xffffffffffL);
    assertThat(Quantity.encode(255)).isEqualTo("0xff");
    for (String bad : new String[] {"", "0x", "12", "0xzz", "0x1ffffffffffffffff", null}) {
      assertThatThrownBy(() -> Quantity.parse(bad)).isInstanceOf(NumberFormatException.class);
    }
  }
}
