package dev.sextant.ingest.market.kraken;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.ingest.deadletter.DeadLetters;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FeedControl;
import dev.sextant.ingest.market.FrameException;
import dev.sextant.ingest.market.GapKind;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.RestFrame;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.ingest.market.TradeDedupe;
import dev.sextant.ingest.market.WireNumbers;
import dev.sextant.ingest.market.book.BookSide;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.ingest.time.ProtoTime;
import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes one Kraken v2 connection: {@code {"channel":...,"type":...,"data":[...]}} messages for
 * book, trade, ticker and instrument, and the method replies (acks, pongs).
 */
final class KrakenV2Session implements ProtocolSession {

  private static final String VENUE = KrakenPairs.VENUE;

  /** A pair's decimals, from the instrument channel; the checksum needs them. */
  record Precision(int price, int qty) {}

  private final List<Instrument> configured;
  private final MarketOutput output;
  private final FeedControl control;
  private final KrakenPairs pairs;
  private final int depth;
  private final TradeDedupe dedupe = new TradeDedupe();
  private final QuoteGate quotes = new QuoteGate();
  private final Map<String, TrackedBook> books = new LinkedHashMap<>();
  private final Map<String, Precision> precisions = new HashMap<>();
  private final Map<String, Integer> ackedDepths = new HashMap<>();
  private long reqId;

  KrakenV2Session(SessionContext context, int depth) {
    this.configured = context.plan().instruments();
    this.output = context.output();
    this.control = context.control();
    this.pairs = new KrakenPairs(context.registry(), configured);
    this.depth = depth;
  }

  @Override
  public List<String> onOpen(long receivedEpochNanos) {
    for (TrackedBook book : books.values()) {
      if (book.state != TrackedBook.State.AWAITING_SNAPSHOT) {
        output.gap(book.instrument.id(), GapKind.RECONNECT, "connection reopened");
        book.resyncing = true;
      }
      book.state = TrackedBook.State.AWAITING_SNAPSHOT;
    }
    List<String> frames = new ArrayList<>();
    if (configured.isEmpty()) {
      return frames;
    }
    // The instrument channel first: its precisions let the first book snapshot be verified.
    ObjectNode instrument = KrakenJson.MAPPER.createObjectNode();
    instrument.put("method", "subscribe");
    instrument.putObject("params").put("channel", "instrument");
    instrument.put("req_id", ++reqId);
    frames.add(instrument.toString());
    List<String> symbols = configured.stream().map(KrakenPairs::v2Symbol).toList();
    for (int from = 0; from < symbols.size(); from += KrakenV2Protocol.SYMBOLS_PER_FRAME) {
      List<String> chunk =
          symbols.subList(
              from, Math.min(symbols.size(), from + KrakenV2Protocol.SYMBOLS_PER_FRAME));
      frames.add(request("subscribe", "book", chunk, depth));
      frames.add(request("subscribe", "trade", chunk, 0));
      frames.add(request("subscribe", "ticker", chunk, 0));
    }
    return frames;
  }

  @Override
  public Optional<String> pingFrame() {
    return Optional.of("{\"method\":\"ping\",\"req_id\":" + (++reqId) + "}");
  }

  @Override
  public void onFrame(String frame, long receivedEpochNanos) {
    try {
      if (RestFrame.isRest(frame)) {
        throw new FrameException(
            ErrorKind.UNKNOWN_MESSAGE, "kraken-v2 fetches nothing: unexpected REST answer");
      }
      char first = KrakenJson.firstChar(frame);
      if (first == '{') {
        onObject(frame, receivedEpochNanos);
      } else if (first == '[') {
        // Well-formed JSON, but v2 sends objects only (a v1 array on the v2 endpoint).
        KrakenJson.STRICT.readTree(frame);
        throw new FrameException(ErrorKind.UNKNOWN_MESSAGE, "kraken-v2 sends objects, not arrays");
      } else {
        throw new FrameException(
            ErrorKind.MALFORMED_JSON, "not JSON: '" + DeadLetters.abbreviate(frame, 80) + "'");
      }
    } catch (FrameException e) {
      output.deadLetter(e.kind(), e.getMessage());
    } catch (IOException e) {
      output.deadLetter(ErrorKind.MALFORMED_JSON, "malformed JSON: " + KrakenJson.error(e));
    } catch (RuntimeException e) {
      output.deadLetter(ErrorKind.ADAPTER_ERROR, "kraken-v2 decoding failed: " + e);
    }
  }

