package dev.sextant.ingest.market.bybit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FeedControl;
import dev.sextant.ingest.market.FrameException;
import dev.sextant.ingest.market.GapKind;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.QuoteGate;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.ingest.market.TradeDedupe;
import dev.sextant.ingest.market.WireNumbers;
import dev.sextant.ingest.market.WireTime;
import dev.sextant.ingest.market.book.BookSide;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Quote;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decodes one Bybit v5 public connection, spot or linear: trades, order books linked by {@code u},
 * and the best bid and ask (from linear tickers; from the book's top on spot, whose tickers carry
 * none).
 */
public final class BybitSession implements ProtocolSession {

  /** The book depth subscribed. */
  static final int DEPTH = 50;

  /** Bybit spot takes at most 10 args per subscribe request; linear gets the same. */
  static final int ARGS_PER_REQUEST = 10;

  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper TREE = new ObjectMapper(JSON);

  /** Topics Bybit defines that carry nothing Sextant publishes. */
  private static final Set<String> QUIET_TOPICS =
      Set.of(
          "kline",
          "allLiquidation",
          "liquidation",
          "tickers_lt",
          "kline_lt",
          "lt",
          "insurance",
          "priceLimit",
          "adlAlert");

  private final SessionContext context;
  private final BybitCategory category;
  private final MarketOutput output;
  private final FeedControl control;
  private final BybitInstruments instruments;
  private final BybitTrades trades;
  private final BybitTickers tickers = new BybitTickers();
  private final QuoteGate quotes = new QuoteGate();
  private final Map<String, BybitBook> books = new LinkedHashMap<>();
  private long requests;

  /**
   * @throws IllegalArgumentException when the plan names neither spot nor linear
   */
  public BybitSession(SessionContext context) {
    this.context = context;
    this.category = BybitCategory.of(context.plan());
    this.output = context.output();
    this.control = context.control();
    this.instruments =
        new BybitInstruments(category, context.registry(), context.plan().instruments());
    // The dedupe outlives reconnects, so trades Bybit pushes again are published once.
    this.trades = new BybitTrades(instruments, new TradeDedupe(), output);
  }

  @Override
  public List<String> onOpen(long receivedEpochNanos) {
    for (Map.Entry<String, BybitBook> entry : books.entrySet()) {
      BybitBook book = entry.getValue();
      if (book.live) {
        output.gap(entry.getKey(), GapKind.RECONNECT, "connection reopened; awaiting a snapshot");
        book.lose();
      }
    }
    tickers.clear();
    List<String> args = new ArrayList<>();
    for (Instrument instrument : context.plan().instruments()) {
      String symbol = BybitInstruments.symbol(instrument);
      args.add("orderbook." + DEPTH + "." + symbol);
      args.add("publicTrade." + symbol);
      args.add("tickers." + symbol);
    }
    List<String> frames = new ArrayList<>();
    for (int from = 0; from < args.size(); from += ARGS_PER_REQUEST) {
      frames.add(
          request("subscribe", args.subList(from, Math.min(args.size(), from + ARGS_PER_REQUEST))));
    }
    return frames;
  }

  /** Bybit asks for {@code {"op":"ping"}} every 20 seconds. */
  @Override
  public Optional<String> pingFrame() {
    return Optional.of("{\"op\":\"ping\"}");
  }

  @Override
  public void onFrame(String frame, long receivedEpochNanos) {
    try {
      decode(frame, receivedEpochNanos);
    } catch (FrameException e) {
      output.deadLetter(e.kind(), e.getMessage());
    } catch (JsonProcessingException e) {
      output.deadLetter(ErrorKind.MALFORMED_JSON, "not JSON: " + e.getOriginalMessage());
    } catch (IOException | RuntimeException e) {
      output.deadLetter(ErrorKind.ADAPTER_ERROR, "Bybit decoding failed: " + e);
    }
  }

