package dev.sextant.deploy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code sextant version}: the build's version and the runtime it runs on. */
@Command(name = "version", description = "Print the version of Sextant and of the runtime.")
public final class VersionCommand implements Runnable {

  @Override
  public void run() {
    for (String line : new Provider().getVersion()) {
      System.out.println(line);
    }
  }

  /** Reads the version Maven wrote into {@code sextant-version.properties}. */
  public static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties props = new Properties();
      try (InputStream in =
          VersionCommand.class.getResourceAsStream("/sextant-version.properties")) {
        if (in != null) {
          props.load(in);
        }
      } catch (IOException e) {
        // Fall through to "unknown": the version is informative, never fatal.
      }
      return new String[] {
        "sextant " + props.getProperty("version", "unknown"),
        "java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
