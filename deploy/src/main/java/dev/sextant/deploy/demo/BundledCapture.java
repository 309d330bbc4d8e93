package dev.sextant.deploy.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The captures shipped for {@code sextant demo}: one per market protocol, {@code
 * dev/sextant/ingest/market/demo/<protocol>.capture.gz} on the classpath (written by the project's
 * generators, not recordings of the venues), and the original Coinbase Exchange capture of {@code
 * match} frames, used for {@code coinbase-exchange} when the per-protocol one is absent.
 */
public final class BundledCapture {

  static final String RESOURCE = "/demo/coinbase-exchange.capture.gz";
  static final String PROTOCOL_RESOURCES = "/dev/sextant/ingest/market/demo/";

  private BundledCapture() {}

  /** The original Coinbase Exchange capture, compressed, as a stream. */
  public static InputStream open() {
    InputStream in = BundledCapture.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException(
          "the bundled capture " + RESOURCE + " is missing from the jar");
    }
    return in;
  }

  /** The bundled capture of {@code protocol}, compressed, if Sextant ships one. */
  public static Optional<InputStream> open(String protocol) {
    InputStream in =
        BundledCapture.class.getResourceAsStream(PROTOCOL_RESOURCES + protocol + ".capture.gz");
    if (in == null && protocol.equals("coinbase-exchange")) {
      in = BundledCapture.class.getResourceAsStream(RESOURCE);
    }
    return Optional.ofNullable(in);
  }

  /** Copies the original Coinbase capture into {@code dir} (replay reads files). */
  public static Path extractTo(Path dir) {
    return copy(open(), dir, "coinbase-exchange.capture.gz");
  }

  /** Copies the capture of {@code protocol} into {@code dir}, if Sextant ships one. */
  public static Optional<Path> extractTo(Path dir, String protocol) {
    return open(protocol).map(in -> copy(in, dir, protocol + ".capture.gz"));
  }

  private static Path copy(InputStream source, Path dir, String name) {
    try (InputStream in = source) {
      Files.createDirectories(dir);
      Path file = dir.resolve(name);
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract the bundled capture to " + dir, e);
    }
  }
}
