package dev.sextant.ingest.market;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sextant.ingest.deadletter.ErrorKind;
import java.io.IOException;

/**
 * Reads a venue's array of flat trade objects with the streaming parser: each element's fields are
 * read as text first and handed over after, so one bad trade is dead-lettered and the others kept.
 * The venues name the fields differently ({@code px} or {@code p}); {@link Names} says which.
 */
public final class TradeElements {

  /**
   * The venue's names of a trade's fields.
   *
   * @param sequence the field of the venue's sequence number, or null when it sends none
   */
  public record Names(
      String instrument,
      String id,
      String price,
      String size,
      String side,
      String time,
      String sequence) {}

  /** One element's values, as the venue wrote them; null for an absent field. */
  public record Element(
      String instrument,
      String id,
      String price,
      String size,
      String side,
      String time,
      String sequence) {}

  /** Turns one element into a record; throws {@link FrameException} for a bad element. */
  @FunctionalInterface
  public interface Publisher {
    void publish(Element element, long receivedEpochNanos);
  }

  private TradeElements() {}

  /**
   * Reads the array the parser is positioned on (its START_ARRAY is the current token).
   *
   * @param channel the channel's name, for error messages
   * @param defaultInstrument the instrument of the push, for elements that omit their own
   * @throws FrameException when the array itself is malformed
   */
  public static void decode(
      JsonParser parser,
      String channel,
      Names names,
      String defaultInstrument,
      long receivedEpochNanos,
      MarketOutput output,
      Publisher publisher)
      throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw new FrameException(
          ErrorKind.MALFORMED_JSON, "\"data\" of " + channel + " is not an array");
    }
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      String instrument = defaultInstrument;
      String id = null;
      String price = null;
      String size = null;
      String side = null;
      String time = null;
      String sequence = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value.isStructStart()) {
          parser.skipChildren();
        } else if (name.equals(names.price())) {
          price = parser.getValueAsString();
        } else if (name.equals(names.size())) {
          size = parser.getValueAsString();
        } else if (name.equals(names.side())) {
          side = parser.getValueAsString();
        } else if (name.equals(names.time())) {
          time = parser.getValueAsString();
        } else if (name.equals(names.id())) {
          id = parser.getValueAsString();
        } else if (name.equals(names.instrument())) {
          instrument = parser.getValueAsString();
        } else if (name.equals(names.sequence())) {
          sequence = parser.getValueAsString();
        }
      }
      try {
        publisher.publish(
            new Element(instrument, id, price, size, side, time, sequence), receivedEpochNanos);
      } catch (FrameException e) {
        output.deadLetter(e.kind(), channel + ": " + e.getMessage());
      }
    }
    if (parser.currentToken() != JsonToken.END_ARRAY) {
      throw new FrameException(ErrorKind.MALFORMED_JSON, channel + " element is not an object");
    }
  }
}
