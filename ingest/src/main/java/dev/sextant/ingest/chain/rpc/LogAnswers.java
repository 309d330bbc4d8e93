package dev.sextant.ingest.chain.rpc;

import dev.sextant.ingest.chain.decode.EvmLog;
import dev.sextant.ingest.chain.rpc.RpcException.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The logs an {@code eth_getLogs} answer holds, as {@link EvmLog}s stamped with their headers,
 * after checking that each belongs to the header the caller holds for its block.
 */
final class LogAnswers {

  private static final String METHOD = "eth_getLogs";

  private static final Comparator<EvmLog> CHAIN_ORDER =
      Comparator.comparingLong(EvmLog::blockNumber).thenComparingInt(EvmLog::logIndex);

  private LogAnswers() {}

  /**
   * The logs of {@code blocks} (consecutive, ascending), in block then log-index order.
   *
   * @throws RpcException {@link Kind#INCONSISTENT} for a log outside the blocks or whose block hash
   *     is not its header's; {@link Kind#TRANSPORT} for a malformed log
   */
  static List<EvmLog> stamp(
      long chainId, List<BlockHeader> blocks, List<EthLog.LogResult> results) {
    long first = blocks.getFirst().number();
    List<EvmLog> logs = new ArrayList<>(results.size());
    for (EthLog.LogResult<?> result : results) {
      if (!(result.get() instanceof Log log)) {
        throw RpcErrors.malformed(METHOD, "a log that is a bare hash: " + result.get());
      }
      long number = number(log);
      long offset = number - first;
      if (offset < 0 || offset >= blocks.size()) {
        throw new RpcException(
            Kind.INCONSISTENT,
            "log of block "
                + number
                + " in an answer for blocks "
                + first
                + ".."
                + blocks.getLast().number());
      }
      BlockHeader header = blocks.get((int) offset);
      if (log.getBlockHash() == null) {
        throw RpcErrors.malformed(METHOD, "log without a block hash: " + log);
      }
      if (!header.hash().equalsIgnoreCase(log.getBlockHash())) {
        throw new RpcException(
            Kind.INCONSISTENT,
            "log of block "
                + number
                + " has block hash "
                + log.getBlockHash()
                + " but the header is "
                + header.hash()
                + ": the chain moved");
      }
      logs.add(evmLog(chainId, header, log));
    }
    // Nodes answer in chain order; sorting what is sorted costs one pass.
    logs.sort(CHAIN_ORDER);
    return logs;
  }

  private static EvmLog evmLog(long chainId, BlockHeader header, Log log) {
    try {
      return new EvmLog(
          chainId,
          log.getAddress(),
          log.getTopics(),
          log.getData(),
          header.number(),
          header.hash(),
          Math.toIntExact(Quantity.parse(log.getLogIndexRaw())),
          log.getTransactionHash(),
          log.isRemoved(),
          header.time());
    } catch (NullPointerException | IllegalArgumentException | ArithmeticException e) {
      throw RpcErrors.malformed(METHOD, "malformed log: " + e.getMessage() + " in " + log);
    }
  }

  private static long number(Log log) {
    try {
      return Quantity.parse(log.getBlockNumberRaw());
    } catch (NumberFormatException e) {
      throw RpcErrors.malformed(METHOD, "log without a block number: " + log);
    }
  }
}
