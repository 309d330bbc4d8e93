package dev.sextant.ingest.market.okx;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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

/** Decodes one OKX v5 public connection: trades, checksummed books, bbo-tbt and tickers. */
public final class OkxSession implements ProtocolSession {

  /** The channels subscribed for every instrument. */
  static final List<String> CHANNELS = List.of("trades", "books", "bbo-tbt");

  /** Args per subscribe request: OKX caps a request at 64 KB, far above this. */
  static final int ARGS_PER_REQUEST = 50;

  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper TREE = new ObjectMapper(JSON);

  /** Incremental book channels, all of one format: snapshot, then checksummed updates. */
  private static final Set<String> BOOK_CHANNELS =
      Set.of("books", "books-l2-tbt", "books50-l2-tbt");

  /** Channels OKX defines that carry nothing Sextant publishes. */
  private static final Set<String> QUIET_CHANNELS =
      Set.of(
          "instruments",
          "open-interest",
          "funding-rate",
          "price-limit",
          "mark-price",
          "index-tickers",
          "estimated-price",
          "liquidation-orders",
          "opt-summary",
          "status");

  private final SessionContext context;
  private final MarketOutput output;
  private final FeedControl control;
  private final OkxInstruments instruments;
  private final OkxTrades trades;
  private final QuoteGate quotes = new QuoteGate();
  private final Map<String, OkxBook> books = new LinkedHashMap<>();
  private long checksumsVerified;

  public OkxSession(SessionContext context) {
    this.context = context;
    this.output = context.output();
    this.control = context.control();
    this.instruments = new OkxInstruments(context.registry(), context.plan().instruments());
    // The dedupe outlives reconnects, so trades OKX pushes again are published once.
    this.trades = new OkxTrades(instruments, new TradeDedupe(), output);
  }

  @Override
  public List<String> onOpen(long receivedEpochNanos) {
    for (Map.Entry<String, OkxBook> entry : books.entrySet()) {
      OkxBook book = entry.getValue();
      if (book.live) {
        output.gap(entry.getKey(), GapKind.RECONNECT, "connection reopened; awaiting a snapshot");
        book.lose();
      } else {
        book.lastSeqId = OkxBook.NO_SEQ;
      }
    }
    List<ObjectNode> args = new ArrayList<>();
    for (Instrument instrument : context.plan().instruments()) {
      for (String channel : CHANNELS) {
        args.add(arg(channel, OkxInstruments.instId(instrument)));
      }
    }
    List<String> frames = new ArrayList<>();
    for (int from = 0; from < args.size(); from += ARGS_PER_REQUEST) {
      frames.add(
          request("subscribe", args.subList(from, Math.min(args.size(), from + ARGS_PER_REQUEST))));
    }
    return frames;
  }

  /** OKX wants the text {@code ping} when a connection is quiet; it answers {@code pong}. */
  @Override
  public Optional<String> pingFrame() {
    return Optional.of("ping");
  }

  @Override
  public void onFrame(String frame, long receivedEpochNanos) {
    // The pong is plain text, not JSON.
    if (frame.equals("pong")) {
      output.ignored("pong");
      return;
    }
    try {
      decode(frame, receivedEpochNanos);
    } catch (FrameException e) {
      output.deadLetter(e.kind(), e.getMessage());
    } catch (JsonProcessingException e) {
      output.deadLetter(ErrorKind.MALFORMED_JSON, "not JSON: " + e.getOriginalMessage());
    } catch (IOException | RuntimeException e) {
      output.deadLetter(ErrorKind.ADAPTER_ERROR, "OKX decoding failed: " + e);
    }
  }

