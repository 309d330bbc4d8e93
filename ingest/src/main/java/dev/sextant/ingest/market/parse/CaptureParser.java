package dev.sextant.ingest.market.parse;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.GapKind;
import dev.sextant.ingest.market.LostFrame;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.MarketSessions;
import dev.sextant.ingest.market.OpenFrame;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.replay.CaptureReader;
import dev.sextant.ingest.replay.CapturedFrame;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Trade;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decodes a capture with a protocol's sessions, as a replay does, and writes each record as one
 * JSON line instead of publishing it: the proto3 JSON mapping of the record with a {@code "type"}
 * field ({@code trade}, {@code quote}, {@code book}) first. No Kafka involved.
 *
 * <p>A frame's receive time (and so its records' {@code ingest_time}) is the time of its capture
 * line; a line without one is taken as received at 0 (the epoch), so the output of a capture is the
 * same on every run.
 */
public final class CaptureParser {

  private static final JsonFormat.Printer JSON =
      JsonFormat.printer().omittingInsignificantWhitespace();

  private final MarketProtocol protocol;
  private final Registry registry;

  public CaptureParser(MarketProtocol protocol, Registry registry) {
    this.protocol = protocol;
    this.registry = registry;
  }

  /**
   * Parses {@code file} into {@code out}, which it does not close.
   *
   * @throws IOException when the capture cannot be read or the output written
   */
  public ParseSummary parse(Path file, Writer out) throws IOException {
    Lines lines = new Lines(out);
    MarketSessions sessions = MarketSessions.forReplay(protocol, registry, lines);
    Set<String> open = new HashSet<>();
    try (CaptureReader reader = CaptureReader.open(file)) {
      for (Optional<CapturedFrame> next = reader.next(); next.isPresent(); next = reader.next()) {
        CapturedFrame frame = next.get();
        lines.frames++;
        if (frame.isMalformed()) {
          lines.deadLetter(ErrorKind.MALFORMED_FRAME, frame.error().orElseThrow());
          continue;
        }
        long received = frame.recordedEpochNanos().orElse(0);
        try {
          ProtocolSession session = sessions.session(frame.connection());
          if (OpenFrame.isOpen(frame.text())) {
            // Where the recorded feed (re)opened this connection, as a replay reads it.
            open.add(frame.connection());
            session.onOpen(received);
            continue;
          }
          if (open.add(frame.connection())) {
            session.onOpen(received);
          }
          if (LostFrame.isLost(frame.text())) {
            lines.deadLetter(
                ErrorKind.OVERSIZED_FRAME,
                LostFrame.error(LostFrame.bytes(frame.text()).orElse(0)));
            session.onLost(received);
            continue;
          }
          session.onFrame(frame.text(), received);
        } catch (UncheckedIOException e) {
          throw e.getCause();
        } catch (RuntimeException e) {
          lines.deadLetter(ErrorKind.ADAPTER_ERROR, e.toString());
        }
      }
    }
    out.flush();
    return lines.summary();
  }

  /** The session output that prints records and counts the rest. */
  private static final class Lines implements MarketOutput {
    private final Writer out;
    private final StringBuilder line = new StringBuilder(512);
    private final Map<String, Long> deadLetters = new TreeMap<>();
    private final Map<String, Long> ignored = new TreeMap<>();
    private long frames;
    private long trades;
    private long quotes;
    private long books;
    private final Map<String, Long> gaps = new TreeMap<>();
    private long resyncs;

    Lines(Writer out) {
      this.out = out;
    }

    private void write(String type, Message record) {
      String json;
      try {
        json = JSON.print(record);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("cannot print a " + type + " as JSON", e);
      }
      line.setLength(0);
      line.append("{\"type\":\"").append(type).append('"');
      // json is "{...}": splice the record's fields in after the type, "{}" has none.
      if (json.length() > 2) {
        line.append(',').append(json, 1, json.length());
      } else {
        line.append('}');
      }
      line.append('\n');
      try {
        out.append(line);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void trade(Trade trade) {
      trades++;
      write("trade", trade);
    }

    @Override
    public void quote(Quote quote) {
      quotes++;
      write("quote", quote);
    }

    @Override
    public void book(BookUpdate update) {
      books++;
      write("book", update);
    }

    @Override
    public void deadLetter(ErrorKind kind, String error) {
      deadLetters.merge(kind.wireName(), 1L, Long::sum);
    }

    @Override
    public void gap(String instrument, GapKind kind, String detail) {
      gaps.merge(kind.tag(), 1L, Long::sum);
    }

    @Override
    public void resynced(String instrument) {
      resyncs++;
    }

    @Override
    public void ignored(String type) {
      ignored.merge(type, 1L, Long::sum);
    }

    ParseSummary summary() {
      return new ParseSummary(frames, trades, quotes, books, deadLetters, gaps, resyncs, ignored);
    }
  }
}
