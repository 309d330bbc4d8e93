package dev.sextant.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * What a capture file holds, read independently of the ingest code so tests compare the system's
 * output with the file itself: the well-formed match frames in order and the last price per
 * product.
 */
public record CaptureFacts(List<Match> matches, Map<String, String> lastPriceByProduct) {

  public record Match(String productId, long tradeId, String price) {}

  public static CaptureFacts read(Path capture) {
    ObjectMapper json = new ObjectMapper();
    List<Match> matches = new ArrayList<>();
    Map<String, String> last = new LinkedHashMap<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(capture)), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        int tab = line.indexOf('\t');
        JsonNode frame;
        try {
          frame = json.readTree(line.substring(tab + 1));
        } catch (IOException malformed) {
          continue;
        }
        if ("match".equals(frame.path("type").asText())
            && isDecimal(frame.path("price").asText())) {
          Match m =
              new Match(
                  frame.get("product_id").asText(),
                  frame.get("trade_id").asLong(),
                  frame.get("price").asText());
          matches.add(m);
          last.put(m.productId(), m.price());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new CaptureFacts(List.copyOf(matches), Map.copyOf(last));
  }

  private static boolean isDecimal(String text) {
    try {
      new java.math.BigDecimal(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
