package dev.sextant.ingest.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.ingest.http.RetryAfter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.web3j.protocol.Service;

/**
 * web3j's JSON-RPC over the JDK HTTP client, so that the HTTP status and {@code Retry-After} reach
 * the classification (web3j's own OkHttp service turns every non-2xx into a bare IOException).
 *
 * <p>Every failure leaves {@link #performIO} as an {@link RpcException} of its kind; web3j passes
 * runtime exceptions through untouched. An interrupt restores the thread's flag and throws {@link
 * CancellationException}.
 */
final class HttpTransport extends Service {

  private final URI url;
  private final Duration timeout;
  private final Clock clock;
  private final HttpClient client;

  HttpTransport(URI url, Duration timeout, Clock clock) {
    super(false);
    this.url = url;
    this.timeout = timeout;
    this.clock = clock;
    // HTTP/1.1: a local node speaks nothing else, and h2c upgrades only cost a round trip.
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  protected InputStream performIO(String payload) {
    String method = methodOf(payload);
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
            .build();
    HttpResponse<byte[]> response = exchange(method, request);
    int status = response.statusCode();
    byte[] body = response.body();
    if (status >= 200 && status < 300) {
      if (payload.startsWith("[") && firstByte(body) == '{') {
        // A node refusing a batch answers one error object; web3j would cast it to an array.
        throw batchRefusal(method, body);
      }
      return new ByteArrayInputStream(body);
    }
    Optional<Duration> retryAfter =
        response
            .headers()
            .firstValue("Retry-After")
            .flatMap(value -> RetryAfter.parse(value, clock.instant()));
    if (status >= 400 && status < 500 && status != 429 && status != 408) {
      Optional<RpcException> rpcError = jsonRpcError(method, body);
      if (rpcError.isPresent()) {
        throw rpcError.get();
      }
    }
    throw RpcErrors.http(status, retryAfter, new String(body, StandardCharsets.UTF_8));
  }

  /**
   * Sends and waits at most the request timeout for the whole answer: the client's own timeout
   * stops at the response headers, and a node can stall in the body too.
   */
  private HttpResponse<byte[]> exchange(String method, HttpRequest request) {
    CompletableFuture<HttpResponse<byte[]>> answer =
        client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    try {
      return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      CancellationException cancelled = new CancellationException(method + " interrupted");
      cancelled.initCause(e);
      throw cancelled;
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw RpcErrors.io(method, new HttpTimeoutException("no answer within " + timeout));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw RpcErrors.io(method, io);
      }
      throw RpcErrors.io(method, new IOException(cause));
    }
  }

  private RpcException batchRefusal(String method, byte[] body) {
    return jsonRpcError(method, body)
        .orElseGet(
            () ->
                RpcErrors.malformed(
                    method,
                    "a batch answered by one object: " + new String(body, StandardCharsets.UTF_8)));
  }

  /** The JSON-RPC error object in {@code body}, when the body is one. */
  private Optional<RpcException> jsonRpcError(String method, byte[] body) {
    JsonNode root;
    try {
      root = objectMapper.readTree(body);
    } catch (IOException notJson) {
      return Optional.empty();
    }
    JsonNode error =
        root == null ? null : root.isArray() ? root.path(0).get("error") : root.get("error");
    if (error == null || !error.isObject()) {
      return Optional.empty();
    }
    JsonNode data = error.get("data");
    return Optional.of(
        RpcErrors.jsonRpc(
            method,
            error.path("code").asLong(0),
            error.path("message").asText(""),
            data == null || data.isNull() ? null : data.toString()));
  }

  private static int firstByte(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return b;
      }
    }
    return -1;
  }

  /** The (first) method named in a payload web3j wrote, for messages and classification. */
  static String methodOf(String payload) {
    int key = payload.indexOf("\"method\":\"");
    if (key < 0) {
      return "?";
    }
    int start = key + 10;
    int end = payload.indexOf('"', start);
    return end < 0 ? "?" : payload.substring(start, end);
  }

  @Override
  public void close() {
    // Aborts a request still in flight: a closing tailer must not wait out a stalled node.
    client.shutdownNow();
  }
}
