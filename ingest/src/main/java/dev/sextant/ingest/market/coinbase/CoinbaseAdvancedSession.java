package dev.sextant.ingest.market.coinbase;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Timestamp;
import dev.sextant.ingest.deadletter.DeadLetters;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FeedControl;
import dev.sextant.ingest.market.FrameException;
import dev.sextant.ingest.market.GapKind;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.QuoteGate;
import dev.sextant.ingest.market.RestFrame;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.ingest.market.TradeDedupe;
import dev.sextant.ingest.market.WireNumbers;
import dev.sextant.ingest.market.WireTime;
import dev.sextant.ingest.market.book.BookSide;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes one Coinbase Advanced Trade market data connection into trades, quotes and level 2 books,
 * checking the connection-wide {@code sequence_num}.
 */
public final class CoinbaseAdvancedSession implements ProtocolSession {

  /** The channels every connection subscribes, one subscribe frame each, in this order. */
  static final List<String> CHANNELS = List.of("market_trades", "ticker", "level2", "heartbeats");

  /** Channels of the feed that carry nothing Sextant publishes. */
  private static final Set<String> IGNORED_CHANNELS =
      Set.of("heartbeats", "subscriptions", "candles", "status", "ticker_batch");

  private static final JsonFactory FACTORY = CoinbaseExchangeSession.JSON.getFactory();

  private final MarketOutput output;
  private final FeedControl control;
  private final CoinbaseProducts products;
  private final TradeDedupe dedupe = new TradeDedupe();
  private final QuoteGate quotes = new QuoteGate();
  private final Map<String, ProductBook> books = new HashMap<>();
  private long nextSequence = -1;

  public CoinbaseAdvancedSession(SessionContext context) {
    this.output = context.output();
    this.control = context.control();
    this.products = new CoinbaseProducts(context.plan().instruments(), context.registry());
  }

  @Override
  public List<String> onOpen(long receivedEpochNanos) {
    for (ProductBook book : books.values()) {
      if (book.open) {
        output.gap(book.instrument, GapKind.RECONNECT, "connection reopened; awaiting snapshot");
        book.resyncing = true;
      }
      book.open = false;
    }
    nextSequence = -1;
    if (products.productIds().isEmpty()) {
      return List.of();
    }
    List<String> frames = new ArrayList<>();
    for (String channel : CHANNELS) {
      frames.add(subscribe(products.productIds(), channel));
    }
    return frames;
  }

  /** A subscribe frame: the venue takes one channel per frame. */
  static String subscribe(List<String> productIds, String channel) {
    ObjectNode frame = CoinbaseExchangeSession.JSON.createObjectNode();
    frame.put("type", "subscribe");
    ArrayNode ids = frame.putArray("product_ids");
    productIds.forEach(ids::add);
    frame.put("channel", channel);
    return frame.toString();
  }

