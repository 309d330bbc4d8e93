package dev.sextant.ingest.market.okx;

import com.fasterxml.jackson.core.JsonParser;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FrameException;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.TradeDedupe;
import dev.sextant.ingest.market.TradeElements;
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

  private static final TradeElements.Names NAMES =
      new TradeElements.Names("instId", "tradeId", "px", "sz", "side", "ts", null);

  /**
   * Reads the array the parser is positioned on (its START_ARRAY is the current token).
   *
   * @param argInstId the instrument of the push, for elements that omit their own
   */
  void decode(JsonParser parser, String argInstId, long receivedEpochNanos) throws IOException {
    TradeElements.decode(
        parser, "trades", NAMES, argInstId, receivedEpochNanos, output, this::publish);
  }

  private void publish(TradeElements.Element element, long receivedEpochNanos) {
    String instId = element.instrument();
    String tradeId = element.id();
    String px = element.price();
    String sz = element.size();
    String side = element.side();
    String ts = element.time();
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