  private void decode(String frame, long receivedEpochNanos) throws IOException {
    String topic = null;
    String type = null;
    String ts = null;
    String op = null;
    String retMsg = null;
    Boolean success = null;
    String cs = null;
    JsonNode data = null;
    boolean tradesDone = false;
    try (JsonParser parser = JSON.createParser(frame)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new FrameException(ErrorKind.MALFORMED_JSON, "frame is not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken token = parser.nextToken();
        switch (name) {
          case "topic" -> topic = parser.getValueAsString();
          case "type" -> type = parser.getValueAsString();
          case "ts" -> ts = parser.getValueAsString();
          case "cs" -> cs = parser.getValueAsString();
          case "op" -> op = parser.getValueAsString();
          case "ret_msg" -> retMsg = parser.getValueAsString();
          case "success" ->
              success = token.isBoolean() ? token == JsonToken.VALUE_TRUE : Boolean.FALSE;
          case "data" -> {
            // Trades are the hot path: decoded straight off the stream when the topic came first.
            if (topic != null
                && topic.startsWith("publicTrade.")
                && token == JsonToken.START_ARRAY) {
              trades.decode(parser, symbolOf(topic), receivedEpochNanos);
              tradesDone = true;
            } else {
              data = TREE.readTree(parser);
            }
          }
          default -> parser.skipChildren();
        }
      }
    }
    if (op != null) {
      onOp(op, success, retMsg);
      return;
    }
    if (topic == null) {
      if (Boolean.FALSE.equals(success)) {
        throw new FrameException(ErrorKind.VENUE_ERROR, "Bybit error: " + retMsg);
      }
      throw new FrameException(ErrorKind.UNKNOWN_MESSAGE, "Bybit frame with neither op nor topic");
    }
    int dot = topic.indexOf('.');
    String channel = dot < 0 ? topic : topic.substring(0, dot);
    switch (channel) {
      case "publicTrade" -> {
        if (!tradesDone) {
          if (data == null || !data.isArray()) {
            throw new FrameException(
                ErrorKind.MISSING_FIELD, "missing array field \"data\" in a publicTrade push");
          }
          JsonParser parser = data.traverse(TREE);
          parser.nextToken();
          trades.decode(parser, symbolOf(topic), receivedEpochNanos);
        }
      }
      case "orderbook" -> onBook(topic, type, ts, data, receivedEpochNanos);
      case "tickers" -> onTicker(topic, type, ts, cs, data, receivedEpochNanos);
      default -> {
        if (QUIET_TOPICS.contains(channel)) {
          output.ignored("unpublished-topic");
        } else {
          throw new FrameException(
              ErrorKind.UNKNOWN_MESSAGE,
              "unknown Bybit topic '" + BybitTrades.abbreviate(topic) + "'");
        }
      }
    }
  }

  private static String symbolOf(String topic) {
    return topic.substring(topic.lastIndexOf('.') + 1);
  }

  /** Acks and pongs; spot answers a ping with op "ping", linear with op "pong". */
  private void onOp(String op, Boolean success, String retMsg) {
    if (Boolean.FALSE.equals(success)) {
      throw new FrameException(
          ErrorKind.VENUE_ERROR, "Bybit refused " + BybitTrades.abbreviate(op) + ": " + retMsg);
    }
    switch (op) {
      case "subscribe", "unsubscribe" -> output.ignored(op);
      case "ping", "pong" -> output.ignored("pong");
      default ->
          throw new FrameException(
              ErrorKind.UNKNOWN_MESSAGE, "unknown Bybit op '" + BybitTrades.abbreviate(op) + "'");
    }
  }

  // ---- books

  private void onBook(
      String topic, String type, String ts, JsonNode data, long receivedEpochNanos) {
    String instrument = instruments.instrument(symbolOf(topic));
    BybitBook book = books.computeIfAbsent(instrument, k -> new BybitBook(topic));
    if ("snapshot".equals(type)) {
      onSnapshot(topic, instrument, book, ts, data, receivedEpochNanos);
    } else if ("delta".equals(type)) {
      onDelta(topic, instrument, book, ts, data, receivedEpochNanos);
    } else {
      // The push may have changed the book, so a live book is resynced too.
      if (book.live) {
        resync(topic, instrument, GapKind.SEQUENCE, "push of unknown type dropped");
      }
      throw new FrameException(
          ErrorKind.BAD_VALUE, "field \"type\" is neither snapshot nor delta: " + type);
    }
  }

  /** A snapshot resets the book, also the u=1 snapshot Bybit sends after a service restart. */
  private void onSnapshot(
      String topic,
      String instrument,
      BybitBook book,
      String ts,
      JsonNode data,
      long receivedEpochNanos) {
    BybitBookFrame frame;
    try {
      frame = BybitBookFrame.read(data, ts);
    } catch (FrameException e) {
      output.deadLetter(e.kind(), topic + " snapshot: " + e.getMessage());
      resync(topic, instrument, GapKind.SEQUENCE, "unusable snapshot dropped");
      return;
    }
    book.book.clear();
    frame.applyTo(book.book);
    book.live = true;
    book.lastUpdateId = frame.updateId();
    BookUpdate.Builder update =
        frame.record(instrument, BookUpdate.Kind.KIND_SNAPSHOT, receivedEpochNanos);
    output.book(book.book.writeLevels(update).build());
    if (book.resyncing) {
      book.resyncing = false;
      output.resynced(instrument);
    }
    topOfBook(instrument, book, frame, receivedEpochNanos);
  }

  private void onDelta(
      String topic,
      String instrument,
      BybitBook book,
      String ts,
      JsonNode data,
      long receivedEpochNanos) {
    if (!book.live) {
      output.ignored("book-awaiting-snapshot");
      return;
    }
    BybitBookFrame frame;
    try {
      frame = BybitBookFrame.read(data, ts);
    } catch (FrameException e) {
      output.deadLetter(e.kind(), topic + " delta: " + e.getMessage());
      resync(topic, instrument, GapKind.SEQUENCE, "unusable delta dropped");
      return;
    }
    if (frame.updateId() != book.lastUpdateId + 1) {
      resync(
          topic,
          instrument,
          GapKind.SEQUENCE,
          "u " + frame.updateId() + " does not follow " + book.lastUpdateId);
      return;
    }
    frame.applyTo(book.book);
    book.lastUpdateId = frame.updateId();
    output.book(frame.record(instrument, BookUpdate.Kind.KIND_DELTA, receivedEpochNanos).build());
    topOfBook(instrument, book, frame, receivedEpochNanos);
  }

