package dev.sextant.ingest.market;

import dev.sextant.ingest.deadletter.ErrorKind;
import java.util.Objects;

/**
 * A frame, or a part of one, that cannot be decoded. Sessions throw it from deep in their field
 * readers and turn it into {@link MarketOutput#deadLetter} at the frame (or element) boundary; it
 * carries no stack trace, because bad input is not a bug.
 */
public final class FrameException extends RuntimeException {

  private final transient ErrorKind kind;

  public FrameException(ErrorKind kind, String message) {
    super(message, null, false, false);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** The class of the error, for the dead letter and the metric tag. */
  public ErrorKind kind() {
    return kind;
  }
}
