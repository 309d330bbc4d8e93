package dev.sextant.ingest.market.testing;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.GapKind;
import java.util.Optional;

/**
 * A fault a simulated venue can put into its stream, and what a feed must make of it.
 *
 * @param name what goes wrong, for test names
 * @param channel the connection label it happens on
 * @param gap the gap the feed must report
 * @param recovery how the book comes back
 * @param deadLetter the dead letter the faulty frame makes, if any
 * @param arm puts the fault into the venue's next frames (called under the venue's lock)
 */
public record BookFault(
    String name,
    String channel,
    GapKind gap,
    Recovery recovery,
    Optional<ErrorKind> deadLetter,
    Runnable arm) {

  /** How a feed recovers from the fault. */
  public enum Recovery {
    /** Nothing to recover: the venue lost it (a trade id gap); the gap is only counted. */
    NONE,
    /** The book's channel is unsubscribed and subscribed again, for a new snapshot. */
    RESUBSCRIBE,
    /** A new REST snapshot is fetched. */
    REST,
    /** The connection is made anew. */
    RECONNECT
  }
}
