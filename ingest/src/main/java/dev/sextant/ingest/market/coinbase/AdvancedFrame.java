package dev.sextant.ingest.market.coinbase;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One Coinbase Advanced Trade frame, read in one streaming pass: the envelope's fields, and either
 * the market_trades events as flat trades (the hot path) or, for every other channel, the events as
 * a tree.
 */
final class AdvancedFrame {

  /** One trade of a market_trades event, as text; {@code bad} names a malformed element. */
  static final class TradeText {
    boolean snapshot;
    String productId;
    String tradeId;
    String price;
    String size;
    String side;
    String time;
    String bad;
  }

  String channel;
  String timestamp;
  String sequenceNum;
  boolean sequenceIsInteger = true;
  String type;
  String message;
  JsonNode events;
  List<TradeText> trades;

  /** Reads the object the parser is at (its START_OBJECT already consumed) to its end. */
  void read(JsonParser parser) throws IOException {
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (name) {
        case "channel" -> channel = scalar(parser, value);
        case "timestamp" -> timestamp = scalar(parser, value);
        case "sequence_num" -> {
          sequenceNum = scalar(parser, value);
          sequenceIsInteger = value == JsonToken.VALUE_NUMBER_INT;
        }
        case "type" -> type = scalar(parser, value);
        case "message" -> message = scalar(parser, value);
        case "events" -> {
          if ("market_trades".equals(channel) && value == JsonToken.START_ARRAY) {
            trades = readTrades(parser);
          } else {
            events = parser.readValueAsTree();
          }
        }
        default -> parser.skipChildren();
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new IOException("unexpected " + token);
    }
    if ("market_trades".equals(channel) && trades == null && events != null && events.isArray()) {
      // "events" came before "channel": the events were read as a tree.
      try (JsonParser again = events.traverse(parser.getCodec())) {
        again.nextToken();
        trades = readTrades(again);
      }
    }
  }

  private static String scalar(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) {
      parser.skipChildren();
      return ExchangeFields.NOT_SCALAR;
    }
    return value == JsonToken.VALUE_NULL ? null : parser.getText();
  }

  private static List<TradeText> readTrades(JsonParser parser) throws IOException {
    List<TradeText> trades = new ArrayList<>();
    int eventIndex = 0;
    for (JsonToken event = parser.nextToken();
        event != JsonToken.END_ARRAY;
        event = parser.nextToken(), eventIndex++) {
      if (event != JsonToken.START_OBJECT) {
        parser.skipChildren();
        TradeText bad = new TradeText();
        bad.bad = "events[" + eventIndex + "] is not an object";
        trades.add(bad);
        continue;
      }
      String type = null;
      int first = trades.size();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("type")) {
          type = scalar(parser, value);
        } else if (name.equals("trades") && value == JsonToken.START_ARRAY) {
          readTradeArray(parser, trades, eventIndex);
        } else {
          parser.skipChildren();
        }
      }
      boolean snapshot = "snapshot".equals(type);
      for (int i = first; i < trades.size(); i++) {
        trades.get(i).snapshot = snapshot;
      }
    }
    return trades;
  }

  private static void readTradeArray(JsonParser parser, List<TradeText> trades, int eventIndex)
      throws IOException {
    int index = 0;
    for (JsonToken element = parser.nextToken();
        element != JsonToken.END_ARRAY;
        element = parser.nextToken(), index++) {
      TradeText trade = new TradeText();
      trades.add(trade);
      if (element != JsonToken.START_OBJECT) {
        parser.skipChildren();
        trade.bad = "events[" + eventIndex + "].trades[" + index + "] is not an object";
        continue;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        String text = scalar(parser, parser.nextToken());
        switch (name) {
          case "product_id" -> trade.productId = text;
          case "trade_id" -> trade.tradeId = text;
          case "price" -> trade.price = text;
          case "size" -> trade.size = text;
          case "side" -> trade.side = text;
          case "time" -> trade.time = text;
          default -> {}
        }
      }
    }
  }
}
