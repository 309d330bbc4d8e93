package dev.sextant.ingest.chain.rpc;

import java.time.Duration;
import java.util.Optional;

/** A JSON-RPC call that failed, classified so that callers decide without parsing messages. */
public final class RpcException extends RuntimeException {

  /** What went wrong; the kinds are also the {@code kind} tag of the RPC error counter. */
  public enum Kind {
    /** HTTP 429 (or a JSON-RPC rate-limit error); {@link #retryAfter()} when the node said. */
    RATE_LIMITED,
    /** No answer within the request timeout. */
    TIMEOUT,
    /** Connection refused or reset, HTTP 5xx, a body that is not JSON-RPC. */
    TRANSPORT,
    /** A JSON-RPC error object other than the ones below; {@link #code()} is its code. */
    RPC_ERROR,
    /** The node refused a log range: too many results, or a block range over its limit. */
    RANGE_REFUSED,
    /** The answers contradict each other, e.g. a log whose block hash is not the header's. */
    INCONSISTENT
  }

  private final Kind kind;
  private final long code;
  private final Duration retryAfter;

  public RpcException(Kind kind, String message) {
    this(kind, 0, null, message, null);
  }

  public RpcException(Kind kind, long code, Duration retryAfter, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  /** The JSON-RPC error code, or the HTTP status for transport errors; 0 when there is none. */
  public long code() {
    return code;
  }

  /** The wait the node asked for (HTTP {@code Retry-After}), when it asked. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Whether trying the same call again later may succeed. */
  public boolean retryable() {
    return kind == Kind.RATE_LIMITED || kind == Kind.TIMEOUT || kind == Kind.TRANSPORT;
  }
}
