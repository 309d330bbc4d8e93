package dev.sextant.ingest.chain.rpc;

import dev.sextant.ingest.chain.rpc.RpcException.Kind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of one chain's RPC client, tagged {@code chain}: failed attempts by kind, retries, and
 * the time of each attempt by JSON-RPC method.
 */
final class RpcMetrics {

  static final String ERRORS = "sextant.chain.rpc.errors";
  static final String RETRIES = "sextant.chain.rpc.retries";
  static final String REQUESTS = "sextant.chain.rpc.requests";

  private final MeterRegistry registry;
  private final String chain;
  private final Map<Kind, Counter> errors = new EnumMap<>(Kind.class);
  private final Counter retries;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  RpcMetrics(MeterRegistry registry, String chain) {
    this.registry = registry;
    this.chain = chain;
    // Every kind up front, so a dashboard shows a zero rather than nothing.
    for (Kind kind : Kind.values()) {
      errors.put(
          kind,
          Counter.builder(ERRORS)
              .description("Failed JSON-RPC attempts, by kind")
              .tag("chain", chain)
              .tag("kind", tag(kind))
              .register(registry));
    }
    this.retries =
        Counter.builder(RETRIES)
            .description("JSON-RPC attempts made again after a retryable failure")
            .tag("chain", chain)
            .register(registry);
  }

  /** The {@code kind} tag: the kind's name in lower case ({@code rate_limited}). */
  static String tag(Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  void error(Kind kind) {
    errors.get(kind).increment();
  }

  void retry() {
    retries.increment();
  }

  /** The timer of one attempt of {@code method} (a batch is timed once, as its method). */
  Timer timer(String method) {
    return timers.computeIfAbsent(
        method,
        m ->
            Timer.builder(REQUESTS)
                .description("JSON-RPC attempts over HTTP, answered or failed, by method")
                .tag("chain", chain)
                .tag("method", m)
                .register(registry));
  }
}
