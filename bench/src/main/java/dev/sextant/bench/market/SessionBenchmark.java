package dev.sextant.bench.market;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.GapKind;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.MarketSessions;
import dev.sextant.ingest.market.Protocols;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Trade;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Frames decoded and normalized per second on one thread, per protocol and message type: the
 * session's whole work on a frame (parse, map the instrument, dedupe, check sequences and
 * checksums, build the records). A batch of frames replays a bundled capture's frames of one type
 * in order, starting a fresh session each time the frames run out, so trade ids stay unique to the
 * session and books start from their snapshot.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SessionBenchmark {

  /** Frames per benchmark invocation; throughput is reported per frame. */
  static final int BATCH = 10_000;

  @Param({
    "coinbase-exchange",
    "coinbase-advanced",
    "binance",
    "binance-futures",
    "kraken-v1",
    "kraken-v2",
    "okx",
    "bybit"
  })
  public String protocol;

  @Param({"trade", "quote", "book"})
  public String type;

  private final Registry registry = Registry.loadDefault();
  private CaptureFrames.Frame[] frames;
  private int next;
  private MarketSessions sessions;
  private CountingOutput output;

  @Setup(Level.Trial)
  public void load() {
    frames = CaptureFrames.load(protocol, type).toArray(CaptureFrames.Frame[]::new);
    output = new CountingOutput();
    // One pass to prove these are the frames we mean to measure: records out, nothing rejected.
    freshSessions();
    for (CaptureFrames.Frame frame : frames) {
      sessions.session(frame.connection()).onFrame(frame.text(), 1L);
    }
    if (output.deadLetters > 0 || output.records == 0) {
      throw new IllegalStateException(
          protocol
              + " "
              + type
              + ": "
              + output.records
              + " records, "
              + output.deadLetters
              + " dead letters ("
              + output.lastError
              + ") from "
              + frames.length
              + " frames");
    }
    freshSessions();
    next = 0;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void decode(Blackhole hole) {
    output.hole = hole;
    for (int i = 0; i < BATCH; i++) {
      if (next == frames.length) {
        next = 0;
        freshSessions();
      }
      CaptureFrames.Frame frame = frames[next++];
      sessions.session(frame.connection()).onFrame(frame.text(), 1_700_000_000_000_000_000L);
    }
  }

  private void freshSessions() {
    sessions = MarketSessions.forReplay(Protocols.builtIn().require(protocol), registry, output);
  }

  /** Hands every record to the blackhole and counts what a sanity pass needs. */
  static final class CountingOutput implements MarketOutput {
    Blackhole hole;
    long records;
    long deadLetters;
    String lastError = "";

    @Override
    public void trade(Trade trade) {
      records++;
      if (hole != null) {
        hole.consume(trade);
      }
    }

    @Override
    public void quote(Quote quote) {
      records++;
      if (hole != null) {
        hole.consume(quote);
      }
    }

    @Override
    public void book(BookUpdate update) {
      records++;
      if (hole != null) {
        hole.consume(update);
      }
    }

    @Override
    public void deadLetter(ErrorKind kind, String error) {
      deadLetters++;
      lastError = kind + ": " + error;
    }

    @Override
    public void gap(String instrument, GapKind kind, String detail) {}

    @Override
    public void resynced(String instrument) {}

    @Override
    public void ignored(String type) {}
  }
}
