package dev.sextant.ingest.market.coinbase;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Decodes one Coinbase Exchange feed connection into trades, quotes and level 2 books. */
public final class CoinbaseExchangeSession implements ProtocolSession {

  /** The channels every connection subscribes, in one subscribe frame. */
  static final List<String> CHANNELS = List.of("heartbeat", "matches", "ticker", "level2_batch");

  static final String BOOK_CHANNEL = "level2_batch";

  /** Frame types of the feed that carry nothing Sextant publishes. */
  private static final Set<String> IGNORED_TYPES =
      Set.of("subscriptions", "status", "received", "open", "done", "change", "activate");

  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final JsonFactory FACTORY = JSON.getFactory();

  private final MarketOutput output;
  private final FeedControl control;
  private final CoinbaseProducts products;
  private final TradeDedupe dedupe = new TradeDedupe();
  private final QuoteGate quotes = new QuoteGate();
  private final Map<String, ProductBook> books = new HashMap<>();
  private final Map<String, Long> lastTradeIds = new HashMap<>();

  public CoinbaseExchangeSession(SessionContext context) {
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
    // Trade ids continue across connections, but a new connection starts with last_match, and
    // the trades in between cannot be fetched: count the gap once, not against the new baseline.
    lastTradeIds.clear();
    if (products.productIds().isEmpty()) {
      return List.of();
    }
    return List.of(subscribe("subscribe", products.productIds(), CHANNELS));
  }

  @Override
  public void onLost(long receivedEpochNanos) {
    loseAll("a frame was lost unread");
  }

