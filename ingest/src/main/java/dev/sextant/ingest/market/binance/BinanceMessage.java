package dev.sextant.ingest.market.binance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FrameException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One Binance frame (a combined-stream event or a request answer) read in a single streaming pass
 * into reusable fields, kept as the venue's text.
 */
final class BinanceMessage {

  /** Levels a depth array may hold: a full 5000-level book and then some. */
  static final int MAX_LEVELS = 20_000;

  private final JsonFactory json;

  String stream;
  boolean hasData;
  boolean hasResult;
  String id;
  boolean hasError;
  String errorCode;
  String errorMessage;

  // Payload fields, as the venue's text; null when absent.
  String e;
  String eventTime;
  String transactTime;
  String symbol;
  String tradeId;
  String price;
  String quantity;
  String buyerMaker;
  String firstUpdate;
  String lastUpdate;
  String prevUpdate;

  /** {@code a}: the aggregate trade id, or bookTicker's best ask price. */
  String a;

  /** {@code b}: bookTicker's best bid price. */
  String b;

  String bidSize;
  String askSize;

  /** Depth levels {@code b} and {@code a} as [price, size] pairs, when the payload has arrays. */
  final List<String[]> bids = new ArrayList<>();

  final List<String[]> asks = new ArrayList<>();
  boolean hasBidLevels;
  boolean hasAskLevels;

  BinanceMessage(JsonFactory json) {
    this.json = json;
  }

  /**
   * Reads {@code frame}.
   *
   * @throws FrameException MALFORMED_JSON when it is not JSON, MALFORMED_FRAME when it is not an
   *     object or a field has the wrong shape
   */
  void read(String frame) {
    reset();
    try (JsonParser p = json.createParser(frame)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new FrameException(ErrorKind.MALFORMED_FRAME, "frame is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "stream" -> stream = scalar(p, value, name);
          case "data" -> {
            if (value != JsonToken.START_OBJECT) {
              throw wrongShape("data", "an object");
            }
            hasData = true;
            readPayload(p);
          }
          case "result" -> {
            hasResult = true;
            p.skipChildren();
          }
          case "id" -> id = value == JsonToken.VALUE_NULL ? null : scalar(p, value, name);
          case "error" -> {
            hasError = true;
            readError(p, value);
          }
          // Some answers carry the error at the top level: {"code":2,"msg":"..."}.
          case "code" -> {
            hasError = true;
            errorCode = scalar(p, value, name);
          }
          case "msg" -> {
            hasError = true;
            errorMessage = scalar(p, value, name);
          }
          default -> p.skipChildren();
        }
      }
    } catch (IOException ex) {
      throw new FrameException(ErrorKind.MALFORMED_JSON, "not JSON: " + reason(ex));
    }
  }

  /** The parser's reason without its location (which can quote the frame). */
  static String reason(IOException e) {
    return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
  }

  private void readError(JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      errorMessage = value.isScalarValue() ? p.getText() : null;
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "code" -> errorCode = scalar(p, v, "error.code");
        case "msg" -> errorMessage = scalar(p, v, "error.msg");
        default -> p.skipChildren();
      }
    }
  }

  private void readPayload(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "e" -> e = scalar(p, value, name);
        case "E" -> eventTime = scalar(p, value, name);
        case "T" -> transactTime = scalar(p, value, name);
        case "s" -> symbol = scalar(p, value, name);
        case "t" -> tradeId = scalar(p, value, name);
        case "p" -> price = scalar(p, value, name);
        case "q" -> quantity = scalar(p, value, name);
        case "m" -> buyerMaker = scalar(p, value, name);
        case "U" -> firstUpdate = scalar(p, value, name);
        case "u" -> lastUpdate = scalar(p, value, name);
        case "pu" -> prevUpdate = scalar(p, value, name);
        case "B" -> bidSize = scalar(p, value, name);
        case "A" -> askSize = scalar(p, value, name);
        case "b" -> {
          if (value == JsonToken.START_ARRAY) {
            hasBidLevels = true;
            readLevels(p, bids, name);
          } else {
            b = scalar(p, value, name);
          }
        }
        case "a" -> {
          if (value == JsonToken.START_ARRAY) {
            hasAskLevels = true;
            readLevels(p, asks, name);
          } else {
            a = scalar(p, value, name);
          }
        }
        default -> p.skipChildren();
      }
    }
  }

  /** Reads {@code [["price","size"], ...]}; the parser is on the outer START_ARRAY. */
  static void readLevels(JsonParser p, List<String[]> into, String field) throws IOException {
    JsonToken token;
    while ((token = p.nextToken()) == JsonToken.START_ARRAY) {
      if (into.size() == MAX_LEVELS) {
        throw new FrameException(
            ErrorKind.BAD_VALUE, "field \"" + field + "\" has more than " + MAX_LEVELS + " levels");
      }
      String price = levelValue(p, p.nextToken(), field);
      String size = levelValue(p, p.nextToken(), field);
      if (p.nextToken() != JsonToken.END_ARRAY) {
        throw wrongShape(field, "[price, size] pairs");
      }
      into.add(new String[] {price, size});
    }
    if (token != JsonToken.END_ARRAY) {
      throw wrongShape(field, "an array of [price, size] pairs");
    }
  }

  private static String levelValue(JsonParser p, JsonToken token, String field) throws IOException {
    if (token == JsonToken.VALUE_STRING
        || token == JsonToken.VALUE_NUMBER_INT
        || token == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getText();
    }
    throw wrongShape(field, "[price, size] pairs of numbers");
  }

  private static String scalar(JsonParser p, JsonToken value, String field) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (!value.isScalarValue()) {
      throw wrongShape(field, "a string or number");
    }
    return p.getText();
  }

  private static FrameException wrongShape(String field, String expected) {
    return new FrameException(
        ErrorKind.MALFORMED_FRAME, "field \"" + field + "\" is not " + expected);
  }

  private void reset() {
    stream = null;
    hasData = false;
    hasResult = false;
    id = null;
    hasError = false;
    errorCode = null;
    errorMessage = null;
    e = null;
    eventTime = null;
    transactTime = null;
    symbol = null;
    tradeId = null;
    price = null;
    quantity = null;
    buyerMaker = null;
    firstUpdate = null;
    lastUpdate = null;
    prevUpdate = null;
    a = null;
    b = null;
    bidSize = null;
    askSize = null;
    bids.clear();
    asks.clear();
    hasBidLevels = false;
    hasAskLevels = false;
  }
}
