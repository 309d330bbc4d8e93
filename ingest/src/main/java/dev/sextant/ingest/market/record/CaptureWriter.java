package dev.sextant.ingest.market.record;

import dev.sextant.ingest.market.FrameListener;
import dev.sextant.ingest.market.LostFrame;
import dev.sextant.ingest.market.OpenFrame;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a feed's frames to a capture file, one {@code <epoch_nanos>[@<label>]\t<frame>} line per
 * frame, gzip when the file name ends in {@code .gz}. Each opened connection is marked by an {@link
 * OpenFrame} line before its first frame, so a replay reopens the session where the feed did.
 *
 * <p>A frame is JSON, where a line break can only be whitespace between tokens (inside strings it
 * is escaped), so any CR or LF in a frame is written as a space: the line stays one frame and
 * decodes the same. Oversized frames, which the feed drops, are counted, not recorded. Writes are
 * flushed from {@link #tick} every {@code flushEvery}, with gzip's sync flush, so a recorder that
 * dies leaves a capture readable up to its last flush. An I/O error stops the recording: it is kept
 * in {@link #failure()} and later frames are dropped.
 */
public final class CaptureWriter implements FrameListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CaptureWriter.class);

  /** What has been recorded so far. */
  public record Progress(long frames, long bytes, long oversized) {}

  private final Path file;
  private final Writer out;
  private final long flushEveryNanos;
  private final long progressEveryNanos;
  private final Consumer<Progress> progress;
  private long lastFlushNanos;
  private long lastProgressNanos;
  private long frames;
  private long bytes;
  private long oversized;
  private IOException failure;
  private boolean closed;

  private CaptureWriter(
      Path file,
      Writer out,
      Duration flushEvery,
      Duration progressEvery,
      Consumer<Progress> progress) {
    this.file = file;
    this.out = out;
    this.flushEveryNanos = flushEvery.toNanos();
    this.progressEveryNanos = progressEvery.toNanos();
    this.progress = progress;
    this.lastFlushNanos = System.nanoTime();
    this.lastProgressNanos = lastFlushNanos;
  }

  /**
   * Creates (or truncates) {@code file}.
   *
   * @param flushEvery how often buffered lines are written out
   * @param progressEvery how often {@code progress} is told what was recorded, from {@link #tick}
   */
  public static CaptureWriter open(
      Path file, Duration flushEvery, Duration progressEvery, Consumer<Progress> progress)
      throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    OutputStream stream = Files.newOutputStream(file);
    try {
      if (file.getFileName().toString().endsWith(".gz")) {
        stream = new GZIPOutputStream(stream, 1 << 16, true);
      }
    } catch (IOException e) {
      stream.close();
      throw e;
    }
    Writer writer =
        new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
    return new CaptureWriter(file, writer, flushEvery, progressEvery, progress);
  }

  /** The capture line of a frame: CR and LF (JSON whitespace only) become spaces. */
  static String line(String connection, String frame, long receivedEpochNanos) {
    StringBuilder line = new StringBuilder(frame.length() + 32);
    line.append(receivedEpochNanos);
    if (!connection.isEmpty()) {
      line.append('@').append(connection);
    }
    line.append('\t');
    int start = line.length();
    line.append(frame);
    for (int i = start; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\n' || c == '\r') {
        line.setCharAt(i, ' ');
      }
    }
    return line.append('\n').toString();
  }

  @Override
  public synchronized void opened(String connection, long epochNanos) {
    write(line(connection, OpenFrame.FRAME, epochNanos), false);
  }

  @Override
  public synchronized void frame(String connection, String frame, long receivedEpochNanos) {
    write(line(connection, frame, receivedEpochNanos), true);
  }

  private void write(String line, boolean countAsFrame) {
    if (failure != null || closed) {
      return;
    }
    try {
      out.write(line);
      if (countAsFrame) {
        frames++;
      }
      bytes += utf8Length(line);
    } catch (IOException e) {
      fail(e);
    }
  }

  @Override
  public synchronized void oversized(
      String connection, String head, long totalBytes, long receivedEpochNanos) {
    oversized++;
    // The frame itself is not kept, but where it was is: a replay resyncs there, as the feed did.
    write(line(connection, LostFrame.frame(totalBytes), receivedEpochNanos), false);
  }

  @Override
  public synchronized void tick(long nanoTime) {
    if (failure == null && !closed && nanoTime - lastFlushNanos >= flushEveryNanos) {
      lastFlushNanos = nanoTime;
      try {
        out.flush();
      } catch (IOException e) {
        fail(e);
      }
    }
    if (nanoTime - lastProgressNanos >= progressEveryNanos) {
      lastProgressNanos = nanoTime;
      progress.accept(progress());
    }
  }

  private void fail(IOException e) {
    failure = e;
    log.error("recording to {} stops: {}", file, e.toString());
  }

  /** What has been recorded so far. */
  public synchronized Progress progress() {
    return new Progress(frames, bytes, oversized);
  }

  /** The I/O error that stopped the recording, if one did. */
  public synchronized Optional<IOException> failure() {
    return Optional.ofNullable(failure);
  }

  /** Flushes and closes the file; the frames after it are dropped. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.close(); // also finishes the gzip stream
    } catch (IOException e) {
      if (failure == null) {
        failure = e;
      }
      throw new UncheckedIOException("cannot close the capture " + file, e);
    }
  }

  private static long utf8Length(String text) {
    long length = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        length++;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)) {
        length += 4;
        i++;
      } else {
        length += 3;
      }
    }
    return length;
  }
}
