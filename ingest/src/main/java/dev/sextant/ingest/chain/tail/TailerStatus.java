package dev.sextant.ingest.chain.tail;

import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of a tailer for health checks.
 *
 * @param phase what it is doing
 * @param tip the highest block published, -1 before the first
 * @param head the node's head as last seen, -1 before the first
 * @param pushConnected whether the WebSocket head subscription is up (false: polling)
 * @param lastError the last failure, while retrying
 * @param lastBlockAt when the last block was published
 * @param retryingSince when the failures now being retried began (the first of the run of
 *     failures); empty once a step succeeds. Health checks use it to tell a blip from an outage.
 */
public record TailerStatus(
    Phase phase,
    long tip,
    long head,
    boolean pushConnected,
    Optional<String> lastError,
    Optional<Instant> lastBlockAt,
    Optional<Instant> retryingSince) {

  /** A status with no failure being retried. */
  public TailerStatus(
      Phase phase,
      long tip,
      long head,
      boolean pushConnected,
      Optional<String> lastError,
      Optional<Instant> lastBlockAt) {
    this(phase, tip, head, pushConnected, lastError, lastBlockAt, Optional.empty());
  }

  public enum Phase {
    STARTING,
    BACKFILL,
    TAIL,
    RETRYING,
    STOPPED,
    FAILED
  }
}
