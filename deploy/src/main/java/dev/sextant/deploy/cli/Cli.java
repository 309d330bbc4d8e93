package dev.sextant.deploy.cli;

import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.Protocols;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Argument checks shared by the market commands, failing with a message the user can act on. */
final class Cli {

  private Cli() {}

  /** The protocol named {@code name}; unknown: an error naming the known ones. */
  static MarketProtocol protocol(Protocols protocols, String name) {
    if (protocols.find(name).isEmpty()) {
      throw new IllegalArgumentException(
          "unknown protocol '"
              + name
              + "'; known protocols: "
              + (protocols.names().isEmpty() ? "(none)" : String.join(", ", protocols.names())));
    }
    return protocols.require(name);
  }

  /** {@code file}, which must be a readable file. */
  static Path existingFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("capture file " + file + " does not exist");
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("capture file " + file + " is not readable");
    }
    return file;
  }

  /** A replay speed: {@code max} (0: as fast as possible) or a factor of the recorded pace. */
  static double speed(String text) {
    if (text.equalsIgnoreCase("max")) {
      return 0;
    }
    try {
      double speed = Double.parseDouble(text);
      if (speed > 0 && !Double.isInfinite(speed)) {
        return speed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--speed must be 'max' or a number > 0 (1 = as recorded), was '" + text + "'");
  }

  /** A duration: {@code 90s}, {@code 10m}, {@code 2h}, {@code 1d} or ISO-8601 {@code PT1M30S}. */
  static Duration duration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return positive(text, Duration.parse(t.toUpperCase(Locale.ROOT)));
      }
      long amount = Long.parseLong(t.substring(0, t.length() - 1));
      return positive(
          text,
          switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new NumberFormatException();
          });
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw new IllegalArgumentException(
          "--duration must be like 90s, 10m, 2h or 1d, was '" + text + "'");
    }
  }

  private static Duration positive(String text, Duration duration) {
    if (!duration.isPositive()) {
      throw new IllegalArgumentException("--duration must be > 0, was '" + text + "'");
    }
    return duration;
  }
}
