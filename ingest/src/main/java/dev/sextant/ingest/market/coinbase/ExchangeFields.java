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
  boolean hasArrays;

  /** Reads the object the parser is at (its START_OBJECT already consumed) to its end. */
  void read(JsonParser parser) throws IOException {
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      String text;
      if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) {
        parser.skipChildren();
        hasArrays = true;
        text = NOT_SCALAR;
      } else if (value == JsonToken.VALUE_NULL) {
        text = null;
      } else {
        text = parser.getText();
      }
      switch (name) {
        case "type" -> type = text;
        case "trade_id" -> {
          tradeId = text;
          tradeIdIsFloat = value == JsonToken.VALUE_NUMBER_FLOAT;
        }
        case "product_id" -> productId = text;
        case "price" -> price = text;
        case "size" -> size = text;
        case "side" -> side = text;
        case "sequence" -> sequence = text;
        case "time" -> time = text;
        case "best_bid" -> bestBid = text;
        case "best_bid_size" -> bestBidSize = text;
        case "best_ask" -> bestAsk = text;
        case "best_ask_size" -> bestAskSize = text;
        case "last_trade_id" -> lastTradeId = text;
        case "message" -> message = text;
        case "reason" -> reason = text;
        default -> {}
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new IOException("unexpected " + token);
    }
  }
}