  @Override
  public void onFrame(String frame, long receivedEpochNanos) {
    if (RestFrame.isRest(frame)) {
      output.deadLetter(ErrorKind.UNKNOWN_MESSAGE, "a REST answer, but this protocol fetches none");
      return;
    }
    AdvancedFrame parsed = new AdvancedFrame();
    try (JsonParser parser = FACTORY.createParser(frame)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        output.deadLetter(ErrorKind.MALFORMED_JSON, "frame is not a JSON object");
        return;
      }
      parsed.read(parser);
      if (parser.nextToken() != null) {
        output.deadLetter(ErrorKind.MALFORMED_JSON, "data after the JSON object");
        return;
      }
    } catch (IOException e) {
      output.deadLetter(
          ErrorKind.MALFORMED_JSON, "not JSON: " + CoinbaseExchangeSession.message(e));
      return;
    }
    try {
      dispatch(parsed, receivedEpochNanos);
    } catch (FrameException e) {
      output.deadLetter(e.kind(), e.getMessage());
    }
  }

  private void dispatch(AdvancedFrame frame, long receivedEpochNanos) {
    String channel = frame.channel;
    if (channel == null || channel == ExchangeFields.NOT_SCALAR) {
      if ("error".equals(frame.type)) {
        throw new FrameException(
            ErrorKind.VENUE_ERROR,
            "venue error: " + DeadLetters.abbreviate(String.valueOf(frame.message), 200));
      }
      throw new FrameException(ErrorKind.MISSING_FIELD, "frame has no text field \"channel\"");
    }
    boolean known =
        switch (channel) {
          case "market_trades", "ticker", "l2_data" -> true;
          default -> IGNORED_CHANNELS.contains(channel);
        };
    // The sequence numbers every frame of the connection, whatever its channel: it is checked
    // before the channel, so a numbered frame dropped for its channel does not make the next look
    // like a gap.
    if (known || frame.sequenceNum != null) {
      checkSequence(frame);
    }
    if (!known) {
      throw new FrameException(
          ErrorKind.UNKNOWN_MESSAGE,
          "unknown channel '" + DeadLetters.abbreviate(channel, 100) + "'");
    }
    switch (channel) {
      case "market_trades" -> trades(frame, receivedEpochNanos);
      case "ticker" -> tickers(frame, receivedEpochNanos);
      case "l2_data" -> books(frame, receivedEpochNanos);
      default -> output.ignored(channel);
    }
  }

  /**
   * The venue numbers every frame of a connection, across channels, by one; a jump means frames
   * were lost. The feed offers no per-channel resync, so the open books stop and the connection is
   * made anew: the new one starts with snapshots of every channel.
   */
  private void checkSequence(AdvancedFrame frame) {
    if (!frame.sequenceIsInteger && frame.sequenceNum != null) {
      throw new FrameException(
          ErrorKind.BAD_NUMBER,
          "field \"sequence_num\" is not an integer: '"
              + DeadLetters.abbreviate(frame.sequenceNum, 100)
              + "'");
    }
    long sequence = WireNumbers.integer("sequence_num", frame.sequenceNum);
    if (nextSequence >= 0 && sequence != nextSequence) {
      loseAll("sequence_num " + sequence + " where " + nextSequence + " was due");
    }
    nextSequence = sequence + 1;
  }

  @Override
  public void onLost(long receivedEpochNanos) {
    loseAll("a frame was lost unread");
    // The reconnect starts the sequence anew; the frames until then must not count as a gap.
    nextSequence = -1;
  }

  /**
   * Frames of the connection were lost, whose books is unknown: every open book stops and, since
   * the feed resends books only on a new connection, the connection is made anew.
   */
  private void loseAll(String detail) {
    for (ProductBook book : books.values()) {
      if (book.open) {
        output.gap(book.instrument, GapKind.SEQUENCE, detail);
        book.open = false;
        book.resyncing = true;
      }
    }
    control.reconnect(detail);
  }

  private void trades(AdvancedFrame frame, long receivedEpochNanos) {
    if (frame.trades == null) {
      throw new FrameException(ErrorKind.BAD_VALUE, "field \"events\" is missing or not an array");
    }
    List<AdvancedFrame.TradeText> trades = frame.trades;
    Timestamp ingest = WireTime.ofNanos(receivedEpochNanos);
    // A snapshot lists the latest trades newest first; they are published oldest first, as
    // updates are.
    int i = 0;
    while (i < trades.size()) {
      int end = i;
      boolean snapshot = trades.get(i).snapshot;
      while (end < trades.size() && trades.get(end).snapshot == snapshot) {
        end++;
      }
      for (int k = 0; k < end - i; k++) {
        trade(trades.get(snapshot ? end - 1 - k : i + k), ingest);
      }
      i = end;
    }
  }

  private void trade(AdvancedFrame.TradeText text, Timestamp ingest) {
    try {
      if (text.bad != null) {
        throw new FrameException(ErrorKind.BAD_VALUE, text.bad);
      }
      String instrument = products.instrument(required("product_id", text.productId));
      String tradeId = required("trade_id", text.tradeId);
      Trade.Builder trade =
          Trade.newBuilder()
              .setInstrument(instrument)
              .setVenue(CoinbaseProducts.VENUE)
              .setTradeId(tradeId)
              .setPrice(Decimals.of(WireNumbers.positive("price", text.price)))
              .setSize(Decimals.of(WireNumbers.positive("size", text.size)))
              .setSide(aggressor(text.side))
              .setEventTime(CoinbaseTime.parse("time", text.time))
              .setIngestTime(ingest);
      if (!dedupe.firstSeen(instrument, tradeId)) {
        output.ignored("duplicate_trade");
        return;
      }
      output.trade(trade.build());
    } catch (FrameException e) {
      output.deadLetter(e.kind(), "market_trades trade " + idOf(text) + ": " + e.getMessage());
    }
  }

  // As on the Exchange feed, `side` is the MAKER's: in recordings a SELL prints at the best ask
  // and a BUY at the best bid. The aggressor took the other side.
  private static Side aggressor(String makerSide) {
    if (makerSide == null) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"side\"");
    }
    return switch (makerSide) {
      case "SELL" -> Side.SIDE_BUY;
      case "BUY" -> Side.SIDE_SELL;
      default ->
          throw new FrameException(
              ErrorKind.BAD_VALUE,
              "field \"side\" is '"
                  + DeadLetters.abbreviate(makerSide, 100)
                  + "', not BUY or SELL");
    };
  }

  private static String idOf(AdvancedFrame.TradeText text) {
    return text.tradeId == null ? "?" : DeadLetters.abbreviate(text.tradeId, 40);
  }

  private void tickers(AdvancedFrame frame, long receivedEpochNanos) {
    Timestamp ingest = WireTime.ofNanos(receivedEpochNanos);
    // A ticker has no time of its own; the envelope's is when the venue sent it.
    Timestamp time = CoinbaseTime.parse("timestamp", frame.timestamp);
    for (JsonNode event : array(frame.events, "events")) {
      for (JsonNode ticker : array(event.get("tickers"), "tickers")) {
        try {
          Quote quote =
              Quote.newBuilder()
                  .setInstrument(products.instrument(field(ticker, "product_id")))
                  .setVenue(CoinbaseProducts.VENUE)
                  .setBidPrice(
                      Decimals.of(WireNumbers.positive("best_bid", field(ticker, "best_bid"))))
                  .setBidSize(
                      Decimals.of(
                          WireNumbers.nonNegative(
                              "best_bid_quantity", field(ticker, "best_bid_quantity"))))
                  .setAskPrice(
                      Decimals.of(WireNumbers.positive("best_ask", field(ticker, "best_ask"))))
                  .setAskSize(
                      Decimals.of(
                          WireNumbers.nonNegative(
                              "best_ask_quantity", field(ticker, "best_ask_quantity"))))
                  .setEventTime(time)
                  .setIngestTime(ingest)
                  .build();
          if (quotes.changed(quote)) {
            output.quote(quote);
          } else {
            output.ignored("ticker_unchanged");
          }
        } catch (FrameException e) {
          output.deadLetter(e.kind(), "ticker: " + e.getMessage());
        }
      }
    }
  }

  private void books(AdvancedFrame frame, long receivedEpochNanos) {
    long sequence = nextSequence - 1;
    Timestamp ingest = WireTime.ofNanos(receivedEpochNanos);
    Iterable<JsonNode> events;
    try {
      events = array(frame.events, "events");
    } catch (FrameException e) {
      output.deadLetter(e.kind(), "l2_data: " + e.getMessage());
      loseAll("an l2_data frame without events was dropped: " + e.getMessage());
      return;
    }
    for (JsonNode event : events) {
      String productId;
      String instrument;
      try {
        productId = field(event, "product_id");
        instrument = products.instrument(productId);
      } catch (FrameException e) {
        // The event belongs to some book of this connection, which one is unknown: all are lost.
        output.deadLetter(e.kind(), "l2_data: " + e.getMessage());
        loseAll("an l2_data event of an unknown product was dropped: " + e.getMessage());
        continue;
      }
      ProductBook book = books.computeIfAbsent(productId, k -> new ProductBook(instrument));
      String type = textOf(event.get("type"));
      boolean snapshot = "snapshot".equals(type);
      if (!snapshot && !"update".equals(type)) {
        output.deadLetter(
            ErrorKind.BAD_VALUE,
            "l2_data event type '"
                + DeadLetters.abbreviate(type, 100)
                + "', not snapshot or update");
        lose(book, "l2_data event of unknown type");
        continue;
      }
      if (!snapshot && !book.open) {
        output.ignored("l2_data_awaiting_snapshot");
        continue;
      }
      List<BookSide> sides = new ArrayList<>();
      List<OrderBook.Level> levels = new ArrayList<>();
      Timestamp time;
      try {
        time = readUpdates(event, sides, levels, frame.timestamp);
      } catch (FrameException e) {
        output.deadLetter(e.kind(), "l2_data " + type + ": " + e.getMessage());
        lose(book, "unusable l2_data " + type + ": " + e.getMessage());
        continue;
      }
      BookUpdate.Builder record =
          BookUpdate.newBuilder()
              .setInstrument(instrument)
              .setVenue(CoinbaseProducts.VENUE)
              .setKind(snapshot ? BookUpdate.Kind.KIND_SNAPSHOT : BookUpdate.Kind.KIND_DELTA)
              .setFirstSequence(sequence)
              .setLastSequence(sequence)
              .setEventTime(time)
              .setIngestTime(ingest);
      if (snapshot) {
        book.levels = new OrderBook();
        for (int i = 0; i < levels.size(); i++) {
          book.levels.set(sides.get(i), levels.get(i));
        }
        book.open = true;
        output.book(book.levels.writeLevels(record).build());
        if (book.resyncing) {
          book.resyncing = false;
          output.resynced(instrument);
        }
      } else {
        for (int i = 0; i < levels.size(); i++) {
          OrderBook.Level level = book.levels.set(sides.get(i), levels.get(i));
          if (sides.get(i) == BookSide.BID) {
            record.addBids(level.toProto());
          } else {
            record.addAsks(level.toProto());
          }
        }
        output.book(record.build());
      }
    }
  }

  /**
   * A book event that cannot be applied: the book stops and, since the feed resends books only on a
   * new connection, the connection is made anew.
   */
  private void lose(ProductBook book, String why) {
    if (book.open) {
      output.gap(book.instrument, GapKind.SEQUENCE, why);
    }
    book.open = false;
    book.resyncing = true;
    control.reconnect(book.instrument + ": " + why);
  }

  /** Reads an event's updates, all or none; returns the latest event time among them. */
  private static Timestamp readUpdates(
      JsonNode event, List<BookSide> sides, List<OrderBook.Level> levels, String envelopeTime) {
    String latestText = null;
    Timestamp latest = null;
    int i = 0;
    for (JsonNode update : array(event.get("updates"), "updates")) {
      String where = "updates[" + i++ + "]";
      String side = field(update, "side");
      sides.add(
          switch (side) {
            case "bid" -> BookSide.BID;
            case "offer" -> BookSide.ASK;
            default ->
                throw new FrameException(
                    ErrorKind.BAD_VALUE,
                    where
                        + " field \"side\" is '"
                        + DeadLetters.abbreviate(side, 100)
                        + "', not bid or offer");
          });
      String price = field(update, "price_level");
      String quantity = field(update, "new_quantity");
      levels.add(
          new OrderBook.Level(
              WireNumbers.positive("price_level", price),
              WireNumbers.nonNegative("new_quantity", quantity),
              price,
              quantity));
      String timeText = field(update, "event_time");
      if (!timeText.equals(latestText)) {
        Timestamp time = CoinbaseTime.parse("event_time", timeText);
        if (latest == null
            || time.getSeconds() > latest.getSeconds()
            || (time.getSeconds() == latest.getSeconds() && time.getNanos() > latest.getNanos())) {
          latest = time;
          latestText = timeText;
        }
      }
    }
    return latest != null ? latest : CoinbaseTime.parse("timestamp", envelopeTime);
  }

  private static Iterable<JsonNode> array(JsonNode node, String name) {
    if (node == null || node.isNull()) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"" + name + "\"");
    }
    if (!node.isArray()) {
      throw new FrameException(ErrorKind.BAD_VALUE, "field \"" + name + "\" is not an array");
    }
    return node;
  }

  private static String field(JsonNode object, String name) {
    JsonNode node = object.get(name);
    if (node == null || node.isNull()) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"" + name + "\"");
    }
    if (!node.isTextual() && !node.isNumber()) {
      throw new FrameException(ErrorKind.BAD_VALUE, "field \"" + name + "\" is not a scalar");
    }
    return node.asText();
  }

  private static String textOf(JsonNode node) {
    return node == null || !node.isValueNode() ? String.valueOf(node) : node.asText();
  }

  private static String required(String name, String value) {
    if (value == null) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"" + name + "\"");
    }
    if (value == ExchangeFields.NOT_SCALAR || value.isBlank()) {
      throw new FrameException(
          ErrorKind.BAD_VALUE, "field \"" + name + "\" is not a non-blank string");
    }
    return value;
  }
}
