package dev.sextant.ingest.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.chain.rpc.RpcException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real providers' phrasings, each to the kind the tailer acts on. */
class RpcErrorsTest {

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          -32005 | query returned more than 10000 results
          -32602 | Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size, or you can request any block range with a cap of 10K logs in the response. Based on your parameters, this block range should work: [0x1, 0x2]
          -32600 | block range is too wide
          -32000 | exceed maximum block range: 5000
          -32602 | query exceeds max block range 100000
          -32602 | query exceeds max results 20000, retry with the range 24383075-24383096
          -32000 | requested range too large
          -32000 | Block range is too large
          -32000 | block range too large
          -32614 | eth_getLogs is limited to a 10,000 range
          -32000 | logs matched by query exceeds limit of 10000
          -32000 | Block range limit exceeded. Upgrade to a paid plan
          -32062 | block range exceeds configured limit of 2000
          -32600 | Under the Free tier plan, you can make eth_getLogs requests with up to a 10 block range.
          35     | ranges over 10000 blocks are not supported on freetier
          -32000 | requested too many blocks from 0 to 20000, maximum is set to 2048
          -32000 | Maximum allowed number of requested blocks is 1000
          -32000 | please limit the query to at most 1000 blocks
          -32000 | backend response too large
          -32001 | Max range: 800
          """)
  void shouldTakeLogRangeRefusalsAsRangeRefused(long code, String message) {
    RpcException e = RpcErrors.jsonRpc("eth_getLogs", code, message, null);

    assertThat(e.kind()).isEqualTo(Kind.RANGE_REFUSED);
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.retryable()).isFalse();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          -32005 | limit exceeded
          -32005 | daily request count exceeded, request rate limited
          429    | Your app has exceeded its compute units per second capacity. If you have retries enabled, you can safely ignore this message.
          -32029 | too many requests
          -32090 | Too many requests, reason: call rate limit exhausted, retry in 10s
          -32000 | rate limit exceeded
          -32016 | over rate limit
          -32007 | request limit reached
          -32000 | exceeded throughput limit
          """)
  void shouldTakeRateLimitErrorsAsRateLimited(long code, String message) {
    for (String method : new String[] {"eth_getLogs", "eth_getBlockByNumber"}) {
      RpcException e = RpcErrors.jsonRpc(method, code, message, null);

      assertThat(e.kind()).as(method).isEqualTo(Kind.RATE_LIMITED);
      assertThat(e.retryable()).isTrue();
    }
  }

  @Test
  void shouldReadTheWaitARateLimitErrorNames() {
    assertThat(
            RpcErrors.jsonRpc(
                    "eth_call",
                    -32090,
                    "Too many requests, reason: call rate limit exhausted, retry in 10s",
                    null)
                .retryAfter())
        .contains(Duration.ofSeconds(10));
    assertThat(
            RpcErrors.jsonRpc(
                    "eth_call",
                    -32005,
                    "project ID request rate exceeded",
                    "{\"see\":\"https://infura.io\",\"rate\":{\"allowed_rps\":1,\"backoff_seconds\":30,\"current_rps\":1.4}}")
                .retryAfter())
        .contains(Duration.ofSeconds(30));
    assertThat(RpcErrors.jsonRpc("eth_call", -32005, "limit exceeded", null).retryAfter())
        .isEmpty();
  }

  @Test
  void shouldTakeARangeRefusalOnlyFromLogQueries() {
    assertThat(
            RpcErrors.jsonRpc("eth_getBlockByNumber", -32000, "block range too large", null).kind())
        .isEqualTo(Kind.RPC_ERROR);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown block
          header not found
          block not found
          block range extends beyond current head block
          """)
  void shouldTakeAVanishedBlockInALogQueryAsTheChainMoving(String message) {
    assertThat(RpcErrors.jsonRpc("eth_getLogs", -32000, message, null).kind())
        .isEqualTo(Kind.INCONSISTENT);
  }

  @Test
  void shouldTakeANodeThatGaveUpAsTimeout() {
    RpcException e = RpcErrors.jsonRpc("eth_getLogs", -32000, "query timeout exceeded", null);

    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(RpcErrors.jsonRpc("eth_call", -32000, "context deadline exceeded", null).kind())
        .isEqualTo(Kind.TIMEOUT);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          -32601 | the method eth_foo does not exist/is not available
          -32602 | invalid argument 0: hex string has length 4, want 64 for common.Hash
          3      | execution reverted
          -32000 | nonce too low
          """)
  void shouldTakeOtherErrorsAsRpcErrorWithTheirCode(long code, String message) {
    RpcException e = RpcErrors.jsonRpc("eth_getBlockByHash", code, message, null);

    assertThat(e.kind()).isEqualTo(Kind.RPC_ERROR);
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.getMessage()).contains(message);
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void shouldClassifyHttpStatuses() {
    Optional<Duration> wait = Optional.of(Duration.ofSeconds(7));

    RpcException tooMany = RpcErrors.http(429, wait, "Too Many Requests");
    assertThat(tooMany.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(tooMany.retryAfter()).isEqualTo(wait);
    assertThat(tooMany.code()).isEqualTo(429);

    RpcException unavailable = RpcErrors.http(503, wait, "");
    assertThat(unavailable.kind()).isEqualTo(Kind.TRANSPORT);
    assertThat(unavailable.retryAfter()).isEqualTo(wait);

    assertThat(RpcErrors.http(502, Optional.empty(), "<html>").kind()).isEqualTo(Kind.TRANSPORT);
    assertThat(RpcErrors.http(408, Optional.empty(), "").kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(RpcErrors.http(401, Optional.empty(), "invalid key").kind())
        .isEqualTo(Kind.RPC_ERROR);
    assertThat(RpcErrors.http(404, Optional.empty(), "").retryable()).isFalse();
  }

  @Test
  void shouldClassifyRequestsWithoutAnAnswer() {
    assertThat(RpcErrors.io("eth_call", new HttpTimeoutException("request timed out")).kind())
        .isEqualTo(Kind.TIMEOUT);
    assertThat(RpcErrors.io("eth_call", new HttpConnectTimeoutException("connect")).kind())
        .isEqualTo(Kind.TIMEOUT);
    assertThat(RpcErrors.io("eth_call", new ConnectException("refused")).kind())
        .isEqualTo(Kind.TRANSPORT);
    assertThat(RpcErrors.io("eth_call", new IOException("connection reset")).kind())
        .isEqualTo(Kind.TRANSPORT);
  }

  @Test
  void shouldKeepLongMessagesShort() {
    RpcException e = RpcErrors.jsonRpc("eth_call", -32000, "x".repeat(10_000), null);

    assertThat(e.getMessage().length()).isLessThan(400);
  }
}
