package dev.sextant.ingest.market.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * The third-party recordings in {@code shared/data} (in the working directory or an ancestor), read
 * in place; a test that needs one is skipped with a message when it is absent (a user's clone has
 * no {@code shared}).
 */
public final class SharedData {

  /** One line of a gzip JSON-lines recording. */
  public record Line(String type, String conn, double ts, String data) {}

  private SharedData() {}

  /** The recording {@code name}; skips the calling test when it is not there. */
  public static Path require(String name) {
    Optional<Path> file = Optional.empty();
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("data").resolve(name);
      if (Files.isRegularFile(candidate)) {
        file = Optional.of(candidate);
        break;
      }
    }
    Assumptions.assumeTrue(file.isPresent(), "skipped: ../shared/data/" + name + " is not present");
    return file.get();
  }

  /** Every line of the gzip JSON-lines recording {@code name}; skips when it is not there. */
  public static List<Line> lines(String name) throws IOException {
    Path file = require(name);
    ObjectMapper json = new ObjectMapper();
    List<Line> lines = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode node = json.readTree(line);
        lines.add(
            new Line(
                node.path("t").asText(),
                node.path("conn").asText(),
                node.path("ts").asDouble(),
                node.path("data").asText()));
      }
    }
    return lines;
  }
}
