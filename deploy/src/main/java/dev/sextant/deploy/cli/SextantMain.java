package dev.sextant.deploy.cli;

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
    return new CommandLine(new SextantMain())
        .setExecutionExceptionHandler(new FriendlyErrors())
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