  @Override
  public void onLost(long receivedEpochNanos) {
    // Whose frame it was is unknown: every book resubscribes, including those still awaiting the
    // snapshot that may have been the lost frame; only published ones report a gap.
    for (Instrument planned : context.plan().instruments()) {
      String topic = "orderbook." + DEPTH + "." + BybitInstruments.symbol(planned);
      BybitBook book = books.get(planned.id());
      if (book != null && book.live) {
        resync(topic, planned.id(), GapKind.SEQUENCE, "a frame was lost unread");
      } else {
        control.send(request("unsubscribe", List.of(topic)));
        control.send(request("subscribe", List.of(topic)));
      }
    }
  }

  private void resync(String topic, String instrument, GapKind kind, String detail) {
    BybitBook book = books.computeIfAbsent(instrument, k -> new BybitBook(topic));
    book.lose();
    output.gap(instrument, kind, topic + ": " + detail);
    control.send(request("unsubscribe", List.of(topic)));
    control.send(request("subscribe", List.of(topic)));
  }

  /** Spot tickers carry no best bid and ask, so on spot the quote is the book's top. */
  private void topOfBook(
      String instrument, BybitBook book, BybitBookFrame frame, long receivedEpochNanos) {
    if (category != BybitCategory.SPOT) {
      return;
    }
    OrderBook.Level bid = book.book.best(BookSide.BID);
    OrderBook.Level ask = book.book.best(BookSide.ASK);
    if (bid == null || ask == null) {
      return;
    }
    Quote quote =
        Quote.newBuilder()
            .setInstrument(instrument)
            .setVenue("bybit")
            .setBidPrice(Decimals.of(bid.price()))
            .setBidSize(Decimals.of(bid.size()))
            .setAskPrice(Decimals.of(ask.price()))
            .setAskSize(Decimals.of(ask.size()))
            .setSequence(frame.updateId())
            .setEventTime(WireTime.ofMillis(frame.ts()))
            .setIngestTime(WireTime.ofNanos(receivedEpochNanos))
            .build();
    if (quotes.changed(quote)) {
      output.quote(quote);
    }
  }

  // ---- tickers

  private void onTicker(
      String topic, String type, String ts, String cs, JsonNode data, long receivedEpochNanos) {
    String instrument = instruments.instrument(symbolOf(topic));
    if (data == null || !data.isObject()) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing object field \"data\" in tickers");
    }
    boolean snapshot;
    if ("snapshot".equals(type)) {
      snapshot = true;
    } else if ("delta".equals(type)) {
      snapshot = false;
    } else {
      throw new FrameException(
          ErrorKind.BAD_VALUE, "field \"type\" is neither snapshot nor delta: " + type);
    }
    BybitTickers.Top top = tickers.merge(symbolOf(topic), snapshot, data);
    if (!top.complete()) {
      // Spot tickers carry no best bid and ask at all.
      output.ignored("ticker-without-quote");
      return;
    }
    Quote quote =
        Quote.newBuilder()
            .setInstrument(instrument)
            .setVenue("bybit")
            .setBidPrice(Decimals.of(WireNumbers.positive("bid1Price", top.bidPrice)))
            .setBidSize(Decimals.of(WireNumbers.nonNegative("bid1Size", top.bidSize)))
            .setAskPrice(Decimals.of(WireNumbers.positive("ask1Price", top.askPrice)))
            .setAskSize(Decimals.of(WireNumbers.nonNegative("ask1Size", top.askSize)))
            .setSequence(cs == null ? 0 : WireNumbers.integer("cs", cs))
            .setEventTime(WireTime.millis("ts", ts))
            .setIngestTime(WireTime.ofNanos(receivedEpochNanos))
            .build();
    if (quotes.changed(quote)) {
      output.quote(quote);
    } else {
      output.ignored("unchanged-quote");
    }
  }

  // ---- requests

  private String request(String op, List<String> args) {
    ObjectNode request = TREE.createObjectNode();
    request.put("op", op);
    args.forEach(request.putArray("args")::add);
    // A counter, not a clock: the same session sends the same frames, so replays match.
    request.put("req_id", op + "-" + ++requests);
    return request.toString();
  }

  /** The live book of {@code instrument}, for tests. */
  Optional<OrderBook> book(String instrument) {
    BybitBook book = books.get(instrument);
    return book == null || !book.live ? Optional.empty() : Optional.of(book.book);
  }

  /** This session's category. */
  BybitCategory category() {
    return category;
  }
}
