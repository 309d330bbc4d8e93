package dev.sextant.ingest.market.bybit;

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
 * Decodes the {@code data} array of a Bybit {@code publicTrade} push with the streaming parser:
 * each element's fields are read as text first and checked after, so one bad trade is dead-lettered
 * and the others are kept.
 */
final class BybitTrades {

  private final BybitInstruments instruments;
  private final TradeDedupe dedupe;
  private final MarketOutput output;

  BybitTrades(BybitInstruments instruments, TradeDedupe dedupe, MarketOutput output) {
    this.instruments = instruments;
    this.dedupe = dedupe;
    this.output = output;
  }

  private static final TradeElements.Names NAMES =
      new TradeElements.Names("s", "i", "p", "v", "S", "T", "seq");

  /**
   * Reads the array the parser is positioned on (its START_ARRAY is the current token).
   *
   * @param topicSymbol the instrument of the push, for elements that omit their own
   */
  void decode(JsonParser parser, String topicSymbol, long receivedEpochNanos) throws IOException {
    TradeElements.decode(
        parser, "publicTrade", NAMES, topicSymbol, receivedEpochNanos, output, this::publish);
  }

  private void publish(TradeElements.Element element, long receivedEpochNanos) {
    String symbol = element.instrument();
    String id = element.id();
    String price = element.price();
    String size = element.size();
    String side = element.side();
    String time = element.time();
    String seq = element.sequence();
    String instrument = instruments.instrument(symbol);
    if (id == null || id.isEmpty()) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"i\"");
    }
    Trade trade =
        Trade.newBuilder()
            .setInstrument(instrument)
            .setVenue("bybit")
            .setTradeId(id)
            .setPrice(Decimals.of(WireNumbers.positive("p", price)))
            .setSize(Decimals.of(WireNumbers.positive("v", size)))
            .setSide(side(side))
            .setSequence(seq == null ? 0 : WireNumbers.integer("seq", seq))
            .setEventTime(WireTime.millis("T", time))
            .setIngestTime(WireTime.ofNanos(receivedEpochNanos))
            .build();
    if (dedupe.firstSeen(instrument, id)) {
      output.trade(trade);
    }
  }

  /** Bybit's {@code S} is the taker's side. */
  private static Side side(String side) {
    if ("Buy".equals(side)) {
      return Side.SIDE_BUY;
    }
    if ("Sell".equals(side)) {
      return Side.SIDE_SELL;
    }
    if (side == null) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"S\"");
    }
    throw new FrameException(
        ErrorKind.BAD_VALUE, "field \"S\" is neither Buy nor Sell: '" + abbreviate(side) + "'");
  }

  static String abbreviate(String text) {
    return text.length() > 64 ? text.substring(0, 64) + "..." : text;
  }
}
