package dev.sextant.ingest.replay;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One line of a capture file.
 *
 * @param line the 1-based line number in the file
 * @param text the frame text without its time prefix, or the whole line when malformed (its head
 *     only, when it is longer than the reader's bound)
 * @param recordedEpochNanos when the frame was received, from the line's prefix, if it has one
 * @param error why the line is not a frame; empty for a well-formed line
 * @param connection the connection label from a prefix {@code <epoch_nanos>@<label>}, for protocols
 *     that keep several kinds of connection (Bybit spot and linear); empty otherwise
 */
public record CapturedFrame(
    long line,
    String text,
    OptionalLong recordedEpochNanos,
    Optional<String> error,
    String connection) {

  public CapturedFrame {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(recordedEpochNanos, "recordedEpochNanos");
    Objects.requireNonNull(error, "error");
    if (line < 1) {
      throw new IllegalArgumentException("line numbers start at 1, was " + line);
    }
  }

  /** A frame of the single (unlabelled) connection. */
  public CapturedFrame(
      long line, String text, OptionalLong recordedEpochNanos, Optional<String> error) {
    this(line, text, recordedEpochNanos, error, "");
  }

  /** True when the line is not a frame; {@link #error()} says why. */
  public boolean isMalformed() {
    return error.isPresent();
  }

  /** The text's UTF-8 bytes, as kept in a dead letter. */
  public byte[] raw() {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
