package dev.sextant.deploy.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The capture shipped for {@code sextant demo}: Coinbase Exchange {@code match} frames written by
 * the project's generator (a seeded random walk, not a recording of the venue).
 */
public final class BundledCapture {

  static final String RESOURCE = "/demo/coinbase-exchange.capture.gz";

  private BundledCapture() {}

  /** The compressed capture as a stream. */
  public static InputStream open() {
    InputStream in = BundledCapture.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException(
          "the bundled capture " + RESOURCE + " is missing from the jar");
    }
    return in;
  }

  /** Copies the capture into {@code dir} (replay reads files) and returns its path. */
  public static Path extractTo(Path dir) {
    try (InputStream in = open()) {
      Files.createDirectories(dir);
      Path file = dir.resolve("coinbase-exchange.capture.gz");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract the bundled capture to " + dir, e);
    }
  }
}
