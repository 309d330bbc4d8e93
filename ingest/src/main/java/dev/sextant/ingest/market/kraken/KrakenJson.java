package dev.sextant.ingest.market.kraken;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sextant.ingest.deadletter.DeadLetters;
import java.io.IOException;
import java.time.Instant;

/**
 * The JSON setup both Kraken sessions share: numbers kept as exact decimals (v2 sends prices as
 * JSON numbers, which must never pass through a double).
 */
final class KrakenJson {

  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          // "2.0" stays "2.0": the published size keeps the venue's digits.
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  /** Streaming parsers that can also read a subtree (for rare frames). */
  static final JsonFactory FACTORY = MAPPER.getFactory();

  /** Whole-frame tree reads reject trailing garbage; in-stream subtree reads must not. */
  static final ObjectReader STRICT =
      MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private KrakenJson() {}

  /** Jackson's reason, without the location dump. */
  static String error(IOException e) {
    String message =
        e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return DeadLetters.abbreviate(String.valueOf(message), 300);
  }

  /** The first non-blank character, or ' ' for a blank frame. */
  static char firstChar(String frame) {
    for (int i = 0; i < frame.length(); i++) {
      char c = frame.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c;
      }
    }
    return ' ';
  }

  static Instant instant(long epochNanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
  }
}
