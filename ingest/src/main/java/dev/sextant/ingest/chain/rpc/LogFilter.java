package dev.sextant.ingest.chain.rpc;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The {@code eth_getLogs} filter object: a block hash (EIP-234) or a block range, and the
 * addresses. web3j's EthFilter cannot name a block hash and several addresses at once.
 *
 * @param blockHash the one block, or null for a range
 * @param fromBlock the range's first block as a quantity, or null
 * @param toBlock the range's last block as a quantity, or null
 * @param address the contracts, or null for every log
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LogFilter(String blockHash, String fromBlock, String toBlock, List<String> address) {

  static LogFilter block(String hash, List<String> addresses) {
    return new LogFilter(hash, null, null, addresses.isEmpty() ? null : addresses);
  }

  static LogFilter range(long from, long to, List<String> addresses) {
    return new LogFilter(
        null, Quantity.encode(from), Quantity.encode(to), addresses.isEmpty() ? null : addresses);
  }
}
