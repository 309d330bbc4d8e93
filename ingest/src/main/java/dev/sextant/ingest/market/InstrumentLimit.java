package dev.sextant.ingest.market;

import dev.sextant.ingest.deadletter.DeadLetters;
import dev.sextant.ingest.deadletter.ErrorKind;

/**
 * The most instruments one session decodes, so that names a venue (or whoever answers in its place)
 * makes up cannot grow the per-instrument state (trade dedupe, quote gates, books) without bound
 * when a session accepts every instrument its frames name.
 */
public final class InstrumentLimit {

  /** Distinct instrument names one session decodes; far more than any venue lists. */
  public static final int MAX_INSTRUMENTS = 10_000;

  private InstrumentLimit() {}

  /**
   * Checks that one more instrument name may be remembered.
   *
   * @param known how many names the session already decodes
   * @param name the new name, as the venue wrote it
   * @throws FrameException UNKNOWN_INSTRUMENT when the session is at the limit
   */
  public static void admit(int known, String name) {
    if (known >= MAX_INSTRUMENTS) {
      throw new FrameException(
          ErrorKind.UNKNOWN_INSTRUMENT,
          "instrument '"
              + DeadLetters.abbreviate(String.valueOf(name), 64)
              + "' dropped: this connection already decodes "
              + MAX_INSTRUMENTS
              + " instruments");
    }
  }
}
