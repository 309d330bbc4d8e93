package dev.sextant.deploy.cli;

import dev.sextant.ingest.market.FeedConfig;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.Protocols;
import dev.sextant.ingest.market.pipeline.FeedFactory;
import dev.sextant.ingest.market.pipeline.LiveFeed;
import dev.sextant.ingest.market.record.CaptureWriter;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sextant record}: a venue's live frames into a capture file, for replay and parse. */
@Command(
    name = "record",
    description =
        "Record a venue's live WebSocket frames to a capture file (one '<epoch_nanos>\\t<frame>'"
            + " line per frame; gzip when FILE ends in .gz) until --duration or Ctrl-C.",
    mixinStandardHelpOptions = true)
final class RecordCommand implements Callable<Integer>, UsesProtocols {

  private static final Duration FLUSH_EVERY = Duration.ofMillis(200);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

  @Spec CommandSpec spec;

  @Option(names = "--protocol", required = true, paramLabel = "P", description = "The protocol.")
  String protocol;

  @Option(
      names = "--instruments",
      required = true,
      split = ",",
      paramLabel = "ID",
      description = "Sextant instrument ids of the venue, e.g. binance:BTC-USDT,binance:ETH-USDT.")
  List<String> instruments;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The capture.")
  Path out;

  @Option(
      names = "--duration",
      paramLabel = "D",
      description = "Stop after this long: 90s, 10m, 2h, 1d (default: until Ctrl-C).")
  String duration;

  @Option(
      names = "--endpoint",
      paramLabel = "URI",
      description = "The WebSocket endpoint (default: the venue's public one).")
  URI endpoint;

  @Option(
      names = "--rest-endpoint",
      paramLabel = "URI",
      description = "The REST endpoint for book snapshots (default: the venue's public one).")
  URI restEndpoint;

  private Protocols protocols = Protocols.builtIn();
  private FeedFactory feeds = FeedFactory.webSocket();

  @Override
  public void protocols(Protocols protocols) {
    this.protocols = protocols;
  }

  /** Tests record from a feed of their own. */
  void feeds(FeedFactory feeds) {
    this.feeds = feeds;
  }

  @Override
  public Integer call() throws Exception {
    MarketProtocol market = Cli.protocol(protocols, protocol);
    Duration limit = duration == null ? null : Cli.duration(duration);
    List<Instrument> parsed = new ArrayList<>();
    for (String id : instruments) {
      try {
        parsed.add(Instrument.parse(id.strip()));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "--instruments: '" + id + "' is not an instrument id (venue:BASE-QUOTE[-SUFFIX])", e);
      }
    }
    FeedConfig config = FeedConfig.of(protocol, parsed);
    if (endpoint != null) {
      config = config.withEndpoints(endpoint, restEndpoint);
    }
    // Fail on bad instruments now, with the protocol's own message, not in the pump thread.
    market.plan(endpoint == null ? market.defaultEndpoint() : endpoint, parsed);

    PrintWriter err = spec.commandLine().getErr();
    long start = System.nanoTime();
    CaptureWriter writer;
    try {
      writer = CaptureWriter.open(out, FLUSH_EVERY, PROGRESS_EVERY, p -> progress(err, p, start));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot write " + out + ": " + e, e);
    }
    LiveFeed feed =
        feeds.create(
            market,
            config,
            Registry.loadDefault(),
            MarketOutput.DISCARD,
            writer,
            new SimpleMeterRegistry());
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                finished.await(5, TimeUnit.SECONDS); // let the main thread print the summary
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "sextant-record-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    err.printf(
        "recording %s %s to %s%s; Ctrl-C to stop%n",
        protocol, String.join(",", instruments), out, limit == null ? "" : " for " + duration);
    err.flush();
    try {
      feed.start();
      long deadline = limit == null ? Long.MAX_VALUE : start + limit.toNanos();
      while (System.nanoTime() - deadline < 0
          && writer.failure().isEmpty()
          && feed.failure().isEmpty()) {
        long wait = Math.min(TimeUnit.SECONDS.toNanos(1), deadline - System.nanoTime());
        if (stop.await(Math.max(1, wait), TimeUnit.NANOSECONDS)) {
          break;
        }
      }
    } finally {
      feed.close();
      writer.close();
      CaptureWriter.Progress p = writer.progress();
      err.printf(
          "recorded %d frames, %d bytes in %d s to %s (%d oversized frames not recorded)%n",
          p.frames(), p.bytes(), (System.nanoTime() - start) / 1_000_000_000L, out, p.oversized());
      err.flush();
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down (Ctrl-C): the hook is running
      }
    }
    if (feed.failure().isPresent()) {
      err.println(
          "sextant: the feed stopped: "
              + feed.failure().get()
              + "; the capture holds what came before");
      err.flush();
      return 1;
    }
    if (writer.failure().isPresent()) {
      throw new IllegalArgumentException(
          "cannot write " + out + ": " + writer.failure().get().getMessage());
    }
    return 0;
  }

  private static void progress(PrintWriter err, CaptureWriter.Progress p, long start) {
    err.printf(
        "  %d s: %d frames, %d bytes%n",
        (System.nanoTime() - start) / 1_000_000_000L, p.frames(), p.bytes());
    err.flush();
  }
}
