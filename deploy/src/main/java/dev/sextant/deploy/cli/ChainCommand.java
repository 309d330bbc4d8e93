package dev.sextant.deploy.cli;

import dev.sextant.deploy.chain.ChainClients;
import dev.sextant.deploy.chain.ChainEventPrinter;
import dev.sextant.deploy.config.ChainSettings;
import dev.sextant.ingest.chain.ChainConfig;
import dev.sextant.ingest.chain.rpc.ChainRpc;
import dev.sextant.ingest.chain.rpc.NewHeads;
import dev.sextant.ingest.chain.rpc.RpcException;
import dev.sextant.ingest.chain.rpc.RpcSettings;
import dev.sextant.ingest.chain.tail.ChainTailer;
import dev.sextant.ingest.sink.SinkConfig;
import dev.sextant.schemas.registry.Registry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sextant chain}: tools for EVM chains. */
@Command(
    name = "chain",
    description = "Tools for EVM chains.",
    mixinStandardHelpOptions = true,
    subcommands = ChainCommand.Tail.class)
final class ChainCommand {

  /** Exit code when the tailer stops on an error the user cannot fix by changing arguments. */
  static final int TAIL_FAILED = 1;

  /**
   * {@code sextant chain tail}: the chain tailer of the node, printing decoded events instead of
   * publishing them.
   */
  @Command(
      name = "tail",
      description =
          "Read a chain's logs over JSON-RPC (HTTP only) and print each decoded event as one JSON"
              + " line (the proto3 JSON mapping of sextant.v1.ChainEvent) on stdout, without Kafka."
              + " Progress and a summary go to stderr.",
      mixinStandardHelpOptions = true)
  static final class Tail implements Callable<Integer> {

