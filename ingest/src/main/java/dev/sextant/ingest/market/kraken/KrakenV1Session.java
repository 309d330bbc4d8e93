package dev.sextant.ingest.market.kraken;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.sextant.ingest.market.WireNumbers;
import dev.sextant.ingest.market.book.BookSide;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.ingest.time.ProtoTime;
import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
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
 * Decodes one Kraken v1 connection: array frames {@code [channelID, payload..., channelName, pair]}
 * for book, trade and ticker, and the object events around them.
 */
final class KrakenV1Session implements ProtocolSession {

  private static final ObjectMapper JSON = KrakenJson.MAPPER;
  private static final JsonFactory FACTORY = KrakenJson.FACTORY;

  private static final String VENUE = KrakenPairs.VENUE;

  private final List<Instrument> configured;
  private final Registry registry;
  private final MarketOutput output;
  private final FeedControl control;
  private final KrakenPairs pairs;
  private final int depth;
  private final QuoteGate quotes = new QuoteGate();
  private final Map<String, TrackedBook> books = new LinkedHashMap<>();
  private long reqid;

  KrakenV1Session(SessionContext context, int depth) {
    this.configured = context.plan().instruments();
    this.registry = context.registry();
    this.output = context.output();
    this.control = context.control();
    this.pairs = new KrakenPairs(registry, configured);
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
    List<String> names = configured.stream().map(i -> KrakenPairs.v1Pair(registry, i)).toList();
    for (int from = 0; from < names.size(); from += KrakenV1Protocol.PAIRS_PER_FRAME) {
      List<String> chunk =
          names.subList(from, Math.min(names.size(), from + KrakenV1Protocol.PAIRS_PER_FRAME));
      frames.add(subscription("subscribe", chunk, "book", depth));
      frames.add(subscription("subscribe", chunk, "trade", 0));
      frames.add(subscription("subscribe", chunk, "ticker", 0));
    }
    return frames;
  }

  @Override
  public Optional<String> pingFrame() {
    return Optional.of("{\"event\":\"ping\",\"reqid\":" + (++reqid) + "}");
  }

  @Override
  public void onFrame(String frame, long receivedEpochNanos) {
    try {
      if (RestFrame.isRest(frame)) {
        throw new FrameException(
            ErrorKind.UNKNOWN_MESSAGE, "kraken-v1 fetches nothing: unexpected REST answer");
      }
      char first = KrakenJson.firstChar(frame);
      if (first == '[') {
        onArray(frame, receivedEpochNanos);
      } else if (first == '{') {
        onEvent(KrakenJson.STRICT.readTree(frame));
      } else {
        throw new FrameException(
            ErrorKind.MALFORMED_JSON, "not JSON: '" + DeadLetters.abbreviate(frame, 80) + "'");
      }
    } catch (FrameException e) {
      output.deadLetter(e.kind(), e.getMessage());
    } catch (IOException e) {
      output.deadLetter(ErrorKind.MALFORMED_JSON, "malformed JSON: " + KrakenJson.error(e));
    } catch (RuntimeException e) {
      output.deadLetter(ErrorKind.ADAPTER_ERROR, "kraken-v1 decoding failed: " + e);
    }
  }

  // --- events -------------------------------------------------------------------------------

  private void onEvent(JsonNode event) {
    String name = event.path("event").asText("");
    switch (name) {
      case "heartbeat", "pong", "systemStatus" -> output.ignored(name);
      case "subscriptionStatus" -> {
        String status = event.path("status").asText("");
        if ("error".equals(status)) {
          throw new FrameException(
              ErrorKind.VENUE_ERROR,
              "subscription error for "
                  + event.path("pair").asText("?")
                  + " "
                  + event.path("subscription").path("name").asText("?")
                  + ": "
                  + event.path("errorMessage").asText(""));
        }
        output.ignored("subscriptionStatus");
      }
      case "error" ->
          throw new FrameException(
              ErrorKind.VENUE_ERROR, "venue error: " + event.path("errorMessage").asText(""));
      default ->
          throw new FrameException(
              ErrorKind.UNKNOWN_MESSAGE,
              "unknown event '" + DeadLetters.abbreviate(name, 60) + "'");
    }
  }

  // --- data arrays --------------------------------------------------------------------------

