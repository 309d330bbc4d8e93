package dev.sextant.ingest.market;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a {@link FeedControl#fetch}, as a frame in the session's stream: {@code
 * {"sextant_rest":{"url":...,"status":200,"body":"..."}}}. No venue sends a frame that starts this
 * way, so sessions tell it apart by {@link #isRest(String)}; a capture keeps it like any frame, so
 * a replay rebuilds books from the same snapshots the live feed used.
 *
 * @param url the URI fetched
 * @param status the HTTP status, or 0 when the request failed without one
 * @param body the response body; for a failure without a response, the error
 */
public record RestFrame(URI url, int status, String body) {

  private static final String PREFIX = "{\"sextant_rest\":";
  private static final ObjectMapper JSON = new ObjectMapper();

  public RestFrame {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(body, "body");
  }

  /** True for a 2xx answer. */
  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /** True when {@code frame} is a REST answer rather than a venue frame. */
  public static boolean isRest(String frame) {
    return frame.startsWith(PREFIX);
  }

  /** This answer as one frame line (no line breaks: JSON escapes them). */
  public String encode() {
    ObjectNode inner = JSON.createObjectNode();
    inner.put("url", url.toString());
    inner.put("status", status);
    inner.put("body", body);
    ObjectNode outer = JSON.createObjectNode();
    outer.set("sextant_rest", inner);
    return outer.toString();
  }

  /** The answer a frame holds, or empty when it is not a well-formed REST frame. */
  public static Optional<RestFrame> decode(String frame) {
    if (!isRest(frame)) {
      return Optional.empty();
    }
    try {
      JsonNode inner = JSON.readTree(frame).get("sextant_rest");
      if (inner == null
          || !inner.path("url").isTextual()
          || !inner.path("status").canConvertToInt()
          || !inner.path("body").isTextual()) {
        return Optional.empty();
      }
      return Optional.of(
          new RestFrame(
              URI.create(inner.get("url").asText()),
              inner.get("status").asInt(),
              inner.get("body").asText()));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
