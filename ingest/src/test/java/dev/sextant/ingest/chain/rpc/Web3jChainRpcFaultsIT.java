package dev.sextant.ingest.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sextant.ingest.chain.rpc.RpcException.Kind;
import dev.sextant.ingest.chain.testing.RpcProxy;
import dev.sextant.ingest.chain.testing.RpcProxy.Fault;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The RPC client behind a proxy that injects the failures of real providers: each is classified,
 * retried or not as its kind says, counted, and a retried call returns what the node reports.
 */
class Web3jChainRpcFaultsIT {

  private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);
  private static final int MAX_ATTEMPTS = 4;

  private static ChainTraffic chain;
  private static RpcProxy proxy;

  private SimpleMeterRegistry meters;
  private final List<Long> waits = new CopyOnWriteArrayList<>();
  private Web3jChainRpc rpc;

  @BeforeAll
  static void node() throws Exception {
    chain = ChainTraffic.start();
    chain.transfer(1_000_000);
    chain.swap(50_000);
    proxy = RpcProxy.inFrontOf(chain.node);
  }

  @AfterAll
  static void stopNode() {
    if (proxy != null) {
      proxy.close();
    }
    if (chain != null) {
      chain.close();
    }
  }

  @BeforeEach
  void client() {
    meters = new SimpleMeterRegistry();
    rpc = client(proxy.httpUrl());
  }

  private Web3jChainRpc client(URI url) {
    RpcSettings settings =
        new RpcSettings(
            url,
            Optional.empty(),
            REQUEST_TIMEOUT,
            Duration.ofMillis(10),
            Duration.ofMillis(100),
            MAX_ATTEMPTS,
            10);
    // Records each wait it decides, then really waits it.
    Retrier.Sleeper recording =
        nanos -> {
          waits.add(nanos);
          TimeUnit.NANOSECONDS.sleep(nanos);
        };
    return new Web3jChainRpc(settings, meters, "anvil", Clock.systemUTC(), recording);
  }

  @AfterEach
  void closeClient() {
    rpc.close();
    proxy.clearFaults();
  }

  private double errors(Kind kind) {
    return meters
        .get(RpcMetrics.ERRORS)
        .tags("chain", "anvil", "kind", RpcMetrics.tag(kind))
        .counter()
        .count();
  }

  private double retries() {
    return meters.get(RpcMetrics.RETRIES).tags("chain", "anvil").counter().count();
  }

  @Test
  void shouldWaitOutRetryAfterOnHttp429ThenSucceed() throws Exception {
    int before = proxy.requests("eth_blockNumber");
    proxy.rateLimitNext(2, Duration.ofSeconds(1));

    assertThat(rpc.headNumber()).isEqualTo(chain.head());

    assertThat(proxy.faultsServed(Fault.RATE_LIMIT)).isGreaterThanOrEqualTo(2);
    assertThat(proxy.requests("eth_blockNumber") - before).isEqualTo(3);
    assertThat(errors(Kind.RATE_LIMITED)).isEqualTo(2);
    assertThat(retries()).isEqualTo(2);
    // Each wait honours the second the node asked for, though the backoff cap is 100 ms.
    assertThat(waits)
        .hasSize(2)
        .allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(1_000_000_000L));
  }

  @Test
  void shouldRetryHttp503ThenSucceed() throws Exception {
    proxy.failNext(2, 503);

    assertThat(rpc.headers(0, chain.head())).isEqualTo(chain.headers(0, chain.head()));

    assertThat(errors(Kind.TRANSPORT)).isEqualTo(2);
    assertThat(retries()).isEqualTo(2);
  }

  @Test
  void shouldRetryAJsonRpcRateLimitInsideABatch() throws Exception {
    proxy.rpcErrorNext(1, "eth_getBlockByNumber", -32005, "rate limit exceeded");

    assertThat(rpc.headers(0, chain.head())).isEqualTo(chain.headers(0, chain.head()));

    assertThat(errors(Kind.RATE_LIMITED)).isEqualTo(1);
    assertThat(retries()).isEqualTo(1);
  }

  @Test
  void shouldSurfaceARangeRefusalAtOnceWithoutRetrying() throws Exception {
    long head = chain.head();
    List<BlockHeader> blocks = chain.headers(1, head);
    int before = proxy.requests("eth_getLogs");
    proxy.rpcErrorNext(5, "eth_getLogs", -32005, "query returned more than 10000 results");

    assertThatThrownBy(() -> rpc.logs(blocks, Set.of()))
        .isInstanceOfSatisfying(
            RpcException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.RANGE_REFUSED);
              assertThat(e.code()).isEqualTo(-32005);
              assertThat(e.retryable()).isFalse();
            });
    assertThat(proxy.requests("eth_getLogs") - before).isEqualTo(1);
    assertThat(errors(Kind.RANGE_REFUSED)).isEqualTo(1);
    assertThat(retries()).isZero();
  }

  @Test
  void shouldTimeOutAStalledRequestAndRetryIt() throws Exception {
    int before = proxy.requests("eth_getBlockByNumber");
    proxy.stallNext(1, REQUEST_TIMEOUT.multipliedBy(6));

    assertThat(rpc.header(1)).contains(chain.header(1));

    assertThat(proxy.faultsServed(Fault.STALL)).isGreaterThanOrEqualTo(1);
    assertThat(proxy.requests("eth_getBlockByNumber") - before).isEqualTo(2);
    assertThat(errors(Kind.TIMEOUT)).isEqualTo(1);
    assertThat(retries()).isEqualTo(1);
  }

  @Test
  void shouldSurfaceAJsonRpcErrorAsRpcErrorWithoutRetrying() {
    int before = proxy.requests("eth_getBlockByHash");
    proxy.rpcErrorNext(
        3, "eth_getBlockByHash", -32602, "invalid argument 0: hex string has length 4");

    assertThatThrownBy(() -> rpc.header("0x" + "12".repeat(32)))
        .isInstanceOfSatisfying(
            RpcException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.RPC_ERROR);
              assertThat(e.code()).isEqualTo(-32602);
              assertThat(e.getMessage()).contains("hex string has length 4");
            });
    assertThat(proxy.requests("eth_getBlockByHash") - before).isEqualTo(1);
    assertThat(errors(Kind.RPC_ERROR)).isEqualTo(1);
  }

  @Test
  void shouldGiveUpAfterTheConfiguredAttemptsWithTheLastFailure() {
    int before = proxy.requests("eth_chainId");
    proxy.failNext(MAX_ATTEMPTS + 2, 502);

    assertThatThrownBy(() -> rpc.chainId())
        .isInstanceOfSatisfying(
            RpcException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
              assertThat(e.code()).isEqualTo(502);
            });
    assertThat(proxy.requests("eth_chainId") - before).isEqualTo(MAX_ATTEMPTS);
    assertThat(errors(Kind.TRANSPORT)).isEqualTo(MAX_ATTEMPTS);
    assertThat(retries()).isEqualTo(MAX_ATTEMPTS - 1);
  }

  @Test
  void shouldRetryARefusedConnectionAsTransport() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    try (Web3jChainRpc nowhere = client(URI.create("http://127.0.0.1:" + port))) {
      assertThatThrownBy(nowhere::headNumber)
          .isInstanceOfSatisfying(
              RpcException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSPORT));
    }
    assertThat(errors(Kind.TRANSPORT)).isEqualTo(MAX_ATTEMPTS);
  }

  @Test
  void shouldStopWaitingToRetryWhenInterrupted() throws Exception {
    proxy.rateLimitNext(1, Duration.ofSeconds(60));
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    AtomicBoolean flagKept = new AtomicBoolean();
    Thread caller =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    rpc.headNumber();
                    outcome.complete(null);
                  } catch (Throwable e) {
                    flagKept.set(Thread.currentThread().isInterrupted());
                    outcome.complete(e);
                  }
                });
    // The node asked for a minute: the caller is waiting it out.
    await().atMost(Duration.ofSeconds(10)).until(() -> !waits.isEmpty());

    caller.interrupt();

    assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    assertThat(flagKept).isTrue();
  }
}