    /** How often progress goes to stderr. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    @Spec CommandSpec spec;

    @Option(
        names = "--rpc",
        required = true,
        paramLabel = "URL",
        description = "The node's JSON-RPC URL (http:// or https://).")
    String rpc;

    @Option(
        names = "--from",
        paramLabel = "BLOCK",
        description =
            "The first block to read (default: the newest final block when it starts, the head"
                + " minus --confirmations).")
    Long from;

    @Option(
        names = "--to",
        paramLabel = "BLOCK",
        description = "The last block to read, then exit (default: follow the chain until Ctrl-C).")
    Long to;

    @Option(
        names = "--contracts",
        split = ",",
        paramLabel = "ADDR",
        description =
            "Only logs of these contracts, comma-separated (default: every log whose event"
                + " signature Sextant decodes).")
    List<String> contracts = List.of();

    @Option(
        names = "--confirmations",
        paramLabel = "N",
        description = "Reorg depth: blocks on top of a block before it is final (default: 64).")
    int confirmations = ChainConfig.DEFAULT_CONFIRMATIONS;

    @Option(
        names = "--chain-id",
        paramLabel = "N",
        description = "The chain id the node must report (default: whatever it reports).")
    Long chainId;

    @Override
    public Integer call() throws Exception {
      URI url = ChainSettings.httpUrl("--rpc", rpc);
      Set<String> watched = new LinkedHashSet<>();
      for (String contract : contracts) {
        watched.add(ChainSettings.address("--contracts", contract.strip()));
      }
      checkRange();
      if (confirmations < 1) {
        throw new IllegalArgumentException(
            "--confirmations must be at least 1, was " + confirmations);
      }
      PrintWriter err = spec.commandLine().getErr();
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      // Few attempts: a URL that does not answer is reported at once, not after minutes of backoff.
      RpcSettings settings =
          new RpcSettings(
              url,
              Optional.empty(),
              RpcSettings.DEFAULT_REQUEST_TIMEOUT,
              RpcSettings.DEFAULT_INITIAL_BACKOFF,
              RpcSettings.DEFAULT_MAX_BACKOFF,
              3,
              RpcSettings.DEFAULT_BATCH_SIZE);
      try (ChainRpc client = ChainClients.rpc(settings, meters, "cli")) {
        long reported = chainIdOf(client, url);
        if (chainId != null && chainId != reported) {
          throw new IllegalArgumentException(
              "the node at " + url + " reports chain id " + reported + ", not " + chainId);
        }
        if (from == null && to != null) {
          long head = client.headNumber();
          if (to < head) {
            throw new IllegalArgumentException(
                "--to " + to + " is below the node's head " + head + ": give --from as well");
          }
        }
        ChainConfig config =
            new ChainConfig(
                "cli",
                reported,
                settings,
                confirmations,
                from == null ? -1 : from,
                to == null ? OptionalLong.empty() : OptionalLong.of(to),
                watched,
                List.of(),
                List.of(),
                Optional.empty(),
                ChainConfig.DEFAULT_BACKFILL_BLOCKS,
                ChainConfig.DEFAULT_BACKFILL_MAX_BLOCKS,
                ChainConfig.DEFAULT_POLL_INTERVAL);
        ChainEventPrinter printer = new ChainEventPrinter(spec.commandLine().getOut());
        ChainTailer tailer =
            new ChainTailer(
                config,
                Registry.loadDefault(),
                client,
                NewHeads.NONE,
                printer,
                SinkConfig.of(config.sourceId()),
                meters,
                Clock.systemUTC());
        printer.onOutputClosed(tailer::close);
        err.println(
            "chain tail: chain "
                + reported
                + " at "
                + url
                + ", from "
                + (from == null ? "the newest final block" : "block " + from)
                + (to == null ? ", until Ctrl-C" : " to block " + to)
                + (watched.isEmpty()
                    ? ", every known event"
                    : ", " + watched.size() + " contracts"));
        err.flush();
        return run(tailer, printer, err);
      }
    }

    private void checkRange() {
      if (from != null && from < 0) {
        throw new IllegalArgumentException(
            "--from must be a block number (0 or more), was " + from);
      }
      if (to != null && to < 0) {
        throw new IllegalArgumentException("--to must be a block number (0 or more), was " + to);
      }
      if (from != null && to != null && to < from) {
        throw new IllegalArgumentException(
            "--to (" + to + ") must not be below --from (" + from + ")");
      }
    }

    private static long chainIdOf(ChainRpc client, URI url) {
      try {
        return client.chainId();
      } catch (RpcException e) {
        throw new IllegalArgumentException(
            "no JSON-RPC node answers at " + url + " (" + e.kind() + ": " + e.getMessage() + ")",
            e);
      }
    }

    /** Runs the tailer here; Ctrl-C stops it at a block boundary and still prints the summary. */
    private Integer run(ChainTailer tailer, ChainEventPrinter printer, PrintWriter err)
        throws InterruptedException {
      CountDownLatch finished = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                tailer.close();
                try {
                  finished.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "sextant-chain-tail-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      Thread progress =
          Thread.ofVirtual()
              .name("sextant-chain-tail-progress")
              .start(() -> progress(tailer, printer, err));
      try {
        tailer.run();
        return 0;
      } catch (IllegalStateException e) {
        err.println("sextant: chain tail stopped: " + e.getMessage());
        return TAIL_FAILED;
      } finally {
        progress.interrupt();
        progress.join();
        err.println(printer.summary());
        err.flush();
        finished.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // Ctrl-C: the hook is running and waits for this.
        }
      }
    }

    private static void progress(ChainTailer tailer, ChainEventPrinter printer, PrintWriter err) {
      try {
        while (true) {
          Thread.sleep(PROGRESS_EVERY);
          var status = tailer.status();
          err.println(
              "chain tail: "
                  + status.phase()
                  + ", block "
                  + status.tip()
                  + " of head "
                  + status.head()
                  + ", "
                  + printer.events()
                  + " events"
                  + status.lastError().map(e -> ", retrying: " + e).orElse(""));
          err.flush();
        }
      } catch (InterruptedException e) {
        // done
      }
    }
  }
}
