package dev.sextant.ingest.market.pipeline;

import java.util.Objects;

/**
 * Whether a live feed delivers: healthy, or not with the reason (failed, or disconnected too long).
 *
 * @param feed the feed's source id
 * @param healthy false when the feed stopped or a connection has been down too long
 * @param reason what is wrong, or the feed's state when healthy
 */
public record FeedHealth(String feed, boolean healthy, String reason) {

  public FeedHealth {
    Objects.requireNonNull(feed, "feed");
    Objects.requireNonNull(reason, "reason");
  }
}
