package dev.sextant.ingest.market.kraken;

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

/** Reads the third-party recordings in {@code shared/data} in place, skipping when absent. */
final class SharedData {

  /** One line of a recording. */
  record Line(String type, String conn, double ts, String data) {}

  private SharedData() {}

  static List<Line> lines(String name) throws IOException {
    Optional<Path> file = Optional.empty();
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("data").resolve(name);
      if (Files.isRegularFile(candidate)) {
        file = Optional.of(candidate);
        break;
      }
    }
    Assumptions.assumeTrue(file.isPresent(), "skipped: ../shared/data/" + name + " is not present");
    ObjectMapper json = new ObjectMapper();
    List<Line> lines = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file.get())), StandardCharsets.UTF_8))) {
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
