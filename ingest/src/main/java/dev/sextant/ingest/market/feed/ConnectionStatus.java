package dev.sextant.ingest.market.feed;

import java.time.Duration;
import java.util.Optional;

/**
 * A snapshot of one connection of a feed.
 *
 * @param label the plan's label, empty for a single-connection protocol
 * @param connected whether the socket is open now
 * @param reconnects how many times the connection was replaced (closed, failed, silent, requested)
 * @param lastFrameAge how long ago the last inbound frame (pings and pongs included) arrived; empty
 *     before the first
 */
public record ConnectionStatus(
    String label, boolean connected, long reconnects, Optional<Duration> lastFrameAge) {}
