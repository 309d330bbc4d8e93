package dev.sextant.ingest.market.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The committed demo captures ({@code dev/sextant/ingest/market/demo/<protocol>.capture.gz} in the
 * main resources), which tests regenerate from the simulators and compare byte for byte so they
 * cannot rot; {@code -Dsextant.demo.write=true} rewrites them first.
 */
public final class DemoCaptureFile {

  /** The demo captures' folder on the classpath and under {@code src/main/resources}. */
  public static final String FOLDER = "dev/sextant/ingest/market/demo/";

  private DemoCaptureFile() {}

  /**
   * Asserts the committed capture {@code name} ({@code okx.capture.gz}) holds exactly {@code
   * expected}; writes it first when {@code sextant.demo.write} is set.
   */
  public static void assertCommitted(String name, String expected) throws IOException {
    if (Boolean.getBoolean("sextant.demo.write")) {
      Path file = Path.of("src", "main", "resources").resolve(FOLDER + name);
      Files.createDirectories(file.getParent());
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
        out.write(expected.getBytes(StandardCharsets.UTF_8));
      }
    }
    assertThat(read(name))
        .as("%s matches the simulator; regenerate it with -Dsextant.demo.write=true", name)
        .isEqualTo(expected);
  }

  /**
   * The committed capture {@code name}, unzipped: the source file when it was just written (the
   * classpath copy is then stale), else the one on the classpath.
   */
  public static String read(String name) throws IOException {
    try (InputStream in = open(name)) {
      assertThat(in).as("committed demo capture %s", name).isNotNull();
      return new String(new GZIPInputStream(in).readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static InputStream open(String name) throws IOException {
    if (Boolean.getBoolean("sextant.demo.write")) {
      return Files.newInputStream(Path.of("src", "main", "resources").resolve(FOLDER + name));
    }
    return DemoCaptureFile.class.getResourceAsStream("/" + FOLDER + name);
  }
}
