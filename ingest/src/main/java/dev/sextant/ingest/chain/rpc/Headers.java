package dev.sextant.ingest.chain.rpc;

import dev.sextant.ingest.chain.rpc.RpcException.Kind;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.web3j.protocol.core.methods.response.EthBlock;

/** Block headers from web3j's blocks, and the check that a run of them is one chain. */
final class Headers {

  private Headers() {}

  /**
   * The header of a block the node returned.
   *
   * @throws RpcException {@link Kind#TRANSPORT} when a field is missing or malformed
   */
  static BlockHeader of(String method, EthBlock.Block block) {
    try {
      return new BlockHeader(
          Quantity.parse(block.getNumberRaw()),
          hash(block.getHash()),
          hash(block.getParentHash()),
          Instant.ofEpochSecond(Quantity.parse(block.getTimestampRaw())));
    } catch (NullPointerException | IllegalArgumentException e) {
      throw RpcErrors.malformed(method, "malformed block: " + e.getMessage());
    }
  }

  private static String hash(String hash) {
    if (hash == null || hash.length() != 66 || !hash.startsWith("0x")) {
      throw new IllegalArgumentException("not a block hash: " + hash);
    }
    return hash.toLowerCase(Locale.ROOT);
  }

  /**
   * Checks that {@code headers} are the blocks {@code from, from + 1, ...} and that each names the
   * previous one as its parent.
   *
   * @throws RpcException {@link Kind#INCONSISTENT} otherwise: the chain moved between the reads
   */
  static void checkLinked(long from, List<BlockHeader> headers) {
    for (int i = 0; i < headers.size(); i++) {
      BlockHeader header = headers.get(i);
      if (header.number() != from + i) {
        throw new RpcException(
            Kind.INCONSISTENT, "asked for block " + (from + i) + ", got " + header.number());
      }
      if (i > 0 && !header.parentHash().equals(headers.get(i - 1).hash())) {
        throw new RpcException(
            Kind.INCONSISTENT,
            "block "
                + header.number()
                + " names parent "
                + header.parentHash()
                + " but block "
                + (header.number() - 1)
                + " is "
                + headers.get(i - 1).hash()
                + ": the chain moved while it was read");
      }
    }
  }
}
