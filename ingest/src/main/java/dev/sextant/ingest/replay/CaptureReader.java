package dev.sextant.ingest.replay;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;

/**
 * Reads a capture file: one raw WebSocket text frame per line, optionally prefixed by {@code
 * <epoch_nanos>\t}; plain or gzip.
 */
public final class CaptureReader implements AutoCloseable {

  private final BufferedReader lines;
  private long lineNumber;

  private CaptureReader(BufferedReader lines) {
    this.lines = lines;
  }

  /** Opens {@code file}; gzip is recognized by its magic bytes, whatever the file name. */
  public static CaptureReader open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    try {
      in.mark(2);
      boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
      in.reset();
      if (gzip) {
        in = new GZIPInputStream(in, 1 << 16);
      }
      return new CaptureReader(
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16));
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** The next frame, skipping blank lines; empty at the end of the file. */
  public Optional<CapturedFrame> next() throws IOException {
    String line;
    while ((line = lines.readLine()) != null) {
      lineNumber++;
      if (!line.isBlank()) {
        return Optional.of(parse(lineNumber, line));
      }
    }
    return Optional.empty();
  }

  /**
   * Parses one non-blank line. A tab before the frame's first bracket ends a time prefix; a frame
   * without one has no recorded time.
   */
  static CapturedFrame parse(long lineNumber, String line) {
    int tab = line.indexOf('\t');
    int bracket = firstBracket(line);
    // A tab inside the JSON is only whitespace between tokens, so only a tab before it is a prefix.
    if (tab < 0 || (bracket >= 0 && bracket < tab)) {
      return new CapturedFrame(lineNumber, line, OptionalLong.empty(), Optional.empty());
    }
    String prefix = line.substring(0, tab).strip();
    OptionalLong nanos = epochNanos(prefix);
    if (nanos.isEmpty()) {
      return new CapturedFrame(
          lineNumber,
          line,
          OptionalLong.empty(),
          Optional.of("time prefix '" + abbreviate(prefix) + "' is not epoch nanoseconds"));
    }
    return new CapturedFrame(lineNumber, line.substring(tab + 1), nanos, Optional.empty());
  }

  private static int firstBracket(String line) {
    int brace = line.indexOf('{');
    int square = line.indexOf('[');
    if (brace < 0) {
      return square;
    }
    return square < 0 ? brace : Math.min(brace, square);
  }

  private static OptionalLong epochNanos(String prefix) {
    if (prefix.isEmpty() || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(prefix));
    } catch (NumberFormatException e) {
      return OptionalLong.empty(); // more digits than a long holds
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
