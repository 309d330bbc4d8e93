package dev.sextant.ingest.news.poll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.ingest.news.fetch.Validators;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The news source's cursor: the validators of every feed, so a restart resumes conditional GETs,
 * and for a feed whose last fetch failed, the instant before which it is not fetched again (its
 * backoff, or the publisher's {@code Retry-After}), so a restart honours the wait. Format (JSON,
 * feeds sorted by name, absent fields left out):
 *
 * <pre>{"v":1,"feeds":{"coindesk":{"etag":"\"abc\"","lastModified":"Tue, 01 Jul 2025 ..."},
 *  "limited":{"notBefore":"2025-07-01T13:00:00Z"}}}</pre>
 *
 * {@code notBefore} was added to version 1 as an optional field: a position without it (written
 * before) reads as no wait, and a reader that does not know it ignores it. The empty string is the
 * cursor of a source that never committed: no validators, no wait.
 *
 * @param validators by feed name
 * @param notBefore by feed name, for the feeds held back after a failure
 */
public record PollPosition(Map<String, Validators> validators, Map<String, Instant> notBefore) {

  /** The position of a source that never committed. */
  public static final PollPosition EMPTY = new PollPosition(Map.of(), Map.of());

  static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  public PollPosition {
    validators = Map.copyOf(validators);
    notBefore = Map.copyOf(notBefore);
  }

  /** The text of this position. */
  public String format() {
    ObjectNode root = JSON.createObjectNode();
    root.put("v", VERSION);
    ObjectNode feeds = root.putObject("feeds");
    TreeSet<String> names = new TreeSet<>(validators.keySet());
    names.addAll(notBefore.keySet());
    for (String name : names) {
      ObjectNode feed = feeds.putObject(name);
      Validators v = validators.getOrDefault(name, Validators.NONE);
      v.etag().ifPresent(etag -> feed.put("etag", etag));
      v.lastModified().ifPresent(lm -> feed.put("lastModified", lm));
      Optional.ofNullable(notBefore.get(name))
          .ifPresent(at -> feed.put("notBefore", at.toString()));
    }
    return root.toString();
  }

  /**
   * The position written by {@link #format}; every feed named has validators ({@link
   * Validators#NONE} when it has none).
   *
   * @throws IllegalArgumentException when the text is not such a position
   */
  public static PollPosition parse(String position) {
    if (position.isBlank()) {
      return EMPTY;
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
    Map<String, Validators> validators = new LinkedHashMap<>();
    Map<String, Instant> notBefore = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> feed : feeds.properties()) {
      JsonNode fields = feed.getValue();
      validators.put(
          feed.getKey(), new Validators(text(fields, "etag"), text(fields, "lastModified")));
      Optional<String> held = text(fields, "notBefore");
      if (held.isPresent()) {
        try {
          notBefore.put(feed.getKey(), Instant.parse(held.get()));
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException(
              "news position with an unreadable notBefore of feed "
                  + feed.getKey()
                  + ": "
                  + held.get());
        }
      }
    }
    return new PollPosition(validators, notBefore);
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isTextual() ? Optional.empty() : Optional.of(value.asText());
  }
}
