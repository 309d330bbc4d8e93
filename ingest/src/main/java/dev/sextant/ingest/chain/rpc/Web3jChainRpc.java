package dev.sextant.ingest.chain.rpc;

import dev.sextant.ingest.chain.decode.EvmLog;
import dev.sextant.ingest.chain.rpc.RpcException.Kind;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthBlockNumber;
import org.web3j.protocol.core.methods.response.EthChainId;
import org.web3j.protocol.core.methods.response.EthLog;

/**
 * {@link ChainRpc} on web3j's request and response types over {@link HttpTransport}, with retries
 * ({@link Retrier}) around every call. Used by one thread at a time.
 *
 * <p>An interrupt ends a call promptly: the thread's interrupt flag is set again and {@link
 * java.util.concurrent.CancellationException} is thrown, whether the call was waiting for the node
 * or for its next attempt.
 */
public final class Web3jChainRpc implements ChainRpc {

  /** web3j's filter polling, which is never used here: only its scheduler needs one. */
  private static final long UNUSED_POLL_MILLIS = 60_000;

  private final RpcSettings settings;
  private final HttpTransport transport;
  private final Web3j web3j;
  private final Retrier retrier;
  private volatile long chainId = -1;

  public Web3jChainRpc(RpcSettings settings, MeterRegistry meters, String chain) {
    this(settings, meters, chain, Clock.systemUTC(), Retrier.REAL_SLEEP);
  }

