package dev.sextant.ingest.market;

import dev.sextant.schemas.registry.Instrument;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One live market feed: a protocol, its instruments and how to keep its connections.
 *
 * @param protocol the protocol name ({@code coinbase-exchange}, {@code binance}, ...)
 * @param endpoint the WebSocket endpoint; empty for the protocol's default
 * @param restEndpoint the REST endpoint for book snapshots; empty for the protocol's default
 * @param instruments the Sextant instruments to subscribe, all of the protocol's venue
 * @param initialBackoff the first reconnect delay; it doubles (with jitter) up to {@code
 *     maxBackoff} and resets once a connection has stayed up for {@code maxBackoff}
 * @param maxBackoff the longest reconnect delay
 * @param connectTimeout how long one connection attempt may take
 * @param maxFrameBytes frames longer than this are dropped and dead-lettered (head only)
 */
public record FeedConfig(
    String protocol,
    Optional<URI> endpoint,
    Optional<URI> restEndpoint,
    List<Instrument> instruments,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration connectTimeout,
    int maxFrameBytes) {

  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(250);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** 4 MiB: a full Kraken or Bybit depth snapshot is well under 1 MiB. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;

  public FeedConfig {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(restEndpoint, "restEndpoint");
    instruments = List.copyOf(instruments);
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (!initialBackoff.isPositive() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "backoff must be > 0 and max >= initial: " + initialBackoff + ", " + maxBackoff);
    }
    if (!connectTimeout.isPositive()) {
      throw new IllegalArgumentException("connect timeout must be > 0: " + connectTimeout);
    }
    if (maxFrameBytes < 1024) {
      throw new IllegalArgumentException("max frame bytes must be >= 1024: " + maxFrameBytes);
    }
  }

  /** A feed of {@code instruments} on the protocol's default endpoints, with default tuning. */
  public static FeedConfig of(String protocol, List<Instrument> instruments) {
    return new FeedConfig(
        protocol,
        Optional.empty(),
        Optional.empty(),
        instruments,
        DEFAULT_INITIAL_BACKOFF,
        DEFAULT_MAX_BACKOFF,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_MAX_FRAME_BYTES);
  }

  /** The same feed on other endpoints (tests point it at a local server). */
  public FeedConfig withEndpoints(URI endpoint, URI restEndpoint) {
    return new FeedConfig(
        protocol,
        Optional.of(endpoint),
        Optional.ofNullable(restEndpoint),
        instruments,
        initialBackoff,
        maxBackoff,
        connectTimeout,
        maxFrameBytes);
  }

  /** The same feed with other reconnect delays. */
  public FeedConfig withBackoff(Duration initial, Duration max) {
    return new FeedConfig(
        protocol, endpoint, restEndpoint, instruments, initial, max, connectTimeout, maxFrameBytes);
  }

  /** The same feed with another frame bound. */
  public FeedConfig withMaxFrameBytes(int bytes) {
    return new FeedConfig(
        protocol,
        endpoint,
        restEndpoint,
        instruments,
        initialBackoff,
        maxBackoff,
        connectTimeout,
        bytes);
  }
}
