package dev.sextant.ingest.market.coinbase;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The top-level scalar fields of one Coinbase Exchange frame, read in one streaming pass. The
 * frames that carry records (match, ticker, heartbeat) are flat, so this is all they need; a frame
 * with arrays (snapshot, l2update) is read again as a tree.
 */
final class ExchangeFields {

  /** Marks a field whose value was an object or array where text or a number belongs. */
  static final String NOT_SCALAR = new String("<not a scalar>");

  String type;
  String tradeId;
  boolean tradeIdIsFloat;
  String productId;
  String price;
  String size;
  String side;
  String sequence;
  String time;
  String bestBid;
  String bestBidSize;
  String bestAsk;
  String bestAskSize;
  String lastTradeId;
  String message;
  String reason;

  /** Reads the object the parser is at (its START_OBJECT already consumed) to its end. */
  void read(JsonParser parser) throws IOException {
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (name) {
        case "type" -> type = text(parser, value);
        case "trade_id" -> {
          tradeId = text(parser, value);
          tradeIdIsFloat = value == JsonToken.VALUE_NUMBER_FLOAT;
        }
        case "product_id" -> productId = text(parser, value);
        case "price" -> price = text(parser, value);
        case "size" -> size = text(parser, value);
        case "side" -> side = text(parser, value);
        case "sequence" -> sequence = text(parser, value);
        case "time" -> time = text(parser, value);
        case "best_bid" -> bestBid = text(parser, value);
        case "best_bid_size" -> bestBidSize = text(parser, value);
        case "best_ask" -> bestAsk = text(parser, value);
        case "best_ask_size" -> bestAskSize = text(parser, value);
        case "last_trade_id" -> lastTradeId = text(parser, value);
        case "message" -> message = text(parser, value);
        case "reason" -> reason = text(parser, value);
        // Other fields are not read: their text is never built.
        default -> parser.skipChildren();
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new IOException("unexpected " + token);
    }
  }

  /** The scalar's text; {@link #NOT_SCALAR} for an object or array, skipped; null for null. */
  private static String text(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) {
      parser.skipChildren();
      return NOT_SCALAR;
    }
    return value == JsonToken.VALUE_NULL ? null : parser.getText();
  }
}
