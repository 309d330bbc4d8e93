package dev.sextant.ingest.chain.rpc;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a chain's node and how hard to try.
 *
 * @param httpUrl the JSON-RPC HTTP endpoint; every call goes here
 * @param wsUrl the WebSocket endpoint for {@code newHeads}; empty for an HTTP-only node (polling)
 * @param requestTimeout bound on one HTTP request
 * @param initialBackoff first wait after a retryable failure; doubles, with full jitter
 * @param maxBackoff cap on the wait (a longer {@code Retry-After} is still honoured)
 * @param maxAttempts attempts per call before {@link RpcException} reaches the caller
 * @param batchSize JSON-RPC requests per batch when fetching headers
 */
public record RpcSettings(
    URI httpUrl,
    Optional<URI> wsUrl,
    Duration requestTimeout,
    Duration initialBackoff,
    Duration maxBackoff,
    int maxAttempts,
    int batchSize) {

  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_ATTEMPTS = 8;
  public static final int DEFAULT_BATCH_SIZE = 100;

  public RpcSettings {
    Objects.requireNonNull(httpUrl, "httpUrl");
    Objects.requireNonNull(wsUrl, "wsUrl");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1 || batchSize < 1) {
      throw new IllegalArgumentException("maxAttempts and batchSize must be at least 1");
    }
  }

  /** Default timeouts and retries for {@code httpUrl} and, when given, {@code wsUrl}. */
  public static RpcSettings of(URI httpUrl, Optional<URI> wsUrl) {
    return new RpcSettings(
        httpUrl,
        wsUrl,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_INITIAL_BACKOFF,
        DEFAULT_MAX_BACKOFF,
        DEFAULT_MAX_ATTEMPTS,
        DEFAULT_BATCH_SIZE);
  }
}
