package dev.sextant.ingest.market.coinbase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.sextant.ingest.deadletter.DeadLetters;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.time.ProtoTime;
import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** A pure adapter from one Coinbase Exchange WebSocket feed text frame to a Sextant record. */
public final class CoinbaseExchangeAdapter {

  /** The Sextant venue name. */
  public static final String VENUE = "coinbase";

  // Floats as BigDecimal so a price sent as a JSON number still keeps every digit; trailing
  // tokens fail so that two frames glued on one line are not half-read.
  private static final ObjectReader READER =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .reader();

  /** Frame types of the Exchange feed that carry nothing published yet. */
  private static final Set<String> KNOWN_IGNORED =
      Set.of(
          "subscriptions",
          "heartbeat",
          "ticker",
          "snapshot",
          "l2update",
          "error",
          "status",
          "received",
          "open",
          "done",
          "change",
          "activate");

  /**
   * Bound on the digits of a decimal on either side of the point: far beyond any real price or
   * size, and small enough that an exponent such as {@code 1e2147483647} never becomes a string.
   */
  static final int MAX_DECIMAL_DIGITS = 40;

  /** Bound on a value quoted in an error message, so that a huge field cannot bloat it. */
  static final int MAX_QUOTED_CHARS = 200;

  private CoinbaseExchangeAdapter() {}