  private void onObject(String frame, long receivedEpochNanos) throws IOException {
    String channel = null;
    String type = null;
    String method = null;
    JsonNode data = null;
    boolean tradesDone = false;
    JsonNode success = null;
    JsonNode error = null;
    JsonNode result = null;
    try (JsonParser p = KrakenJson.FACTORY.createParser(frame)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "channel" -> channel = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "type" -> type = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "method" -> method = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "data" -> {
            if ("trade".equals(channel) && value == JsonToken.START_ARRAY) {
              // The hot path: trades decode straight from the stream.
              onTrades(p, receivedEpochNanos);
              tradesDone = true;
            } else {
              data = p.readValueAsTree();
            }
          }
          case "success" -> success = p.readValueAsTree();
          case "error" -> error = p.readValueAsTree();
          case "result" -> result = p.readValueAsTree();
          default -> p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new FrameException(
            ErrorKind.MALFORMED_JSON, "malformed JSON: content after the object");
      }
    }
    if (channel != null) {
      onChannel(channel, type, data, tradesDone, receivedEpochNanos);
    } else if (method != null) {
      onMethod(method, success, error, result);
    } else if (error != null) {
      throw new FrameException(ErrorKind.VENUE_ERROR, "venue error: " + text(error));
    } else {
      throw new FrameException(ErrorKind.UNKNOWN_MESSAGE, "neither a channel nor a method");
    }
  }

  private void onChannel(
      String channel, String type, JsonNode data, boolean tradesDone, long receivedEpochNanos)
      throws IOException {
    switch (channel) {
      case "heartbeat", "status" -> output.ignored(channel);
      case "trade" -> {
        if (tradesDone) {
          return;
        }
        if (!(data instanceof ArrayNode)) {
          throw missing("data");
        }
        try (JsonParser p = KrakenJson.MAPPER.treeAsTokens(data)) {
          p.nextToken();
          onTrades(p, receivedEpochNanos);
        }
      }
      case "book" -> onBook(type, elements(data), receivedEpochNanos);
      case "ticker" -> onTicker(elements(data), receivedEpochNanos);
      case "instrument" -> onInstrument(data);
      default ->
          throw new FrameException(
              ErrorKind.UNKNOWN_MESSAGE,
              "unknown channel '" + DeadLetters.abbreviate(channel, 60) + "'");
    }
  }

  private void onMethod(String method, JsonNode success, JsonNode error, JsonNode result) {
    switch (method) {
      case "pong" -> output.ignored("pong");
      case "subscribe", "unsubscribe" -> {
        if (success == null || !success.asBoolean(false)) {
          throw new FrameException(
              ErrorKind.VENUE_ERROR,
              method + " failed: " + (error == null ? "no error given" : text(error)));
        }
        if ("subscribe".equals(method)
            && result != null
            && "book".equals(result.path("channel").asText())
            && result.path("depth").canConvertToInt()
            && result.path("symbol").isTextual()) {
          // A replay learns the depth the capture subscribed from the ack.
          int acked = result.path("depth").asInt();
          if (acked > 0 && acked <= 10_000 && ackedDepths.size() < 10_000) {
            ackedDepths.put(result.path("symbol").asText(), acked);
          }
        }
        output.ignored(method);
      }
      default ->
          throw new FrameException(
              ErrorKind.UNKNOWN_MESSAGE,
              "unknown method '" + DeadLetters.abbreviate(method, 60) + "'");
    }
  }

  // --- trades -------------------------------------------------------------------------------

  /** Decodes a data array of trades; the parser is on its START_ARRAY. */
  private void onTrades(JsonParser p, long receivedEpochNanos) throws IOException {
    int index = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == null) {
        throw new FrameException(ErrorKind.MALFORMED_JSON, "malformed JSON: unterminated data");
      }
      String symbol = null;
      String side = null;
      String price = null;
      String qty = null;
      String tradeId = null;
      String timestamp = null;
      boolean object = t == JsonToken.START_OBJECT;
      if (object) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken value = p.nextToken();
          if (!value.isScalarValue()) {
            p.skipChildren();
            continue;
          }
          String text = value == JsonToken.VALUE_NULL ? null : p.getText();
          switch (field) {
            case "symbol" -> symbol = text;
            case "side" -> side = text;
            case "price" -> price = text;
            case "qty" -> qty = text;
            case "trade_id" -> tradeId = text;
            case "timestamp" -> timestamp = text;
            default -> {}
          }
        }
      } else {
        p.skipChildren();
      }
      try {
        if (!object) {
          throw new FrameException(ErrorKind.MALFORMED_FRAME, "not an object");
        }
        trade(symbol, side, price, qty, tradeId, timestamp, receivedEpochNanos);
      } catch (FrameException e) {
        output.deadLetter(e.kind(), "trade " + index + ": " + e.getMessage());
      }
      index++;
    }
  }

  private void trade(
      String symbol,
      String sideText,
      String priceText,
      String qtyText,
      String tradeIdText,
      String timestamp,
      long receivedEpochNanos) {
    if (symbol == null) {
      throw missing("symbol");
    }
    Instrument instrument = pairs.instrument(symbol);
    BigDecimal price = WireNumbers.positive("price", priceText);
    BigDecimal qty = WireNumbers.positive("qty", qtyText);
    long tradeId = WireNumbers.integer("trade_id", tradeIdText);
    if (timestamp == null) {
      throw missing("timestamp");
    }
    Instant time = KrakenTime.rfc3339("timestamp", timestamp);
    Side side;
    if ("buy".equals(sideText)) {
      side = Side.SIDE_BUY;
    } else if ("sell".equals(sideText)) {
      side = Side.SIDE_SELL;
    } else if (sideText == null) {
      throw missing("side");
    } else {
      throw new FrameException(
          ErrorKind.BAD_VALUE,
          "field \"side\" is not buy or sell: '" + DeadLetters.abbreviate(sideText, 20) + "'");
    }
    String id = instrument.id();
    String tradeIdKey = Long.toString(tradeId);
    if (!dedupe.firstSeen(id, tradeIdKey)) {
      return;
    }
    output.trade(
        Trade.newBuilder()
            .setInstrument(id)
            .setVenue(VENUE)
            .setTradeId(tradeIdKey)
            .setPrice(Decimals.of(price))
            .setSize(Decimals.of(qty))
            .setSide(side)
            // trade_id counts up per pair: it is the venue's sequence of trades.
            .setSequence(tradeId)
            .setEventTime(ProtoTime.of(time))
            .setIngestTime(ProtoTime.of(KrakenJson.instant(receivedEpochNanos)))
            .build());
  }

  // --- ticker -------------------------------------------------------------------------------

  private void onTicker(List<ObjectNode> elements, long receivedEpochNanos) {
    for (int i = 0; i < elements.size(); i++) {
      try {
        ObjectNode e = elements.get(i);
        Instrument instrument = pairs.instrument(requiredText(e, "symbol"));
        BigDecimal bid = WireNumbers.positive("bid", number(e, "bid"));
        BigDecimal bidQty = WireNumbers.nonNegative("bid_qty", number(e, "bid_qty"));
        BigDecimal ask = WireNumbers.positive("ask", number(e, "ask"));
        BigDecimal askQty = WireNumbers.nonNegative("ask_qty", number(e, "ask_qty"));
        Instant ingest = KrakenJson.instant(receivedEpochNanos);
        // Older v2 tickers carry no timestamp: the receive time stands for it.
        Instant time =
            e.has("timestamp")
                ? KrakenTime.rfc3339("timestamp", e.get("timestamp").asText())
                : ingest;
        String id = instrument.id();
        if (!quotes.changed(id, bid, bidQty, ask, askQty)) {
          continue;
        }
        output.quote(
            Quote.newBuilder()
                .setInstrument(id)
                .setVenue(VENUE)
                .setBidPrice(Decimals.of(bid))
                .setBidSize(Decimals.of(bidQty))
                .setAskPrice(Decimals.of(ask))
                .setAskSize(Decimals.of(askQty))
                .setEventTime(ProtoTime.of(time))
                .setIngestTime(ProtoTime.of(ingest))
                .build());
      } catch (FrameException ex) {
        output.deadLetter(ex.kind(), "ticker " + i + ": " + ex.getMessage());
      }
    }
  }

  // --- instrument ---------------------------------------------------------------------------

  private void onInstrument(JsonNode data) {
    JsonNode list = data == null ? null : data.get("pairs");
    if (!(list instanceof ArrayNode entries)) {
      throw missing("data.pairs");
    }
    for (JsonNode pair : entries) {
      JsonNode symbol = pair.get("symbol");
      JsonNode price = pair.get("price_precision");
      JsonNode qty = pair.get("qty_precision");
      if (symbol == null
          || !symbol.isTextual()
          || price == null
          || !price.isIntegralNumber()
          || qty == null
          || !qty.isIntegralNumber()
          || price.asInt() < 0
          || price.asInt() > WireNumbers.MAX_DIGITS
          || qty.asInt() < 0
          || qty.asInt() > WireNumbers.MAX_DIGITS) {
        output.deadLetter(
            ErrorKind.BAD_VALUE,
            "instrument pair without symbol, price_precision and qty_precision: "
                + DeadLetters.abbreviate(pair.toString(), 200));
        continue;
      }
      if (precisions.size() < 100_000 || precisions.containsKey(symbol.asText())) {
        precisions.put(symbol.asText(), new Precision(price.asInt(), qty.asInt()));
      }
    }
    output.ignored("instrument");
    for (TrackedBook book : books.values()) {
      if (book.state == TrackedBook.State.HELD && precisions.containsKey(book.pair)) {
        release(book);
      }
    }
  }

  /** A book held for want of precision: verify it against the last checksum, then publish it. */
  private void release(TrackedBook book) {
    Precision precision = precisions.get(book.pair);
    long ours = KrakenChecksum.ofPrecision(book.book, precision.price(), precision.qty());
    if (ours != book.heldChecksum) {
      output.gap(
          book.instrument.id(),
          GapKind.CHECKSUM,
          "venue checksum " + book.heldChecksum + ", book " + ours);
      resync(book);
      return;
    }
    publishSnapshot(book, book.heldChecksum, book.heldTime, book.heldIngest);
  }

  // --- book ---------------------------------------------------------------------------------

  private void onBook(String type, List<ObjectNode> elements, long receivedEpochNanos) {
    boolean snapshot = "snapshot".equals(type);
    if (!snapshot && !"update".equals(type)) {
      throw new FrameException(
          ErrorKind.BAD_VALUE, "book \"type\" is neither snapshot nor update: " + type);
    }
    for (ObjectNode element : elements) {
      TrackedBook book = null;
      try {
        String symbol = requiredText(element, "symbol");
        Instrument instrument = pairs.instrument(symbol);
        book =
            books.computeIfAbsent(
                instrument.id(),
                k -> new TrackedBook(instrument, symbol, ackedDepths.getOrDefault(symbol, depth)));
        bookElement(book, snapshot, element, receivedEpochNanos);
      } catch (FrameException e) {
        output.deadLetter(e.kind(), "book: " + e.getMessage());
        if (book != null && book.state != TrackedBook.State.AWAITING_SNAPSHOT) {
          if (book.state == TrackedBook.State.LIVE) {
            output.gap(
                book.instrument.id(), GapKind.SEQUENCE, "unusable book update: " + e.getMessage());
          }
          resync(book);
        }
      }
    }
  }

  private void bookElement(
      TrackedBook book, boolean snapshot, ObjectNode element, long receivedEpochNanos) {
    List<TrackedBook.WireLevel> levels = new ArrayList<>();
    levels(element, "bids", BookSide.BID, levels);
    levels(element, "asks", BookSide.ASK, levels);
    long checksum = WireNumbers.integer("checksum", number(element, "checksum"));
    if (checksum < 0 || checksum > 0xFFFF_FFFFL) {
      throw new FrameException(
          ErrorKind.BAD_NUMBER, "field \"checksum\" is not an unsigned 32-bit value: " + checksum);
    }
    Instant ingest = KrakenJson.instant(receivedEpochNanos);
    Instant time =
        element.has("timestamp")
            ? KrakenTime.rfc3339("timestamp", element.get("timestamp").asText())
            : ingest;
    book.depth = ackedDepths.getOrDefault(book.pair, book.depth);
    Precision precision = precisions.get(book.pair);
    if (snapshot) {
      book.replace(levels);
      if (precision == null) {
        hold(book, checksum, time, ingest);
        return;
      }
      long ours = KrakenChecksum.ofPrecision(book.book, precision.price(), precision.qty());
      if (ours != checksum) {
        output.gap(
            book.instrument.id(),
            GapKind.CHECKSUM,
            "venue checksum " + checksum + ", book " + ours);
        resync(book);
        return;
      }
      publishSnapshot(book, checksum, time, ingest);
      return;
    }
    switch (book.state) {
      case AWAITING_SNAPSHOT -> output.ignored("book_awaiting_snapshot");
      case HELD -> {
        book.update(levels, BookUpdate.newBuilder());
        hold(book, checksum, time, ingest);
      }
      case LIVE -> {
        BookUpdate.Builder delta =
            BookUpdate.newBuilder()
                .setInstrument(book.instrument.id())
                .setVenue(VENUE)
                .setKind(BookUpdate.Kind.KIND_DELTA)
                .setChecksum(checksum)
                .setEventTime(ProtoTime.of(time))
                .setIngestTime(ProtoTime.of(ingest));
        book.update(levels, delta);
        long ours = KrakenChecksum.ofPrecision(book.book, precision.price(), precision.qty());
        if (ours != checksum) {
          output.gap(
              book.instrument.id(),
              GapKind.CHECKSUM,
              "venue checksum " + checksum + ", book " + ours);
          resync(book);
          return;
        }
        output.book(delta.build());
      }
    }
  }

  /** Keeps building a book whose pair precision is unknown, without publishing it. */
  private void hold(TrackedBook book, long checksum, Instant time, Instant ingest) {
    book.state = TrackedBook.State.HELD;
    book.heldChecksum = checksum;
    book.heldTime = time;
    book.heldIngest = ingest;
    output.ignored("book_awaiting_precision");
  }

  private void publishSnapshot(TrackedBook book, long checksum, Instant time, Instant ingest) {
    book.state = TrackedBook.State.LIVE;
    output.book(
        book.book
            .writeLevels(
                BookUpdate.newBuilder()
                    .setInstrument(book.instrument.id())
                    .setVenue(VENUE)
                    .setKind(BookUpdate.Kind.KIND_SNAPSHOT))
            .setChecksum(checksum)
            .setEventTime(ProtoTime.of(time))
            .setIngestTime(ProtoTime.of(ingest))
            .build());
    if (book.resyncing) {
      book.resyncing = false;
      output.resynced(book.instrument.id());
    }
  }

  @Override
  public void onLost(long receivedEpochNanos) {
    // Whose frame it was is unknown: every book resubscribes, including those still awaiting the
    // snapshot that may have been the lost frame.
    List<String> untracked = new ArrayList<>();
    for (Instrument instrument : configured) {
      if (!books.containsKey(instrument.id())) {
        untracked.add(KrakenPairs.v2Symbol(instrument));
      }
    }
    for (TrackedBook book : books.values()) {
      // Only a published book reports a gap, and then its resync; one not yet published does not.
      boolean published = book.state == TrackedBook.State.LIVE;
      boolean resyncing = book.resyncing || published;
      if (published) {
        output.gap(book.instrument.id(), GapKind.SEQUENCE, "a frame was lost unread");
      }
      resync(book);
      book.resyncing = resyncing;
    }
    for (String symbol : untracked) {
      int bookDepth = ackedDepths.getOrDefault(symbol, depth);
      control.send(request("unsubscribe", "book", List.of(symbol), bookDepth));
      control.send(request("subscribe", "book", List.of(symbol), bookDepth));
    }
  }

  /** Stops publishing the book and asks for a fresh snapshot by subscribing again. */
  private void resync(TrackedBook book) {
    book.state = TrackedBook.State.AWAITING_SNAPSHOT;
    book.resyncing = true;
    control.send(request("unsubscribe", "book", List.of(book.pair), book.depth));
    control.send(request("subscribe", "book", List.of(book.pair), book.depth));
  }

  private static void levels(
      ObjectNode element, String field, BookSide side, List<TrackedBook.WireLevel> out) {
    JsonNode array = element.get(field);
    if (array == null) {
      return; // an update may touch one side only
    }
    if (!(array instanceof ArrayNode entries)) {
      throw new FrameException(ErrorKind.MALFORMED_FRAME, "field \"" + field + "\" is not a list");
    }
    for (JsonNode entry : entries) {
      if (!(entry instanceof ObjectNode level)) {
        throw new FrameException(
            ErrorKind.MALFORMED_FRAME, "a \"" + field + "\" level is not an object");
      }
      BigDecimal price = WireNumbers.positive("price", number(level, "price"));
      BigDecimal qty = WireNumbers.nonNegative("qty", number(level, "qty"));
      out.add(
          new TrackedBook.WireLevel(
              side, new OrderBook.Level(price, qty, price.toPlainString(), qty.toPlainString())));
    }
  }

  // --- frames we send -----------------------------------------------------------------------

  private String request(String method, String channel, List<String> symbols, int bookDepth) {
    ObjectNode frame = KrakenJson.MAPPER.createObjectNode();
    frame.put("method", method);
    ObjectNode params = frame.putObject("params");
    params.put("channel", channel);
    symbols.forEach(params.putArray("symbol")::add);
    if ("book".equals(channel)) {
      params.put("depth", bookDepth);
    } else if ("ticker".equals(channel)) {
      params.put("event_trigger", "bbo"); // a quote on every best bid/ask change, not per trade
    }
    frame.put("req_id", ++reqId);
    return frame.toString();
  }

  // --- helpers ------------------------------------------------------------------------------

  /** The book of {@code instrument} as the session holds it, or null (for tests). */
  OrderBook book(String instrument) {
    TrackedBook book = books.get(instrument);
    return book == null ? null : book.book;
  }

  private static List<ObjectNode> elements(JsonNode data) {
    if (!(data instanceof ArrayNode array)) {
      throw missing("data");
    }
    List<ObjectNode> elements = new ArrayList<>(array.size());
    for (JsonNode element : array) {
      if (!(element instanceof ObjectNode object)) {
        throw new FrameException(ErrorKind.MALFORMED_FRAME, "a data element is not an object");
      }
      elements.add(object);
    }
    return elements;
  }

  /** A number's exact text; v2 writes numbers as JSON numbers, a string is read the same way. */
  private static String number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null; // WireNumbers reports the missing field
    }
    if (!value.isNumber() && !value.isTextual()) {
      throw new FrameException(
          ErrorKind.BAD_NUMBER, "field \"" + field + "\" is not a number: " + value.getNodeType());
    }
    return value.asText();
  }

  private static String requiredText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw missing(field);
    }
    return value.asText();
  }

  private static String text(JsonNode node) {
    return DeadLetters.abbreviate(node.isTextual() ? node.asText() : node.toString(), 300);
  }

  private static FrameException missing(String field) {
    return new FrameException(ErrorKind.MISSING_FIELD, "missing field \"" + field + "\"");
  }
}
