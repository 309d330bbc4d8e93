package dev.sextant.deploy.cli;

import dev.sextant.ingest.market.Protocols;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** The {@code sextant} launcher. */
@Command(
    name = "sextant",
    description = "Sextant: a real-time information layer for crypto markets, for AI agents.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    subcommands = {
      UpCommand.class,
      DemoCommand.class,
      QueryCommand.class,
      RecordCommand.class,
      ReplayCommand.class,
      MarketCommand.class,
      ChainCommand.class,
      NewsCommand.class,
      StreamsCommand.class,
      BenchCommand.class,
      VersionCommand.class,
      HelpCommand.class
    })
public final class SextantMain implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for tests that run commands in-process. */
  public static CommandLine commandLine() {
    return commandLine(Protocols.builtIn());
  }

  /** The command line with the market commands speaking {@code protocols}. */
  public static CommandLine commandLine(Protocols protocols) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> type) throws Exception {
            K command = defaults.create(type);
            if (command instanceof UsesProtocols market) {
              market.protocols(protocols);
            }
            return command;
          }
        };
    return new CommandLine(new SextantMain(), factory)
        .setExecutionExceptionHandler(new FriendlyErrors())
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