  /**
   * Adapts one frame.
   *
   * @param frame the text frame, as received
   * @param ingestTime when Sextant received the frame
   * @param products maps the frame's product id to an instrument
   */
  public static Adapted adapt(String frame, Instant ingestTime, ProductMapping products) {
    JsonNode root;
    try {
      root = READER.readTree(frame);
    } catch (JsonProcessingException e) {
      return new Adapted.Failed(ErrorKind.MALFORMED_JSON, "not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      return new Adapted.Failed(ErrorKind.MALFORMED_JSON, "frame is not a JSON object");
    }
    JsonNode type = root.get("type");
    if (type == null || !type.isTextual()) {
      return new Adapted.Failed(ErrorKind.MISSING_FIELD, "frame has no text field \"type\"");
    }
    String typeName = type.asText();
    return switch (typeName) {
      case "match", "last_match" -> trade(root, typeName, ingestTime, products);
      default -> new Adapted.Ignored(typeName, KNOWN_IGNORED.contains(typeName));
    };
  }

  private static Adapted trade(
      JsonNode frame, String type, Instant ingestTime, ProductMapping products) {
    Fields fields = new Fields(frame, type);
    try {
      String tradeId = fields.id("trade_id");
      String productId = fields.text("product_id");
      Trade.Builder trade =
          Trade.newBuilder()
              .setVenue(VENUE)
              .setTradeId(tradeId)
              .setPrice(Decimals.of(fields.positiveDecimal("price")))
              .setSize(Decimals.of(fields.positiveDecimal("size")))
              .setSide(aggressorSide(fields, fields.text("side")))
              .setSequence(fields.integer("sequence"))
              .setEventTime(ProtoTime.of(fields.time("time")))
              .setIngestTime(ProtoTime.of(ingestTime));
      try {
        trade.setInstrument(products.instrument(productId).id());
      } catch (IllegalArgumentException e) {
        throw fields.fail(
            ErrorKind.UNKNOWN_INSTRUMENT, "product_id: " + quoted(String.valueOf(e.getMessage())));
      }
      return new Adapted.Trade(trade.build());
    } catch (Fields.FieldException e) {
      return new Adapted.Failed(e.kind, e.getMessage());
    }
  }

  // Coinbase's `side` is the side of the MAKER (the resting order); the aggressor is the taker on
  // the other side. A "sell" maker was lifted by a buyer, so the trade is a BUY, and vice versa.
  private static Side aggressorSide(Fields fields, String makerSide) {
    return switch (makerSide) {
      case "sell" -> Side.SIDE_BUY;
      case "buy" -> Side.SIDE_SELL;
      default ->
          throw fields.fail(
              ErrorKind.BAD_VALUE,
              "field \"side\" is '" + quoted(makerSide) + "', not buy or sell");
    };
  }

  /** {@code text} cut to {@link #MAX_QUOTED_CHARS} for an error message. */
  private static String quoted(String text) {
    return DeadLetters.abbreviate(text, MAX_QUOTED_CHARS);
  }

  /** Reads typed fields of one frame, failing with the field's name and the frame's type. */
  private record Fields(JsonNode frame, String type) {

    JsonNode require(String name) {
      JsonNode node = frame.get(name);
      if (node == null || node.isNull()) {
        throw fail(ErrorKind.MISSING_FIELD, "missing field \"" + name + "\"");
      }
      return node;
    }

    String text(String name) {
      JsonNode node = require(name);
      if (!node.isTextual() || node.asText().isBlank()) {
        throw fail(ErrorKind.BAD_VALUE, "field \"" + name + "\" is not a non-blank string");
      }
      return node.asText();
    }

    /** An id the venue writes as an integer or a string. */
    String id(String name) {
      JsonNode node = require(name);
      if (node.isIntegralNumber() || (node.isTextual() && !node.asText().isBlank())) {
        return node.asText();
      }
      throw fail(
          ErrorKind.BAD_NUMBER,
          "field \"" + name + "\" is not an integer id: " + quoted(node.toString()));
    }

    long integer(String name) {
      JsonNode node = require(name);
      if (node.isIntegralNumber() && node.canConvertToLong()) {
        return node.longValue();
      }
      if (node.isTextual()) {
        try {
          return Long.parseLong(node.asText());
        } catch (NumberFormatException e) {
          // reported below, with the value
        }
      }
      throw fail(
          ErrorKind.BAD_NUMBER,
          "field \"" + name + "\" is not a 64-bit integer: " + quoted(node.toString()));
    }

    BigDecimal positiveDecimal(String name) {
      JsonNode node = require(name);
      BigDecimal value;
      if (node.isTextual()) {
        // Checked before parsing: BigDecimal parses a string of millions of digits slowly.
        if (node.asText().length() > 4 * MAX_DECIMAL_DIGITS) {
          throw fail(
              ErrorKind.BAD_NUMBER,
              "field \""
                  + name
                  + "\" is longer than "
                  + 4 * MAX_DECIMAL_DIGITS
                  + " characters: "
                  + quoted(node.toString()));
        }
        try {
          value = new BigDecimal(node.asText());
        } catch (NumberFormatException e) {
          throw fail(
              ErrorKind.BAD_NUMBER,
              "field \"" + name + "\" is not a decimal: " + quoted(node.toString()));
        }
      } else if (node.isNumber()) {
        value = node.decimalValue();
      } else {
        throw fail(
            ErrorKind.BAD_NUMBER,
            "field \"" + name + "\" is not a decimal: " + quoted(node.toString()));
      }
      // Long arithmetic: for 1e2147483647 the int subtraction overflows.
      long integerDigits = (long) value.precision() - value.scale();
      if (value.scale() > MAX_DECIMAL_DIGITS || integerDigits > MAX_DECIMAL_DIGITS) {
        throw fail(
            ErrorKind.BAD_NUMBER,
            "field \""
                + name
                + "\" has more than "
                + MAX_DECIMAL_DIGITS
                + " digits before or after the point: "
                + quoted(node.toString()));
      }
      if (value.signum() <= 0) {
        throw fail(
            ErrorKind.BAD_NUMBER,
            "field \"" + name + "\" is not positive: " + quoted(node.toString()));
      }
      return value;
    }

    Instant time(String name) {
      String text = text(name);
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        throw fail(
            ErrorKind.BAD_TIME, "field \"" + name + "\" is not RFC 3339: '" + quoted(text) + "'");
      }
    }

    FieldException fail(ErrorKind kind, String message) {
      return new FieldException(kind, type + " frame: " + message);
    }

    /** A field failure; thrown only inside this adapter and turned into {@link Adapted.Failed}. */
    static final class FieldException extends RuntimeException {
      private final transient ErrorKind kind;

      FieldException(ErrorKind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
      }
    }
  }
}
