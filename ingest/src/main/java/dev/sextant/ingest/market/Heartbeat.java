package dev.sextant.ingest.market;

import java.time.Duration;
import java.util.Objects;

/**
 * How a protocol keeps a connection alive.
 *
 * @param pingInterval how often the client pings ({@link ProtocolSession#pingFrame()}); zero when
 *     the venue pings the client or sends heartbeats on its own
 * @param silenceTimeout no frame for this long and the connection counts as dead: a few of the
 *     venue's heartbeat intervals
 */
public record Heartbeat(Duration pingInterval, Duration silenceTimeout) {

  public Heartbeat {
    Objects.requireNonNull(pingInterval, "pingInterval");
    Objects.requireNonNull(silenceTimeout, "silenceTimeout");
    if (pingInterval.isNegative() || !silenceTimeout.isPositive()) {
      throw new IllegalArgumentException(
          "ping interval must be >= 0 and silence timeout > 0: " + this);
    }
  }
}
