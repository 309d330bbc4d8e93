package dev.sextant.ingest.chain.rpc;

import dev.sextant.ingest.chain.rpc.RpcException.Kind;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what a node answered (or failed to) into an {@link RpcException} of the right kind.
 * Providers word the same refusal differently and reuse codes (Infura's {@code -32005} is both a
 * rate limit and a too-many-results refusal), so messages decide before codes. See
 * docs/chain/rpc.md for the table and where each phrasing comes from.
 */
final class RpcErrors {

  /**
   * Lower-case fragments of {@code eth_getLogs} refusals over a range or result size: the node
   * would answer a smaller range.
   */
  static final List<String> RANGE_REFUSALS =
      List.of(
          "block range", // "block range is too wide" (Ankr, Moonbeam), "block range too large"
          // (Base), "up to a 10 block range" (Alchemy), "limited to a 10,000 block range"
          // (QuickNode, 1RPC), "exceed maximum block range: 5000" (BSC), "block range limit
          // exceeded" (Chainstack), "block range exceeds configured limit" (Polygon)
          "query returned more than", // "query returned more than 10000 results": Infura, geth
          "query exceeds max results", // reth, Erigon, LlamaRPC, Ankr
          "query exceeds max block range", // reth, Hyperliquid
          "log response size exceeded", // Alchemy
          "logs matched by query exceeds limit", // Arbitrum Nitro
          "range too large", // "requested range too large"
          "range is too large", // "eth_getLogs range is too large, max is 10k blocks"
          "eth_getlogs is limited to", // QuickNode: "eth_getLogs is limited to a 10,000 range"
          "ranges over", // dRPC: "ranges over 10000 blocks are not supported"
          "requested too many blocks", // Avalanche
          "maximum allowed number of requested blocks", // thirdweb
          "exceeds the range allowed for your plan", // Blast
          "please limit the query to", // Coinbase (Base)
          "blocks distance", // Ankr: "maximum [from, to] blocks distance: 100"
          "query must be smaller than size", // Harmony
          "response size should not greater than", // 1RPC
          "backend response too large", // Optimism
          "max range:", // Cloudflare
          "try with this block range", // Infura, zkSync
          "too many results");

  /** Lower-case fragments of rate-limit errors sent as JSON-RPC error objects (often HTTP 200). */
  static final List<String> RATE_LIMITS =
      List.of(
          "rate limit", // "rate limit exceeded", "request rate limited", "over rate limit"
          "rate-limit",
          "ratelimit",
          "too many requests", // Ankr, dRPC
          "request limit", // "request limit reached", "daily request limit"
          "request count exceeded", // Infura daily quota
          "exceeded its compute units", // Alchemy
          "compute units per second", // Alchemy
          "throughput", // "exceeded throughput limit", QuickNode
          "call rate limit", // "call rate limit exhausted"
          "capacity exceeded",
          "limit exceeded"); // Infura -32005 "limit exceeded" (after range refusals)

  /** Lower-case fragments of "the block is not there": the chain moved under the query. */
  static final List<String> UNKNOWN_BLOCK =
      List.of(
          "unknown block", // geth, Anvil: a block hash the node does not (or no longer) know
          "block not found",
          "header not found", // geth
          "could not find block",
          "beyond current head"); // geth: "block range extends beyond current head block"

  /** Lower-case fragments of a node that gave up on the query itself. */
  static final List<String> NODE_TIMEOUTS =
      List.of(
          "timeout",
          "timed out",
          "deadline exceeded", // geth "context deadline exceeded"
          "execution aborted");

  /** JSON-RPC codes that only ever mean a rate limit (Alchemy uses the HTTP status). */
  private static final long[] RATE_LIMIT_CODES = {429, -32029, -32090, -32016};

  /** Infura's code for "limit exceeded": a rate limit unless the message says range. */
  private static final long LIMIT_EXCEEDED = -32005;

  /** "retry in 10s", "try again in 2 seconds": the wait some providers put in the message. */
  private static final Pattern RETRY_IN =
      Pattern.compile("(?:retry|try again) (?:in|after) (\\d{1,6})\\s*(s\\b|sec|second|ms\\b)");

  /** Infura's {@code "data":{"rate":{"backoff_seconds":30,...}}}. */
  private static final Pattern BACKOFF_SECONDS =
      Pattern.compile("\"backoff_seconds\"\\s*:\\s*(\\d{1,6}(?:\\.\\d+)?)");

  private static final int SNIPPET = 300;

