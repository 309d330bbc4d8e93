package dev.sextant.deploy.cli;

import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.Protocols;
import dev.sextant.ingest.market.parse.CaptureParser;
import dev.sextant.ingest.market.parse.ParseSummary;
import dev.sextant.schemas.registry.Registry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sextant market}: offline tools for market captures. */
@Command(
    name = "market",
    description = "Offline tools for market captures.",
    mixinStandardHelpOptions = true,
    subcommands = MarketCommand.Parse.class)
final class MarketCommand {

  /** {@code sextant market parse}: a capture's records as JSON lines, no Kafka involved. */
  @Command(
      name = "parse",
      description =
          "Decode a capture with its protocol and print one JSON line per record (trade, quote,"
              + " book) on stdout; a summary goes to stderr.",
      mixinStandardHelpOptions = true)
  static final class Parse implements Callable<Integer>, UsesProtocols {

    @Spec CommandSpec spec;

    @Option(
        names = "--protocol",
        required = true,
        paramLabel = "P",
        description = "The capture's protocol: coinbase-exchange, binance, okx, ...")
    String protocol;

    @Parameters(paramLabel = "FILE", description = "The capture, plain or gzip.")
    Path file;

    private Protocols protocols = Protocols.builtIn();

    @Override
    public void protocols(Protocols protocols) {
      this.protocols = protocols;
    }

    @Override
    public Integer call() throws Exception {
      MarketProtocol market = Cli.protocol(protocols, protocol);
      Cli.existingFile(file);
      PrintWriter out = spec.commandLine().getOut();
      ParseSummary summary = new CaptureParser(market, Registry.loadDefault()).parse(file, out);
      out.flush();
      spec.commandLine().getErr().println(summary.format());
      return 0;
    }
  }
}