  private void onArray(String frame, long receivedEpochNanos) throws IOException {
    List<Object> payloads = new ArrayList<>(2);
    String channel;
    String pair;
    try (JsonParser p = FACTORY.createParser(frame)) {
      p.nextToken(); // START_ARRAY
      JsonToken id = p.nextToken();
      if (id == null || !id.isScalarValue()) {
        throw malformed("the first element is not a channel id");
      }
      while (true) {
        JsonToken t = p.nextToken();
        if (t == JsonToken.START_ARRAY) {
          payloads.add(readEntries(p));
        } else if (t == JsonToken.START_OBJECT) {
          payloads.add(p.readValueAsTree());
        } else if (t == JsonToken.VALUE_STRING) {
          channel = p.getText();
          break;
        } else {
          throw malformed("expected payloads then the channel name");
        }
      }
      if (p.nextToken() != JsonToken.VALUE_STRING) {
        throw malformed("the pair is missing after the channel name");
      }
      pair = p.getText();
      if (p.nextToken() != JsonToken.END_ARRAY || p.nextToken() != null) {
        throw malformed("elements after the pair");
      }
    }
    if (payloads.isEmpty()) {
      throw malformed("no payload");
    }
    if ("trade".equals(channel)) {
      onTrades(payloads, pairs.instrument(pair), receivedEpochNanos);
    } else if (channel.startsWith("book-")) {
      onBook(payloads, channel, pair, receivedEpochNanos);
    } else if ("ticker".equals(channel)) {
      onTicker(payloads, pairs.instrument(pair), receivedEpochNanos);
    } else if ("spread".equals(channel) || channel.startsWith("ohlc-")) {
      output.ignored(channel.startsWith("ohlc-") ? "ohlc" : channel);
    } else {
      throw new FrameException(
          ErrorKind.UNKNOWN_MESSAGE,
          "unknown channel '" + DeadLetters.abbreviate(channel, 60) + "'");
    }
  }