  Web3jChainRpc(
      RpcSettings settings,
      MeterRegistry meters,
      String chain,
      Clock clock,
      Retrier.Sleeper sleeper) {
    this.settings = Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(chain, "chain");
    this.transport = new HttpTransport(settings.httpUrl(), settings.requestTimeout(), clock);
    // web3j wants a scheduler for its polling helpers; none is used, so its thread never starts.
    ScheduledExecutorService unused =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("chain-" + chain + "-web3j").factory());
    this.web3j = Web3j.build(transport, UNUSED_POLL_MILLIS, unused);
    this.retrier =
        new Retrier(
            chain,
            settings.maxAttempts(),
            new Backoff(
                settings.initialBackoff(), settings.maxBackoff(), RandomGenerator.getDefault()),
            new RpcMetrics(meters, chain),
            sleeper);
  }

  @Override
  public long chainId() {
    long known = chainId;
    if (known < 0) {
      EthChainId answer = call(web3j.ethChainId());
      known = quantity("eth_chainId", answer.getResult());
      chainId = known;
    }
    return known;
  }

  @Override
  public long headNumber() {
    EthBlockNumber answer = call(web3j.ethBlockNumber());
    return quantity("eth_blockNumber", answer.getResult());
  }

  @Override
  public Optional<BlockHeader> header(long number) {
    return block("eth_getBlockByNumber", () -> web3j.ethGetBlockByNumber(parameter(number), false));
  }

  @Override
  public Optional<BlockHeader> header(String hash) {
    Objects.requireNonNull(hash, "hash");
    return block("eth_getBlockByHash", () -> web3j.ethGetBlockByHash(hash, false));
  }

  @Override
  public List<BlockHeader> headers(long from, long to) {
    if (from > to) {
      return List.of();
    }
    List<BlockHeader> headers = new ArrayList<>((int) Math.min(to - from + 1, 1 << 16));
    for (long start = from; start <= to; start += settings.batchSize()) {
      long end = Math.min(to, start + settings.batchSize() - 1);
      long first = start;
      headers.addAll(retrier.call("eth_getBlockByNumber", () -> batch(first, end)));
    }
    Headers.checkLinked(from, headers);
    return headers;
  }

  @Override
  public List<EvmLog> logs(BlockHeader block, Set<String> contracts) {
    long id = chainId();
    Request<?, EthLog> request =
        new Request<>(
            "eth_getLogs",
            List.of(LogFilter.block(block.hash(), sorted(contracts))),
            transport,
            EthLog.class);
    return retrier.call(
        "eth_getLogs", () -> LogAnswers.stamp(id, List.of(block), send(request).getLogs()));
  }

  @Override
  public List<EvmLog> logs(List<BlockHeader> blocks, Set<String> contracts) {
    if (blocks.isEmpty()) {
      return List.of();
    }
    checkConsecutive(blocks);
    long id = chainId();
    BlockHeader last = blocks.getLast();
    Request<?, EthLog> request =
        new Request<>(
            "eth_getLogs",
            List.of(LogFilter.range(blocks.getFirst().number(), last.number(), sorted(contracts))),
            transport,
            EthLog.class);
    List<EvmLog> logs =
        retrier.call("eth_getLogs", () -> LogAnswers.stamp(id, blocks, send(request).getLogs()));
    // A block replaced by one without logs leaves no log to contradict its header: the last
    // block's hash, which commits to every block below it, must still be canonical.
    Optional<BlockHeader> now = header(last.number());
    if (now.isEmpty() || !now.get().hash().equals(last.hash())) {
      throw new RpcException(
          Kind.INCONSISTENT,
          "block "
              + last.number()
              + " is now "
              + now.map(BlockHeader::hash).orElse("missing")
              + ", not "
              + last.hash()
              + ": the chain moved while its logs were read");
    }
    return logs;
  }

  @Override
  public void close() {
    web3j.shutdown();
  }

  private Optional<BlockHeader> block(String method, Supplier<Request<?, EthBlock>> request) {
    EthBlock answer = call(request.get());
    EthBlock.Block block = answer.getBlock();
    return block == null ? Optional.empty() : Optional.of(Headers.of(method, block));
  }

  /** One batch of {@code eth_getBlockByNumber}; answers are matched by id, not by position. */
  private List<BlockHeader> batch(long from, long to) {
    BatchRequest batch = web3j.newBatch();
    for (long n = from; n <= to; n++) {
      batch.add(web3j.ethGetBlockByNumber(parameter(n), false));
    }
    BatchResponse answer;
    try {
      answer = batch.send();
    } catch (IOException e) {
      throw RpcErrors.malformed("eth_getBlockByNumber", "unreadable batch answer: " + e);
    }
    Map<Long, Response<?>> byId = new HashMap<>();
    for (Response<?> response : answer.getResponses()) {
      byId.put(response.getId(), response);
    }
    List<BlockHeader> headers = new ArrayList<>(batch.getRequests().size());
    for (Request<?, ?> request : batch.getRequests()) {
      Response<?> response = byId.get(request.getId());
      if (response == null) {
        throw RpcErrors.malformed(
            "eth_getBlockByNumber", "the batch answer lacks request " + request.getId());
      }
      failOnError("eth_getBlockByNumber", response);
      EthBlock.Block block = ((EthBlock) response).getBlock();
      if (block == null) {
        throw new RpcException(
            Kind.INCONSISTENT,
            "block " + (from + headers.size()) + " is missing: the chain is shorter than asked");
      }
      headers.add(Headers.of("eth_getBlockByNumber", block));
    }
    return headers;
  }

  private <T extends Response<?>> T call(Request<?, T> request) {
    return retrier.call(request.getMethod(), () -> send(request));
  }

  /** One attempt: the answer, or the failure as an {@link RpcException}. */
  private static <T extends Response<?>> T send(Request<?, T> request) {
    T answer;
    try {
      answer = request.send();
    } catch (IOException e) {
      // The transport throws RpcException itself; an IOException here is an unreadable answer.
      throw RpcErrors.malformed(request.getMethod(), "unreadable answer: " + e);
    }
    if (answer == null) {
      throw RpcErrors.malformed(request.getMethod(), "empty answer");
    }
    failOnError(request.getMethod(), answer);
    return answer;
  }

  private static void failOnError(String method, Response<?> answer) {
    if (answer.hasError()) {
      Response.Error error = answer.getError();
      throw RpcErrors.jsonRpc(method, error.getCode(), error.getMessage(), error.getData());
    }
  }

  private static long quantity(String method, String value) {
    try {
      return Quantity.parse(value);
    } catch (NumberFormatException e) {
      throw RpcErrors.malformed(method, e.getMessage());
    }
  }

  private static DefaultBlockParameter parameter(long number) {
    return DefaultBlockParameter.valueOf(BigInteger.valueOf(number));
  }

  private static List<String> sorted(Set<String> contracts) {
    return contracts.stream().sorted().toList();
  }

  private static void checkConsecutive(List<BlockHeader> blocks) {
    for (int i = 1; i < blocks.size(); i++) {
      if (blocks.get(i).number() != blocks.get(i - 1).number() + 1) {
        throw new IllegalArgumentException(
            "blocks must be consecutive: "
                + blocks.get(i - 1).number()
                + " then "
                + blocks.get(i).number());
      }
    }
  }
}