  private RpcErrors() {}

  /**
   * A JSON-RPC error object. {@code method} decides what range refusals and unknown blocks mean:
   * only {@code eth_getLogs} is refused a range, and only a query about a block the caller just saw
   * finds it gone because the chain moved.
   */
  static RpcException jsonRpc(String method, long code, String message, String data) {
    String text = ((message == null ? "" : message) + " " + (data == null ? "" : data));
    String lower = text.toLowerCase(Locale.ROOT);
    String detail = method + " failed: " + code + " " + snippet(text.strip());
    boolean logs = "eth_getLogs".equals(method);
    if (logs && containsAny(lower, UNKNOWN_BLOCK)) {
      return new RpcException(Kind.INCONSISTENT, code, null, detail, null);
    }
    if (logs && containsAny(lower, RANGE_REFUSALS)) {
      return new RpcException(Kind.RANGE_REFUSED, code, null, detail, null);
    }
    if (containsAny(lower, RATE_LIMITS) || isRateLimitCode(code)) {
      return new RpcException(Kind.RATE_LIMITED, code, waitIn(lower).orElse(null), detail, null);
    }
    if (containsAny(lower, NODE_TIMEOUTS)) {
      return new RpcException(Kind.TIMEOUT, code, null, detail, null);
    }
    return new RpcException(Kind.RPC_ERROR, code, null, detail, null);
  }

  /**
   * An HTTP answer other than 2xx. Many providers put a JSON-RPC error in a 4xx body: the caller
   * classifies that with {@link #jsonRpc} and calls this only when there is none.
   */
  static RpcException http(int status, Optional<Duration> retryAfter, String body) {
    String detail = "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + snippet(body));
    if (status == 429) {
      return new RpcException(Kind.RATE_LIMITED, status, retryAfter.orElse(null), detail, null);
    }
    if (status == 408) {
      return new RpcException(Kind.TIMEOUT, status, null, detail, null);
    }
    if (status >= 500 || status < 200) {
      // 503 often carries Retry-After too: honoured like a rate limit's.
      return new RpcException(Kind.TRANSPORT, status, retryAfter.orElse(null), detail, null);
    }
    // 401, 403, 404, 413...: a wrong URL, key or plan does not get better by retrying.
    return new RpcException(Kind.RPC_ERROR, status, null, detail, null);
  }

  /** A request that got no HTTP answer. */
  static RpcException io(String method, IOException e) {
    String detail = method + ": " + describe(e);
    if (e instanceof HttpTimeoutException) {
      // HttpConnectTimeoutException too: the node did not answer in time either way.
      return new RpcException(Kind.TIMEOUT, 0, null, detail, e);
    }
    // Refused, reset, closed mid-answer: the node or the path to it is down for now.
    return new RpcException(Kind.TRANSPORT, 0, null, detail, e);
  }

  /** An answer that is not the JSON-RPC the call expects. */
  static RpcException malformed(String method, String what) {
    return new RpcException(Kind.TRANSPORT, 0, null, method + ": " + snippet(what), null);
  }

  static String snippet(String text) {
    return text.length() <= SNIPPET ? text : text.substring(0, SNIPPET) + "...";
  }

  private static boolean containsAny(String lower, List<String> fragments) {
    for (String fragment : fragments) {
      if (lower.contains(fragment)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isRateLimitCode(long code) {
    if (code == LIMIT_EXCEEDED) {
      return true;
    }
    for (long c : RATE_LIMIT_CODES) {
      if (c == code) {
        return true;
      }
    }
    return false;
  }

  /** The wait a rate-limit error names in its message or data, when it names one. */
  static Optional<Duration> waitIn(String lower) {
    Matcher backoff = BACKOFF_SECONDS.matcher(lower);
    if (backoff.find()) {
      return Optional.of(
          Duration.ofMillis(Math.round(Double.parseDouble(backoff.group(1)) * 1000)));
    }
    Matcher in = RETRY_IN.matcher(lower);
    if (in.find()) {
      long amount = Long.parseLong(in.group(1));
      return Optional.of(
          in.group(2).startsWith("ms") ? Duration.ofMillis(amount) : Duration.ofSeconds(amount));
    }
    return Optional.empty();
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    String name = e.getClass().getSimpleName();
    if (message == null || message.isBlank()) {
      Throwable cause = e.getCause();
      return cause == null || cause == e ? name : name + " (" + describe(cause) + ")";
    }
    return name + ": " + message;
  }
}