  /** Reads an array of arrays of scalars; an entry that is not such an array becomes null. */
  private static List<String[]> readEntries(JsonParser p) throws IOException {
    List<String[]> entries = new ArrayList<>(4);
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.START_ARRAY) {
        p.skipChildren();
        entries.add(null);
        continue;
      }
      String[] values = new String[6];
      int n = 0;
      boolean scalars = true;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (!t.isScalarValue()) {
          p.skipChildren();
          scalars = false;
        } else if (n < values.length) {
          values[n] = t == JsonToken.VALUE_NULL ? null : p.getText();
        }
        n++;
      }
      entries.add(scalars ? values : null);
    }
    return entries;
  }

  // --- trades -------------------------------------------------------------------------------

  private void onTrades(List<Object> payloads, Instrument instrument, long receivedEpochNanos) {
    if (!(payloads.getFirst() instanceof List<?> list) || payloads.size() != 1) {
      throw malformed("a trade frame holds one array of trades");
    }
    @SuppressWarnings("unchecked")
    List<String[]> entries = (List<String[]>) list;
    String id = instrument.id();
    Map<String, Integer> seen = entries.size() > 1 ? new HashMap<>() : null;
    for (int i = 0; i < entries.size(); i++) {
      try {
        String[] e = entries.get(i);
        if (e == null) {
          throw malformed("not an array of values");
        }
        BigDecimal price = WireNumbers.positive("price", e[0]);
        BigDecimal volume = WireNumbers.positive("volume", e[1]);
        if (e[2] == null) {
          throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"time\"");
        }
        Instant time = KrakenTime.epochSeconds("time", e[2]);
        Side side = side(e[3]);
        // v1 trades carry no id: the trade's own fields, numbered within the frame so that
        // identical fills of one taker order (same time, price, volume, side) stay distinct. The
        // key is not deduped: identical fills may come in different frames, and v1 sends no
        // trades again on subscribe, so there is nothing to dedupe.
        String key = e[2] + "-" + e[0] + "-" + e[1] + "-" + e[3];
        if (seen != null) {
          int n = seen.merge(key, 1, Integer::sum);
          if (n > 1) {
            key = key + "-" + n;
          }
        }
        output.trade(
            Trade.newBuilder()
                .setInstrument(id)
                .setVenue(VENUE)
                .setTradeId(key)
                .setPrice(Decimals.of(price))
                .setSize(Decimals.of(volume))
                .setSide(side)
                .setEventTime(ProtoTime.of(time))
                .setIngestTime(ProtoTime.of(instant(receivedEpochNanos)))
                .build());
      } catch (FrameException ex) {
        output.deadLetter(ex.kind(), "trade " + i + " of " + id + ": " + ex.getMessage());
      }
    }
  }

  private static Side side(String text) {
    if ("b".equals(text)) {
      return Side.SIDE_BUY;
    }
    if ("s".equals(text)) {
      return Side.SIDE_SELL;
    }
    if (text == null) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"side\"");
    }
    throw new FrameException(
        ErrorKind.BAD_VALUE,
        "field \"side\" is not b or s: '" + DeadLetters.abbreviate(text, 20) + "'");
  }

  // --- ticker -------------------------------------------------------------------------------

  private void onTicker(List<Object> payloads, Instrument instrument, long receivedEpochNanos) {
    if (!(payloads.getFirst() instanceof ObjectNode ticker) || payloads.size() != 1) {
      throw malformed("a ticker frame holds one object");
    }
    JsonNode a = ticker.get("a");
    JsonNode b = ticker.get("b");
    BigDecimal bid = WireNumbers.positive("b[0]", text(b, 0, "b"));
    BigDecimal bidSize = WireNumbers.nonNegative("b[2]", text(b, 2, "b"));
    BigDecimal ask = WireNumbers.positive("a[0]", text(a, 0, "a"));
    BigDecimal askSize = WireNumbers.nonNegative("a[2]", text(a, 2, "a"));
    String id = instrument.id();
    if (!quotes.changed(id, bid, bidSize, ask, askSize)) {
      return;
    }
    // The v1 ticker carries no time: the receive time stands for it.
    var now = ProtoTime.of(instant(receivedEpochNanos));
    output.quote(
        Quote.newBuilder()
            .setInstrument(id)
            .setVenue(VENUE)
            .setBidPrice(Decimals.of(bid))
            .setBidSize(Decimals.of(bidSize))
            .setAskPrice(Decimals.of(ask))
            .setAskSize(Decimals.of(askSize))
            .setEventTime(now)
            .setIngestTime(now)
            .build());
  }

  private static String text(JsonNode array, int index, String field) {
    if (array == null) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"" + field + "\"");
    }
    JsonNode value = array.get(index);
    if (value == null || !value.isValueNode() || value.isNull()) {
      throw new FrameException(
          ErrorKind.MISSING_FIELD, "missing field \"" + field + "[" + index + "]\"");
    }
    return value.asText();
  }

  // --- book ---------------------------------------------------------------------------------

  private void onBook(List<Object> payloads, String channel, String pair, long receivedEpochNanos) {
    int channelDepth;
    try {
      channelDepth = Integer.parseInt(channel.substring("book-".length()));
    } catch (NumberFormatException e) {
      throw malformed("channel '" + DeadLetters.abbreviate(channel, 40) + "' has no depth");
    }
    if (channelDepth < 1 || channelDepth > 10_000) {
      throw malformed("channel '" + channel + "' has a depth out of range");
    }
    Instrument instrument = pairs.instrument(pair);
    TrackedBook book =
        books.computeIfAbsent(instrument.id(), k -> new TrackedBook(instrument, pair, depth));
    book.depth = channelDepth;
    boolean snapshot = false;
    for (Object payload : payloads) {
      if (!(payload instanceof ObjectNode node)) {
        deadBook(book, ErrorKind.MALFORMED_FRAME, "a book payload is not an object");
        return;
      }
      snapshot |= node.has("as") || node.has("bs");
    }
    List<TrackedBook.WireLevel> levels = new ArrayList<>();
    Instant time;
    long checksum = -1;
    try {
      Instant latest = Instant.EPOCH;
      for (Object payload : payloads) {
        ObjectNode node = (ObjectNode) payload;
        latest = max(latest, levels(node, snapshot ? "as" : "a", BookSide.ASK, levels));
        latest = max(latest, levels(node, snapshot ? "bs" : "b", BookSide.BID, levels));
        if (node.has("c")) {
          checksum = checksum(node.get("c"));
        }
      }
      if (!snapshot && checksum < 0) {
        throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"c\" (checksum)");
      }
      time = latest.equals(Instant.EPOCH) ? instant(receivedEpochNanos) : latest;
    } catch (FrameException e) {
      deadBook(book, e.kind(), "book " + instrument.id() + ": " + e.getMessage());
      return;
    }
    var ingest = ProtoTime.of(instant(receivedEpochNanos));
    if (snapshot) {
      book.replace(levels);
      book.state = TrackedBook.State.LIVE;
      output.book(
          book.book
              .writeLevels(
                  BookUpdate.newBuilder()
                      .setInstrument(instrument.id())
                      .setVenue(VENUE)
                      .setKind(BookUpdate.Kind.KIND_SNAPSHOT))
              .setEventTime(ProtoTime.of(time))
              .setIngestTime(ingest)
              .build());
      if (book.resyncing) {
        book.resyncing = false;
        output.resynced(instrument.id());
      }
      return;
    }
    if (book.state != TrackedBook.State.LIVE) {
      output.ignored("book_awaiting_snapshot");
      return;
    }
    BookUpdate.Builder delta =
        BookUpdate.newBuilder()
            .setInstrument(instrument.id())
            .setVenue(VENUE)
            .setKind(BookUpdate.Kind.KIND_DELTA)
            .setChecksum(checksum)
            .setEventTime(ProtoTime.of(time))
            .setIngestTime(ingest);
    book.update(levels, delta);
    long ours = KrakenChecksum.ofText(book.book);
    if (ours != checksum) {
      output.gap(
          instrument.id(), GapKind.CHECKSUM, "venue checksum " + checksum + ", book " + ours);
      resync(book);
      return;
    }
    output.book(delta.build());
  }

  /** A book frame that cannot be applied: dead-letter it and rebuild the book from a snapshot. */
  private void deadBook(TrackedBook book, ErrorKind kind, String error) {
    output.deadLetter(kind, error);
    if (book.state == TrackedBook.State.LIVE) {
      output.gap(book.instrument.id(), GapKind.SEQUENCE, "unusable book frame: " + error);
      resync(book);
    }
  }

  @Override
  public void onLost(long receivedEpochNanos) {
    // Whose frame it was is unknown: every book resubscribes, including those still awaiting the
    // snapshot that may have been the lost frame.
    List<String> untracked = new ArrayList<>();
    for (Instrument instrument : configured) {
      if (!books.containsKey(instrument.id())) {
        untracked.add(KrakenPairs.v1Pair(registry, instrument));
      }
    }
    for (TrackedBook book : books.values()) {
      // Only a published book reports a gap, and then its resync; one not yet published does not.
      boolean published = book.state != TrackedBook.State.AWAITING_SNAPSHOT;
      boolean resyncing = book.resyncing || published;
      if (published) {
        output.gap(book.instrument.id(), GapKind.SEQUENCE, "a frame was lost unread");
      }
      resync(book);
      book.resyncing = resyncing;
    }
    for (String pair : untracked) {
      control.send(subscription("unsubscribe", List.of(pair), "book", depth));
      control.send(subscription("subscribe", List.of(pair), "book", depth));
    }
  }

  /** Stops publishing the book and asks for a fresh snapshot by subscribing again. */
  private void resync(TrackedBook book) {
    book.state = TrackedBook.State.AWAITING_SNAPSHOT;
    book.resyncing = true;
    control.send(subscription("unsubscribe", List.of(book.pair), "book", book.depth));
    control.send(subscription("subscribe", List.of(book.pair), "book", book.depth));
  }

  private static Instant levels(
      ObjectNode node, String field, BookSide side, List<TrackedBook.WireLevel> out) {
    JsonNode array = node.get(field);
    if (array == null) {
      return Instant.EPOCH;
    }
    if (!(array instanceof ArrayNode entries)) {
      throw new FrameException(ErrorKind.MALFORMED_FRAME, "field \"" + field + "\" is not a list");
    }
    Instant latest = Instant.EPOCH;
    for (JsonNode entry : entries) {
      if (!entry.isArray()) {
        throw new FrameException(
            ErrorKind.MALFORMED_FRAME, "a \"" + field + "\" level is not a list");
      }
      String price = text(entry, 0, field);
      String volume = text(entry, 1, field);
      Instant time = KrakenTime.epochSeconds(field + " timestamp", text(entry, 2, field));
      OrderBook.Level level =
          new OrderBook.Level(
              WireNumbers.positive("price", price),
              WireNumbers.nonNegative("volume", volume),
              price,
              volume);
      out.add(new TrackedBook.WireLevel(side, level));
      latest = max(latest, time);
    }
    return latest;
  }

  private static long checksum(JsonNode node) {
    long value = WireNumbers.integer("c", node.isValueNode() ? node.asText() : null);
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new FrameException(
          ErrorKind.BAD_NUMBER, "field \"c\" is not an unsigned 32-bit checksum: " + value);
    }
    return value;
  }

  // --- frames we send -----------------------------------------------------------------------

  private String subscription(String event, List<String> pairNames, String name, int bookDepth) {
    ObjectNode frame = JSON.createObjectNode();
    frame.put("event", event);
    frame.put("reqid", ++reqid);
    ArrayNode list = frame.putArray("pair");
    pairNames.forEach(list::add);
    ObjectNode subscription = frame.putObject("subscription");
    subscription.put("name", name);
    if (bookDepth > 0) {
      subscription.put("depth", bookDepth);
    }
    return frame.toString();
  }

  /** The book of {@code instrument} as the session holds it, or null (for tests). */
  OrderBook book(String instrument) {
    TrackedBook book = books.get(instrument);
    return book == null ? null : book.book;
  }

  // --- helpers ------------------------------------------------------------------------------

  private static FrameException malformed(String why) {
    return new FrameException(ErrorKind.MALFORMED_FRAME, "malformed kraken-v1 frame: " + why);
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant instant(long epochNanos) {
    return KrakenJson.instant(epochNanos);
  }
}