  private void decode(String frame, long receivedEpochNanos) throws IOException {
    String event = null;
    String channel = null;
    String instId = null;
    String action = null;
    String code = null;
    String msg = null;
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
          case "event" -> event = parser.getValueAsString();
          case "action" -> action = parser.getValueAsString();
          case "code" -> code = parser.getValueAsString();
          case "msg" -> msg = parser.getValueAsString();
          case "arg" -> {
            if (token != JsonToken.START_OBJECT) {
              parser.skipChildren();
              continue;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
              String field = parser.currentName();
              parser.nextToken();
              if (field.equals("channel")) {
                channel = parser.getValueAsString();
              } else if (field.equals("instId")) {
                instId = parser.getValueAsString();
              } else {
                parser.skipChildren();
              }
            }
          }
          case "data" -> {
            // Trades are the hot path: decoded straight off the stream when the arg came first.
            if ("trades".equals(channel) && token == JsonToken.START_ARRAY) {
              trades.decode(parser, instId, receivedEpochNanos);
              tradesDone = true;
            } else {
              data = TREE.readTree(parser);
            }
          }
          default -> parser.skipChildren();
        }
      }
    }
    if (event != null) {
      onEvent(event, channel, instId, code, msg);
      return;
    }
    if (channel == null) {
      throw new FrameException(
          ErrorKind.UNKNOWN_MESSAGE, "OKX frame with neither event nor arg.channel");
    }
    if (channel.equals("trades")) {
      if (!tradesDone) {
        JsonParser parser = requireData(channel, data).traverse(TREE);
        parser.nextToken();
        trades.decode(parser, instId, receivedEpochNanos);
      }
    } else if (BOOK_CHANNELS.contains(channel)) {
      onBook(channel, instId, action, requireData(channel, data), receivedEpochNanos);
    } else if (channel.equals("bbo-tbt")) {
      onBbo(instId, requireData(channel, data), receivedEpochNanos);
    } else if (channel.equals("tickers")) {
      onTickers(instId, requireData(channel, data), receivedEpochNanos);
    } else if (QUIET_CHANNELS.contains(channel) || channel.startsWith("candle")) {
      output.ignored("unpublished-channel");
    } else {
      throw new FrameException(
          ErrorKind.UNKNOWN_MESSAGE, "unknown OKX channel '" + OkxTrades.abbreviate(channel) + "'");
    }
  }

  private static JsonNode requireData(String channel, JsonNode data) {
    if (data == null || !data.isArray()) {
      throw new FrameException(
          ErrorKind.MISSING_FIELD, "missing array field \"data\" in a " + channel + " push");
    }
    return data;
  }

  private void onEvent(String event, String channel, String instId, String code, String msg) {
    switch (event) {
      case "subscribe", "unsubscribe", "login", "notice", "channel-conn-count" ->
          output.ignored(event);
      case "error", "channel-conn-count-error" ->
          output.deadLetter(
              ErrorKind.VENUE_ERROR,
              "OKX "
                  + event
                  + " "
                  + code
                  + ": "
                  + msg
                  + (channel == null ? "" : " (" + channel + " " + instId + ")"));
      default ->
          throw new FrameException(
              ErrorKind.UNKNOWN_MESSAGE, "unknown OKX event '" + OkxTrades.abbreviate(event) + "'");
    }
  }

  // ---- books

  private void onBook(
      String channel, String instId, String action, JsonNode data, long receivedEpochNanos) {
    String instrument = instruments.instrument(instId);
    boolean snapshot;
    if ("snapshot".equals(action)) {
      snapshot = true;
    } else if ("update".equals(action)) {
      snapshot = false;
    } else {
      // The push may have changed the book, so a live book is resynced too.
      OkxBook live = books.get(instrument);
      if (live != null && live.live) {
        resync(channel, instId, instrument, GapKind.SEQUENCE, "push of unknown action dropped");
      }
      throw new FrameException(
          ErrorKind.BAD_VALUE, "field \"action\" is neither snapshot nor update: " + action);
    }
    OkxBook book = books.computeIfAbsent(instrument, k -> new OkxBook());
    for (JsonNode entry : data) {
      if (snapshot) {
        onSnapshot(channel, instId, instrument, book, entry, receivedEpochNanos);
      } else {
        onUpdate(channel, instId, instrument, book, entry, receivedEpochNanos);
      }
    }
  }

  private void onSnapshot(
      String channel,
      String instId,
      String instrument,
      OkxBook book,
      JsonNode entry,
      long receivedEpochNanos) {
    OkxBookFrame frame;
    try {
      frame = OkxBookFrame.read(entry);
    } catch (FrameException e) {
      output.deadLetter(e.kind(), channel + " snapshot: " + e.getMessage());
      resync(channel, instId, instrument, GapKind.SEQUENCE, "unusable snapshot dropped");
      return;
    }
    book.book.clear();
    frame.applyTo(book.book);
    if (!checksumMatches(frame, book)) {
      resync(
          channel,
          instId,
          instrument,
          GapKind.CHECKSUM,
          "snapshot checksum " + frame.checksum().getAsInt() + " != " + OkxChecksum.of(book.book));
      return;
    }
    book.live = true;
    book.lastSeqId = frame.seqId();
    BookUpdate.Builder update =
        frame.record(instrument, BookUpdate.Kind.KIND_SNAPSHOT, receivedEpochNanos);
    output.book(book.book.writeLevels(update).build());
    if (book.resyncing) {
      book.resyncing = false;
      output.resynced(instrument);
    }
  }

  private void onUpdate(
      String channel,
      String instId,
      String instrument,
      OkxBook book,
      JsonNode entry,
      long receivedEpochNanos) {
    if (!book.live) {
      output.ignored("book-awaiting-snapshot");
      return;
    }
    OkxBookFrame frame;
    try {
      frame = OkxBookFrame.read(entry);
    } catch (FrameException e) {
      output.deadLetter(e.kind(), channel + " update: " + e.getMessage());
      resync(channel, instId, instrument, GapKind.SEQUENCE, "unusable update dropped");
      return;
    }
    // prevSeqId links to the previous seqId, also across a sequence reset (seqId < prevSeqId)
    // and on the keep-alive update that changes nothing (seqId == prevSeqId).
    if (frame.prevSeqId() != OkxBook.NO_SEQ
        && book.lastSeqId != OkxBook.NO_SEQ
        && frame.prevSeqId() != book.lastSeqId) {
      resync(
          channel,
          instId,
          instrument,
          GapKind.SEQUENCE,
          "prevSeqId " + frame.prevSeqId() + " != last seqId " + book.lastSeqId);
      return;
    }
    frame.applyTo(book.book);
    if (!checksumMatches(frame, book)) {
      resync(
          channel,
          instId,
          instrument,
          GapKind.CHECKSUM,
          "checksum " + frame.checksum().getAsInt() + " != " + OkxChecksum.of(book.book));
      return;
    }
    book.lastSeqId = frame.seqId();
    if (frame.isEmpty()) {
      output.ignored("book-unchanged");
      return;
    }
    output.book(frame.record(instrument, BookUpdate.Kind.KIND_DELTA, receivedEpochNanos).build());
  }

  /** True when the frame carries no checksum or its checksum matches the book after it. */
  private boolean checksumMatches(OkxBookFrame frame, OkxBook book) {
    if (frame.checksum().isEmpty()) {
      return true;
    }
    if (frame.checksum().getAsInt() != OkxChecksum.of(book.book)) {
      return false;
    }
    checksumsVerified++;
    return true;
  }

  /** How many book checksums matched so far, for tests and conformance. */
  long checksumsVerified() {
    return checksumsVerified;
  }

  @Override
  public void onLost(long receivedEpochNanos) {
    // Whose frame it was is unknown: every book resubscribes, including those still awaiting the
    // snapshot that may have been the lost frame; only published ones report a gap.
    for (Instrument planned : context.plan().instruments()) {
      String instId = OkxInstruments.instId(planned);
      OkxBook book = books.get(planned.id());
      if (book != null && book.live) {
        resync("books", instId, planned.id(), GapKind.SEQUENCE, "a frame was lost unread");
      } else {
        List<ObjectNode> args = List.of(arg("books", instId));
        control.send(request("unsubscribe", args));
        control.send(request("subscribe", args));
      }
    }
  }

  private void resync(
      String channel, String instId, String instrument, GapKind kind, String detail) {
    books.computeIfAbsent(instrument, k -> new OkxBook()).lose();
    output.gap(instrument, kind, channel + " " + instId + ": " + detail);
    List<ObjectNode> args = List.of(arg(channel, instId));
    control.send(request("unsubscribe", args));
    control.send(request("subscribe", args));
  }

  // ---- quotes

  private void onBbo(String instId, JsonNode data, long receivedEpochNanos) {
    String instrument = instruments.instrument(instId);
    for (JsonNode entry : data) {
      try {
        JsonNode bid = entry.path("bids").path(0);
        JsonNode ask = entry.path("asks").path(0);
        if (!bid.isArray() || !ask.isArray()) {
          output.ignored("one-sided-quote");
          continue;
        }
        long seqId =
            entry.has("seqId") ? WireNumbers.integer("seqId", entry.get("seqId").asText()) : 0;
        publishQuote(
            instrument,
            text(bid, 0, "bids[0][0]"),
            text(bid, 1, "bids[0][1]"),
            text(ask, 0, "asks[0][0]"),
            text(ask, 1, "asks[0][1]"),
            seqId,
            entry.path("ts"),
            receivedEpochNanos);
      } catch (FrameException e) {
        output.deadLetter(e.kind(), "bbo-tbt: " + e.getMessage());
      }
    }
  }

  private void onTickers(String argInstId, JsonNode data, long receivedEpochNanos) {
    for (JsonNode entry : data) {
      try {
        String instrument = instruments.instrument(entry.path("instId").asText(argInstId));
        String bidPx = entry.path("bidPx").asText("");
        String askPx = entry.path("askPx").asText("");
        // OKX sends "" for a side that has no order.
        if (bidPx.isEmpty() || askPx.isEmpty()) {
          output.ignored("one-sided-quote");
          continue;
        }
        publishQuote(
            instrument,
            bidPx,
            entry.path("bidSz").asText(null),
            askPx,
            entry.path("askSz").asText(null),
            0,
            entry.path("ts"),
            receivedEpochNanos);
      } catch (FrameException e) {
        output.deadLetter(e.kind(), "tickers: " + e.getMessage());
      }
    }
  }

  private void publishQuote(
      String instrument,
      String bidPx,
      String bidSz,
      String askPx,
      String askSz,
      long sequence,
      JsonNode ts,
      long receivedEpochNanos) {
    Quote quote =
        Quote.newBuilder()
            .setInstrument(instrument)
            .setVenue("okx")
            .setBidPrice(Decimals.of(WireNumbers.positive("bidPx", bidPx)))
            .setBidSize(Decimals.of(WireNumbers.nonNegative("bidSz", bidSz)))
            .setAskPrice(Decimals.of(WireNumbers.positive("askPx", askPx)))
            .setAskSize(Decimals.of(WireNumbers.nonNegative("askSz", askSz)))
            .setSequence(sequence)
            .setEventTime(WireTime.millis("ts", ts.isValueNode() ? ts.asText() : null))
            .setIngestTime(WireTime.ofNanos(receivedEpochNanos))
            .build();
    if (quotes.changed(quote)) {
      output.quote(quote);
    } else {
      output.ignored("unchanged-quote");
    }
  }

  private static String text(JsonNode level, int index, String field) {
    JsonNode value = level.path(index);
    if (!value.isValueNode() || value.isNull()) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"" + field + "\"");
    }
    return value.asText();
  }

  // ---- requests

  private static ObjectNode arg(String channel, String instId) {
    ObjectNode arg = TREE.createObjectNode();
    arg.put("channel", channel);
    arg.put("instId", instId);
    return arg;
  }

  private static String request(String op, List<ObjectNode> args) {
    ObjectNode request = TREE.createObjectNode();
    request.put("op", op);
    ArrayNode array = request.putArray("args");
    array.addAll(args);
    return request.toString();
  }

  /** Book state, for tests: the current book of {@code instrument}, or empty. */
  Optional<OrderBook> book(String instrument) {
    OkxBook book = books.get(instrument);
    return book == null || !book.live ? Optional.empty() : Optional.of(book.book);
  }
}
