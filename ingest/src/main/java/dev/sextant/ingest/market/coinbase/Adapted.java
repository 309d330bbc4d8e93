package dev.sextant.ingest.market.coinbase;

import dev.sextant.ingest.deadletter.ErrorKind;
import java.util.Objects;

/** What one venue frame became: a trade, a frame deliberately ignored, or a failure. */
public sealed interface Adapted {

  /** The frame was a trade. */
  record Trade(dev.sextant.schemas.v1.Trade trade) implements Adapted {
    public Trade {
      Objects.requireNonNull(trade, "trade");
    }
  }

  /**
   * The frame is valid but carries nothing this adapter publishes yet.
   *
   * @param type the frame's {@code type}, as the venue wrote it
   * @param known true for a type of the venue's protocol; false for one we have never seen, so
   *     callers can count unknown types under one bounded tag
   */
  record Ignored(String type, boolean known) implements Adapted {
    public Ignored {
      Objects.requireNonNull(type, "type");
    }
  }

  /**
   * The frame could not be adapted.
   *
   * @param kind the stable class of the error
   * @param error what was wrong, precisely enough to act on
   */
  record Failed(ErrorKind kind, String error) implements Adapted {
    public Failed {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(error, "error");
    }
  }
}
