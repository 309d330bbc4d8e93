package dev.sextant.deploy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A benchmark's own temporary folder (broker log, state stores), deleted when the benchmark ends: a
 * run of {@code bench streams} writes gigabytes, and a few left behind fill the disk.
 */
public final class BenchDirectory implements AutoCloseable {

  private final Path path;

  private BenchDirectory(Path path) {
    this.path = path;
  }

  /** A new empty folder under the system's temporary folder, named {@code prefix...}. */
  public static BenchDirectory create(String prefix) throws IOException {
    return new BenchDirectory(Files.createTempDirectory(prefix));
  }

  public Path path() {
    return path;
  }

  /** Deletes the folder and everything in it. */
  @Override
  public void close() {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the benchmark folder " + path, e);
    }
  }
}