  @Override
  public void onFrame(String frame, long receivedEpochNanos) {
    if (RestFrame.isRest(frame)) {
      output.deadLetter(ErrorKind.UNKNOWN_MESSAGE, "a REST answer, but this protocol fetches none");
      return;
    }
    ExchangeFields fields = new ExchangeFields();
    try (JsonParser parser = FACTORY.createParser(frame)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        output.deadLetter(ErrorKind.MALFORMED_JSON, "frame is not a JSON object");
        return;
      }
      fields.read(parser);
      if (parser.nextToken() != null) {
        output.deadLetter(ErrorKind.MALFORMED_JSON, "data after the JSON object");
        return;
      }
    } catch (IOException e) {
      output.deadLetter(ErrorKind.MALFORMED_JSON, "not JSON: " + message(e));
      return;
    }
    try {
      dispatch(fields, frame, receivedEpochNanos);
    } catch (FrameException e) {
      output.deadLetter(e.kind(), e.getMessage());
    }
  }

  private void dispatch(ExchangeFields fields, String frame, long receivedEpochNanos) {
    String type = fields.type;
    if (type == null || type == ExchangeFields.NOT_SCALAR) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "frame has no text field \"type\"");
    }
    switch (type) {
      case "match", "last_match" -> trade(fields, type, receivedEpochNanos);
      case "ticker" -> quote(fields, receivedEpochNanos);
      case "heartbeat" -> heartbeat(fields);
      case "snapshot" -> snapshot(tree(frame), receivedEpochNanos);
      case "l2update" -> update(tree(frame), receivedEpochNanos);
      case "error" ->
          throw new FrameException(
              ErrorKind.VENUE_ERROR,
              "venue error: "
                  + DeadLetters.abbreviate(String.valueOf(fields.message), 200)
                  + (fields.reason == null
                      ? ""
                      : " (" + DeadLetters.abbreviate(fields.reason, 200) + ")"));
      default -> {
        if (!IGNORED_TYPES.contains(type)) {
          throw new FrameException(
              ErrorKind.UNKNOWN_MESSAGE,
              "unknown frame type '" + DeadLetters.abbreviate(type, 100) + "'");
        }
        output.ignored(type);
      }
    }
  }

  private void trade(ExchangeFields f, String type, long receivedEpochNanos) {
    String instrument = products.instrument(text("product_id", f.productId));
    long id = tradeId(f);
    BigDecimal price = WireNumbers.positive("price", f.price);
    BigDecimal size = WireNumbers.positive("size", f.size);
    Side side = aggressor(f.side);
    long sequence = WireNumbers.integer("sequence", f.sequence);
    Timestamp time = CoinbaseTime.parse("time", f.time);
    Long last = lastTradeIds.get(f.productId);
    // Trade ids are contiguous per product: a jump means matches were lost on the way. They
    // cannot be fetched again, so the gap is counted and the trades go on.
    if (last != null && id > last + 1) {
      output.gap(
          instrument,
          GapKind.SEQUENCE,
          "match trade_id " + id + " after " + last + ": missed " + (id - last - 1));
    }
    if (last == null || id > last) {
      lastTradeIds.put(f.productId, id);
    }
    String tradeId = Long.toString(id);
    if (!dedupe.firstSeen(instrument, tradeId)) {
      output.ignored("duplicate_" + type);
      return;
    }
    output.trade(
        Trade.newBuilder()
            .setInstrument(instrument)
            .setVenue(CoinbaseProducts.VENUE)
            .setTradeId(tradeId)
            .setPrice(Decimals.of(price))
            .setSize(Decimals.of(size))
            .setSide(side)
            .setSequence(sequence)
            .setEventTime(time)
            .setIngestTime(WireTime.ofNanos(receivedEpochNanos))
            .build());
  }

  private static long tradeId(ExchangeFields f) {
    if (f.tradeIdIsFloat) {
      throw new FrameException(
          ErrorKind.BAD_NUMBER,
          "field \"trade_id\" is not an integer: '" + DeadLetters.abbreviate(f.tradeId, 200) + "'");
    }
    return WireNumbers.integer("trade_id", f.tradeId);
  }

  // The feed's `side` is the MAKER's (the resting order); the aggressor took the other side. A
  // "sell" maker was lifted by a buyer, so the trade is a BUY, and vice versa.
  static Side aggressor(String makerSide) {
    if (makerSide == null) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"side\"");
    }
    return switch (makerSide) {
      case "sell" -> Side.SIDE_BUY;
      case "buy" -> Side.SIDE_SELL;
      default ->
          throw new FrameException(
              ErrorKind.BAD_VALUE,
              "field \"side\" is '"
                  + DeadLetters.abbreviate(makerSide, 100)
                  + "', not buy or sell");
    };
  }

  private void quote(ExchangeFields f, long receivedEpochNanos) {
    String instrument = products.instrument(text("product_id", f.productId));
    Quote.Builder quote =
        Quote.newBuilder()
            .setInstrument(instrument)
            .setVenue(CoinbaseProducts.VENUE)
            .setBidPrice(Decimals.of(WireNumbers.positive("best_bid", f.bestBid)))
            .setAskPrice(Decimals.of(WireNumbers.positive("best_ask", f.bestAsk)))
            .setSequence(WireNumbers.integer("sequence", f.sequence))
            .setIngestTime(WireTime.ofNanos(receivedEpochNanos));
    // Older feeds (and recordings) send prices only: the quote then has no sizes.
    if (f.bestBidSize != null) {
      quote.setBidSize(Decimals.of(WireNumbers.nonNegative("best_bid_size", f.bestBidSize)));
    }
    if (f.bestAskSize != null) {
      quote.setAskSize(Decimals.of(WireNumbers.nonNegative("best_ask_size", f.bestAskSize)));
    }
    // The first ticker after subscribing may have no time; the receive time stands in for it.
    quote.setEventTime(f.time == null ? quote.getIngestTime() : CoinbaseTime.parse("time", f.time));
    Quote built = quote.build();
    if (quotes.changed(built)) {
      output.quote(built);
    } else {
      output.ignored("ticker_unchanged");
    }
  }

  private void heartbeat(ExchangeFields f) {
    String instrument = products.instrument(text("product_id", f.productId));
    long last = WireNumbers.integer("last_trade_id", f.lastTradeId);
    Long seen = lastTradeIds.get(f.productId);
    // Trade ids are contiguous per product: a heartbeat naming a later id than the last match
    // seen means matches were lost. They cannot be fetched again; the gap is counted.
    if (seen != null && last > seen) {
      output.gap(
          instrument,
          GapKind.SEQUENCE,
          "heartbeat last_trade_id " + last + " after match " + seen + ": missed " + (last - seen));
    }
    if (seen == null || last > seen) {
      lastTradeIds.put(f.productId, last);
    }
    output.ignored("heartbeat");
  }

  private void snapshot(JsonNode root, long receivedEpochNanos) {
    String productId = text("product_id", textOrNull(root.get("product_id")));
    String instrument = products.instrument(productId);
    ProductBook book = books.computeIfAbsent(productId, k -> new ProductBook(instrument));
    OrderBook levels = new OrderBook();
    try {
      readSide(root, "bids", BookSide.BID, levels);
      readSide(root, "asks", BookSide.ASK, levels);
    } catch (FrameException e) {
      output.deadLetter(e.kind(), "snapshot: " + e.getMessage());
      resync(book, productId);
      return;
    }
    book.levels = levels;
    book.open = true;
    Timestamp now = WireTime.ofNanos(receivedEpochNanos);
    // A snapshot has no time of its own: it is as of its arrival.
    output.book(
        levels
            .writeLevels(BookUpdate.newBuilder())
            .setInstrument(instrument)
            .setVenue(CoinbaseProducts.VENUE)
            .setKind(BookUpdate.Kind.KIND_SNAPSHOT)
            .setEventTime(now)
            .setIngestTime(now)
            .build());
    if (book.resyncing) {
      book.resyncing = false;
      output.resynced(instrument);
    }
  }

  private static void readSide(JsonNode root, String name, BookSide side, OrderBook levels) {
    JsonNode array = root.get(name);
    if (array == null || array.isNull()) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"" + name + "\"");
    }
    if (!array.isArray()) {
      throw new FrameException(ErrorKind.BAD_VALUE, "field \"" + name + "\" is not an array");
    }
    for (int i = 0; i < array.size(); i++) {
      JsonNode level = array.get(i);
      if (!level.isArray() || level.size() < 2) {
        throw new FrameException(
            ErrorKind.BAD_VALUE, name + "[" + i + "] is not a [price, size] array");
      }
      BigDecimal size = WireNumbers.positive("size", scalar(level.get(1), name + "[" + i + "]"));
      String sizeText = level.get(1).asText();
      String priceText = scalar(level.get(0), name + "[" + i + "]");
      levels.set(
          side,
          new OrderBook.Level(WireNumbers.positive("price", priceText), size, priceText, sizeText));
    }
  }

  private void update(JsonNode root, long receivedEpochNanos) {
    String productId;
    String instrument;
    try {
      productId = text("product_id", textOrNull(root.get("product_id")));
      instrument = products.instrument(productId);
    } catch (FrameException e) {
      // The update belongs to some book of this connection, which one is unknown: all are lost.
      output.deadLetter(e.kind(), "l2update: " + e.getMessage());
      loseAll("an l2update of an unknown product was dropped: " + e.getMessage());
      return;
    }
    ProductBook book = books.get(productId);
    if (book == null || !book.open) {
      output.ignored("l2update_awaiting_snapshot");
      return;
    }
    List<BookSide> sides = new ArrayList<>();
    List<OrderBook.Level> changed = new ArrayList<>();
    Timestamp time;
    try {
      JsonNode changes = root.get("changes");
      if (changes == null || !changes.isArray()) {
        throw new FrameException(
            changes == null ? ErrorKind.MISSING_FIELD : ErrorKind.BAD_VALUE,
            "field \"changes\" is missing or not an array");
      }
      for (int i = 0; i < changes.size(); i++) {
        JsonNode change = changes.get(i);
        String where = "changes[" + i + "]";
        if (!change.isArray() || change.size() < 3) {
          throw new FrameException(ErrorKind.BAD_VALUE, where + " is not a [side, price, size]");
        }
        String sideText = scalar(change.get(0), where);
        BookSide side =
            switch (sideText) {
              case "buy" -> BookSide.BID;
              case "sell" -> BookSide.ASK;
              default ->
                  throw new FrameException(
                      ErrorKind.BAD_VALUE,
                      where
                          + " side is '"
                          + DeadLetters.abbreviate(sideText, 100)
                          + "', not buy or sell");
            };
        String priceText = scalar(change.get(1), where);
        String sizeText = scalar(change.get(2), where);
        sides.add(side);
        changed.add(
            new OrderBook.Level(
                WireNumbers.positive("price", priceText),
                WireNumbers.nonNegative("size", sizeText),
                priceText,
                sizeText));
      }
      time = CoinbaseTime.parse("time", textOrNull(root.get("time")));
    } catch (FrameException e) {
      output.deadLetter(e.kind(), "l2update: " + e.getMessage());
      output.gap(instrument, GapKind.SEQUENCE, "unusable l2update: " + e.getMessage());
      resync(book, productId);
      return;
    }
    BookUpdate.Builder delta =
        BookUpdate.newBuilder()
            .setInstrument(instrument)
            .setVenue(CoinbaseProducts.VENUE)
            .setKind(BookUpdate.Kind.KIND_DELTA)
            .setEventTime(time)
            .setIngestTime(WireTime.ofNanos(receivedEpochNanos));
    for (int i = 0; i < changed.size(); i++) {
      OrderBook.Level level = book.levels.set(sides.get(i), changed.get(i));
      if (sides.get(i) == BookSide.BID) {
        delta.addBids(level.toProto());
      } else {
        delta.addAsks(level.toProto());
      }
    }
    output.book(delta.build());
  }

  /**
   * Stops publishing the book and asks for a fresh snapshot: level2_batch has no sequence to resume
   * from, so the channel is unsubscribed and subscribed again for that product.
   */
  private void resync(ProductBook book, String productId) {
    book.open = false;
    book.resyncing = true;
    control.send(subscribe("unsubscribe", List.of(productId), List.of(BOOK_CHANNEL)));
    control.send(subscribe("subscribe", List.of(productId), List.of(BOOK_CHANNEL)));
  }

  /**
   * A book frame was lost without telling which book it was for: every book of the connection, open
   * or still awaiting its snapshot, is resubscribed.
   */
  private void loseAll(String why) {
    Set<String> ids = new LinkedHashSet<>(products.productIds());
    for (Map.Entry<String, ProductBook> entry : books.entrySet()) {
      ProductBook book = entry.getValue();
      if (book.open) {
        output.gap(book.instrument, GapKind.SEQUENCE, why + "; resubscribing");
        book.resyncing = true;
      }
      book.open = false;
      ids.add(entry.getKey());
    }
    if (!ids.isEmpty()) {
      List<String> all = List.copyOf(ids);
      control.send(subscribe("unsubscribe", all, List.of(BOOK_CHANNEL)));
      control.send(subscribe("subscribe", all, List.of(BOOK_CHANNEL)));
    }
  }

  /** A subscribe or unsubscribe frame. */
  static String subscribe(String type, List<String> productIds, List<String> channels) {
    ObjectNode frame = JSON.createObjectNode();
    frame.put("type", type);
    ArrayNode ids = frame.putArray("product_ids");
    productIds.forEach(ids::add);
    ArrayNode names = frame.putArray("channels");
    channels.forEach(names::add);
    return frame.toString();
  }

  private static JsonNode tree(String frame) {
    try {
      return JSON.readTree(frame);
    } catch (JsonProcessingException e) {
      throw new FrameException(ErrorKind.MALFORMED_JSON, "not JSON: " + message(e));
    }
  }

  private static String text(String field, String value) {
    if (value == null) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"" + field + "\"");
    }
    if (value == ExchangeFields.NOT_SCALAR || value.isBlank()) {
      throw new FrameException(
          ErrorKind.BAD_VALUE, "field \"" + field + "\" is not a non-blank string");
    }
    return value;
  }

  private static String textOrNull(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return node.isValueNode() ? node.asText() : ExchangeFields.NOT_SCALAR;
  }

  private static String scalar(JsonNode node, String where) {
    if (node == null || !(node.isTextual() || node.isNumber())) {
      throw new FrameException(ErrorKind.BAD_VALUE, where + " holds a non-scalar value");
    }
    return node.asText();
  }

  static String message(IOException e) {
    String text =
        e instanceof JsonProcessingException j ? j.getOriginalMessage() : String.valueOf(e);
    return DeadLetters.abbreviate(String.valueOf(text), 200);
  }
}
