package dev.sextant.ingest.chain.rpc;

import dev.sextant.ingest.chain.decode.EvmLog;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON-RPC calls the chain tailer makes, over HTTP. Each call retries rate limits, timeouts and
 * transport errors itself (with backoff, honouring {@code Retry-After}, counted) up to the
 * configured attempts, then throws {@link RpcException}; other failures throw at once. Used by one
 * thread at a time.
 *
 * <p>An interrupt ends a call promptly, whether it is waiting for the node or for its next attempt:
 * the thread's interrupt flag is set again and {@link java.util.concurrent.CancellationException}
 * (unchecked) is thrown.
 */
public interface ChainRpc extends AutoCloseable {

  /** {@code eth_chainId}. */
  long chainId();

  /** {@code eth_blockNumber}: the node's head. */
  long headNumber();

  /** {@code eth_getBlockByNumber(n, false)}; empty when the node has no such block yet. */
  Optional<BlockHeader> header(long number);

  /** {@code eth_getBlockByHash(h, false)}; empty when the node does not know the hash. */
  Optional<BlockHeader> header(String hash);

  /**
   * The headers {@code from..to} inclusive, in order, fetched in JSON-RPC batches.
   *
   * @throws RpcException {@link RpcException.Kind#INCONSISTENT} when one is missing or they do not
   *     link by parent hash (the chain moved while they were read)
   */
  List<BlockHeader> headers(long from, long to);

  /**
   * {@code eth_getLogs} by {@code blockHash}: the block's logs of {@code contracts} (every log when
   * empty), in log-index order, stamped with the block's number, hash and time.
   */
  List<EvmLog> logs(BlockHeader block, Set<String> contracts);

  /**
   * {@code eth_getLogs} over the consecutive {@code blocks} (one query from the first number to the
   * last), stamped with each block's time.
   *
   * @throws RpcException {@link RpcException.Kind#RANGE_REFUSED} when the node refuses the range;
   *     {@link RpcException.Kind#INCONSISTENT} when a log's block hash is not its header's
   */
  List<EvmLog> logs(List<BlockHeader> blocks, Set<String> contracts);

  @Override
  void close();
}
