package dev.sextant.ingest.replay;

import dev.sextant.ingest.deadletter.DeadLetters;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a capture file: one raw WebSocket text frame per line, optionally prefixed by {@code
 * <epoch_nanos>\t}; plain or gzip.
 */
public final class CaptureReader implements AutoCloseable {

  /** The default bound on one line, far above any real frame. */
  public static final int DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(CaptureReader.class);
  private static final int BUFFER_BYTES = 1 << 16;

  private final Path file;
  private final InputStream in;
  private final boolean gzip;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private byte[] lineBytes = new byte[1024];
  private int lineSize;
  private int position;
  private int limit;
  private boolean endOfInput;
  private long lineNumber;

  private CaptureReader(Path file, InputStream in, boolean gzip, int maxLineBytes) {
    this.file = file;
    this.in = in;
    this.gzip = gzip;
    this.maxLineBytes = maxLineBytes;
  }

  /** Opens {@code file} with the default line bound. */
  public static CaptureReader open(Path file) throws IOException {
    return open(file, DEFAULT_MAX_LINE_BYTES);
  }

  /**
   * Opens {@code file}; gzip is recognized by its magic bytes, whatever the file name.
   *
   * @param maxLineBytes a longer line is skipped and delivered as a malformed frame
   */
  public static CaptureReader open(Path file, int maxLineBytes) throws IOException {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be >= 1, was " + maxLineBytes);
    }
    InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
    try {
      in.mark(2);
      boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
      in.reset();
      if (gzip) {
        try {
          in = new GZIPInputStream(in, BUFFER_BYTES);
        } catch (EOFException e) {
          // The recorder died before it finished even the gzip header: there is nothing to read.
          log.warn("{}: gzip capture cut short in its header; reading it as empty", file);
          in.close();
          in = InputStream.nullInputStream();
        }
      }
      return new CaptureReader(file, in, gzip, maxLineBytes);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** The next frame, skipping blank lines; empty at the end of the file. */
  public Optional<CapturedFrame> next() throws IOException {
    while (true) {
      long length = readLine();
      if (length < 0) {
        return Optional.empty();
      }
      lineNumber++;
      String text = new String(lineBytes, 0, lineSize, StandardCharsets.UTF_8);
      if (length > maxLineBytes) {
        return Optional.of(
            new CapturedFrame(
                lineNumber,
                text,
                OptionalLong.empty(),
                Optional.of("line longer than " + maxLineBytes + " bytes (" + length + " bytes)")));
      }
      if (!text.isBlank()) {
        return Optional.of(parse(lineNumber, text));
      }
    }
  }

  /**
   * Reads one line into {@link #lineBytes} without its terminator ({@code \n}, {@code \r\n} or
   * {@code \r}); of a line over the bound it keeps only as much as a dead letter holds.
   *
   * @return the line's length in bytes, or -1 at the end of the file
   */
  private long readLine() throws IOException {
    lineSize = 0;
    long length = 0;
    boolean any = false;
    while (fill()) {
      any = true;
      int start = position;
      while (position < limit && buffer[position] != '\n' && buffer[position] != '\r') {
        position++;
      }
      int chunk = position - start;
      length += chunk;
      if (length <= maxLineBytes) {
        append(start, chunk);
      } else {
        // Over the bound the rest is only counted, so one huge line never sits in memory whole.
        append(start, Math.min(chunk, Math.max(0, DeadLetters.MAX_RAW_BYTES - lineSize)));
        lineSize = Math.min(lineSize, DeadLetters.MAX_RAW_BYTES);
      }
      if (position < limit) {
        if (buffer[position++] == '\r' && fill() && buffer[position] == '\n') {
          position++;
        }
        return length;
      }
    }
    return any ? length : -1;
  }

  private void append(int start, int count) {
    if (lineSize + count > lineBytes.length) {
      lineBytes = Arrays.copyOf(lineBytes, Math.max(lineSize + count, 2 * lineBytes.length));
    }
    System.arraycopy(buffer, start, lineBytes, lineSize, count);
    lineSize += count;
  }

  /** True when a byte is buffered, refilling the buffer first if need be. */
  private boolean fill() throws IOException {
    while (position == limit && !endOfInput) {
      position = 0;
      limit = 0;
      int read;
      try {
        read = in.read(buffer);
      } catch (EOFException e) {
        if (!gzip) {
          throw e;
        }
        // A recorder that crashed leaves its gzip stream cut short: keep what it wrote, so the
        // replay commits and completes instead of failing on this file on every restart.
        log.warn(
            "{}: gzip capture cut short in line {}: replaying it up to there ({})",
            file,
            lineNumber + 1,
            e.getMessage());
        read = -1;
      }
      if (read < 0) {
        endOfInput = true;
      } else {
        limit = read;
      }
    }
    return position < limit;
  }

  /**
   * Parses one non-blank line. A tab before the frame's first bracket ends a prefix {@code
   * <epoch_nanos>} or {@code <epoch_nanos>@<connection>}; a frame without one, or with an empty
   * one, has no recorded time.
   */
  static CapturedFrame parse(long lineNumber, String line) {
    int tab = line.indexOf('\t');
    int bracket = firstBracket(line);
    // A tab inside the JSON is only whitespace between tokens, so only a tab before it is a prefix.
    if (tab < 0 || (bracket >= 0 && bracket < tab)) {
      return new CapturedFrame(lineNumber, line, OptionalLong.empty(), Optional.empty());
    }
    String prefix = line.substring(0, tab).strip();
    if (prefix.isEmpty()) {
      // Leading whitespace before the frame, not a time that failed to parse.
      return new CapturedFrame(
          lineNumber, line.substring(tab + 1), OptionalLong.empty(), Optional.empty());
    }
    String connection = "";
    int at = prefix.indexOf('@');
    if (at >= 0) {
      connection = prefix.substring(at + 1);
      prefix = prefix.substring(0, at);
      if (!CONNECTION.matcher(connection).matches()) {
        return new CapturedFrame(
            lineNumber,
            line,
            OptionalLong.empty(),
            Optional.of(
                "connection label '"
                    + abbreviate(connection)
                    + "' is not lowercase letters, digits and '-'"));
      }
    }
    OptionalLong nanos = epochNanos(prefix);
    if (nanos.isEmpty()) {
      return new CapturedFrame(
          lineNumber,
          line,
          OptionalLong.empty(),
          Optional.of("time prefix '" + abbreviate(prefix) + "' is not epoch nanoseconds"));
    }
    return new CapturedFrame(
        lineNumber, line.substring(tab + 1), nanos, Optional.empty(), connection);
  }

  private static final Pattern CONNECTION = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  private static int firstBracket(String line) {
    int brace = line.indexOf('{');
    int square = line.indexOf('[');
    if (brace < 0) {
      return square;
    }
    return square < 0 ? brace : Math.min(brace, square);
  }

  private static OptionalLong epochNanos(String prefix) {
    if (!prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
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
    in.close();
  }
}
