package dev.sextant.ingest.news.poll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.ingest.news.fetch.Validators;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The news source's cursor text: the validators of every feed, so a restart resumes conditional
 * GETs. Format (JSON, feeds sorted by name, absent validators left out):
 *
 * <pre>{"v":1,"feeds":{"coindesk":{"etag":"\"abc\"","lastModified":"Tue, 01 Jul 2025 ..."}}}</pre>
 *
 * The empty string is the cursor of a source that never committed: no validators.
 */
public final class PollPosition {

  static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private PollPosition() {}

  /** The text of {@code validators} by feed name. */
  public static String format(Map<String, Validators> validators) {
    ObjectNode root = JSON.createObjectNode();
    root.put("v", VERSION);
    ObjectNode feeds = root.putObject("feeds");
    new TreeMap<>(validators)
        .forEach(
            (name, v) -> {
              ObjectNode feed = feeds.putObject(name);
              v.etag().ifPresent(etag -> feed.put("etag", etag));
              v.lastModified().ifPresent(lm -> feed.put("lastModified", lm));
            });
    return root.toString();
  }

  /**
   * The validators by feed name of a position written by {@link #format}.
   *
   * @throws IllegalArgumentException when the text is not such a position
   */
  public static Map<String, Validators> parse(String position) {
    Map<String, Validators> out = new LinkedHashMap<>();
    if (position.isBlank()) {
      return out;
    }
    JsonNode root;
    try {
      root = JSON.readTree(position);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("news position is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject() || root.path("v").asInt(-1) != VERSION) {
      throw new IllegalArgumentException("news position of an unknown version: " + position);
    }
    JsonNode feeds = root.path("feeds");
    if (!feeds.isObject()) {
      throw new IllegalArgumentException("news position without feeds: " + position);
    }
    for (Map.Entry<String, JsonNode> feed : feeds.properties()) {
      out.put(
          feed.getKey(),
          new Validators(text(feed.getValue(), "etag"), text(feed.getValue(), "lastModified")));
    }
    return out;
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isTextual() ? Optional.empty() : Optional.of(value.asText());
  }
}
