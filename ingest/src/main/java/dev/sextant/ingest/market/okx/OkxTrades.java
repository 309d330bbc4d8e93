package dev.sextant.ingest.market.okx;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FrameException;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.TradeDedupe;
import dev.sextant.ingest.market.WireNumbers;
import dev.sextant.ingest.market.WireTime;
import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.io.IOException;

/**
 * Decodes the {@code data} array of an OKX {@code trades} push with the streaming parser: each
 * element's fields are read as text first and checked after, so one bad trade is dead-lettered and
 * the others are kept.
 */
final class OkxTrades {

  private final OkxInstruments instruments;
  private final TradeDedupe dedupe;
  private final MarketOutput output;

  OkxTrades(OkxInstruments instruments, TradeDedupe dedupe, MarketOutput output) {
    this.instruments = instruments;
    this.dedupe = dedupe;
    this.output = output;
  }

  /**
   * Reads the array the parser is positioned on (its START_ARRAY is the current token).
   *
   * @param argInstId the instId of the push's {@code arg}, for elements that omit their own
   */
  void decode(JsonParser parser, String argInstId, long receivedEpochNanos) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw new FrameException(ErrorKind.MALFORMED_JSON, "\"data\" of trades is not an array");
    }
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      String instId = argInstId;
      String tradeId = null;
      String px = null;
      String sz = null;
      String side = null;
      String ts = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value.isStructStart()) {
          parser.skipChildren();
          continue;
        }
        switch (name) {
          case "instId" -> instId = parser.getValueAsString();
          case "tradeId" -> tradeId = parser.getValueAsString();
          case "px" -> px = parser.getValueAsString();
          case "sz" -> sz = parser.getValueAsString();
          case "side" -> side = parser.getValueAsString();
          case "ts" -> ts = parser.getValueAsString();
          default -> {}
        }
      }
      try {
        publish(instId, tradeId, px, sz, side, ts, receivedEpochNanos);
      } catch (FrameException e) {
        output.deadLetter(e.kind(), "trades: " + e.getMessage());
      }
    }
    if (parser.currentToken() != JsonToken.END_ARRAY) {
      throw new FrameException(ErrorKind.MALFORMED_JSON, "trades element is not an object");
    }
  }

  private void publish(
      String instId,
      String tradeId,
      String px,
      String sz,
      String side,
      String ts,
      long receivedEpochNanos) {
    String instrument = instruments.instrument(instId);
    if (tradeId == null || tradeId.isEmpty()) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"tradeId\"");
    }
    Trade trade =
        Trade.newBuilder()
            .setInstrument(instrument)
            .setVenue("okx")
            .setTradeId(tradeId)
            .setPrice(Decimals.of(WireNumbers.positive("px", px)))
            .setSize(Decimals.of(WireNumbers.positive("sz", sz)))
            .setSide(side(side))
            .setEventTime(WireTime.millis("ts", ts))
            .setIngestTime(WireTime.ofNanos(receivedEpochNanos))
            .build();
    if (dedupe.firstSeen(instrument, tradeId)) {
      output.trade(trade);
    }
  }

  /** OKX's {@code side} is the taker's. */
  private static Side side(String side) {
    if ("buy".equals(side)) {
      return Side.SIDE_BUY;
    }
    if ("sell".equals(side)) {
      return Side.SIDE_SELL;
    }
    if (side == null) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"side\"");
    }
    throw new FrameException(
        ErrorKind.BAD_VALUE, "field \"side\" is neither buy nor sell: '" + abbreviate(side) + "'");
  }

  static String abbreviate(String text) {
    return text.length() > 64 ? text.substring(0, 64) + "..." : text;
  }
}
