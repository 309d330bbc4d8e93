package dev.sextant.deploy.cli;

import dev.sextant.deploy.config.PortCheck.PortInUseException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the errors a user can fix (a taken port, a bad config) into one clear line, not a trace.
 */
final class FriendlyErrors implements IExecutionExceptionHandler {

  static final int CONFIG_ERROR = 2;

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed)
      throws Exception {
    Throwable cause = rootUserError(e);
    if (cause != null) {
      cmd.getErr().println("sextant: " + cause.getMessage());
      return CONFIG_ERROR;
    }
    throw e;
  }

  private static Throwable rootUserError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PortInUseException || t instanceof IllegalArgumentException) {
        return t;
      }
    }
    return null;
  }
}
