package dev.sextant.ingest.market.binance;

import static dev.sextant.ingest.market.binance.BinanceFields.bool;
import static dev.sextant.ingest.market.binance.BinanceFields.level;
import static dev.sextant.ingest.market.binance.BinanceFields.millis;

import com.fasterxml.jackson.core.JsonFactory;
import com.google.protobuf.Timestamp;
import dev.sextant.ingest.deadletter.DeadLetters;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FrameException;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.RestFrame;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.ingest.market.TradeDedupe;
import dev.sextant.ingest.market.WireNumbers;
import dev.sextant.ingest.market.WireTime;
import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decodes one Binance combined-stream connection (spot or USD-M futures): trades and aggregate
 * trades, best bid/ask, and depth deltas synced to REST snapshots.
 */
final class BinanceSession implements ProtocolSession {

  /** Shared: a JsonFactory is thread-safe and costly to create. */
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * Markets (books, quotes) a session keeps; symbols past this are dead-lettered, since a flood of
   * symbols would otherwise grow the state, and each new book fetches a REST snapshot.
   */
  static final int MAX_MARKETS = 10_000;

  /** Streams Sextant does not publish but a subscription may carry; counted, not dead-lettered. */
  private static final Set<String> IGNORED_CHANNELS =
      Set.of("ticker", "miniTicker", "markPrice", "markPrice@1s", "forceOrder", "avgPrice");

  private final BinanceProtocol protocol;
  private final SessionContext context;
  private final MarketOutput output;
  private final BinanceSymbols symbols;
  private final BinanceMessage message = new BinanceMessage(JSON);
  private final TradeDedupe dedupe = new TradeDedupe();
  private final Map<String, Market> markets = new HashMap<>();
  private final String restBase;
  private final int maxMarkets;
  private long requestId;

  /** What the session keeps per instrument. */
  private static final class Market {
    final String id;
    final DepthSync depth;
    BigDecimal bidPrice;
    BigDecimal bidSize;
    BigDecimal askPrice;
    BigDecimal askSize;

    Market(String id, DepthSync depth) {
      this.id = id;
      this.depth = depth;
    }
  }

  BinanceSession(BinanceProtocol protocol, SessionContext context) {
    this(protocol, context, MAX_MARKETS);
  }

  BinanceSession(BinanceProtocol protocol, SessionContext context, int maxMarkets) {
    this.maxMarkets = maxMarkets;
    this.protocol = protocol;
    this.context = context;
    this.output = context.output();
    this.symbols =
        new BinanceSymbols(
            context.registry(),
            protocol.venue(),
            protocol.usdMargined(),
            context.plan().instruments());
    String base = context.restEndpoint().orElse(protocol.restBase()).toString();
    this.restBase = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    for (Instrument instrument : context.plan().instruments()) {
      market(symbols.streamSymbol(instrument));
    }
  }

  @Override
  public List<String> onOpen(long receivedEpochNanos) {
    for (Market market : markets.values()) {
      market.depth.onReconnect();
    }
    List<String> params = new ArrayList<>();
    for (Instrument instrument : context.plan().instruments()) {
      String symbol = symbols.streamSymbol(instrument);
      params.add(symbol + "@" + protocol.tradeChannel());
      params.add(symbol + "@bookTicker");
      params.add(symbol + "@depth@100ms");
    }
    List<String> frames = new ArrayList<>();
    for (int from = 0; from < params.size(); from += BinanceProtocol.MAX_PARAMS_PER_SUBSCRIBE) {
      List<String> part =
          params.subList(
              from, Math.min(params.size(), from + BinanceProtocol.MAX_PARAMS_PER_SUBSCRIBE));
      frames.add(
          "{\"method\":\"SUBSCRIBE\",\"params\":[\""
              + String.join("\",\"", part)
              + "\"],\"id\":"
              + ++requestId
              + "}");
    }
    return frames;
  }

  @Override
  public void onFrame(String frame, long receivedEpochNanos) {
    if (RestFrame.isRest(frame)) {
      onRest(frame, receivedEpochNanos);
      return;
    }
    try {
      message.read(frame);
    } catch (FrameException e) {
      output.deadLetter(e.kind(), e.getMessage());
      // A broken depth frame loses an update: its book must resync.
      lostDepth(message.stream, e.getMessage());
      return;
    }
    if (message.stream != null && message.hasData) {
      onStream(receivedEpochNanos);
    } else if (message.hasError) {
      output.deadLetter(
          ErrorKind.VENUE_ERROR,
          "request "
              + message.id
              + " failed: code "
              + message.errorCode
              + ": "
              + DeadLetters.abbreviate(String.valueOf(message.errorMessage), 500));
    } else if (message.hasResult) {
      output.ignored("result");
    } else {
      output.deadLetter(
          ErrorKind.UNKNOWN_MESSAGE, "frame is neither a stream event nor a request answer");
    }
  }

  private void onStream(long nanos) {
    String stream = message.stream;
    int at = stream.indexOf('@');
    if (at <= 0) {
      output.deadLetter(
          ErrorKind.UNKNOWN_MESSAGE,
          "stream '" + DeadLetters.abbreviate(stream, 100) + "' is not symbol@channel");
      return;
    }
    String symbol = stream.substring(0, at);
    String channel = stream.substring(at + 1);
    try {
      switch (channel) {
        case "trade" -> onTrade(symbol, false, nanos);
        case "aggTrade" -> onTrade(symbol, true, nanos);
        case "bookTicker" -> onBookTicker(symbol, nanos);
        case "depth", "depth@100ms", "depth@250ms", "depth@500ms", "depth@0ms" ->
            onDepth(symbol, nanos);
        default -> {
          if (channel.startsWith("kline_")) {
            output.ignored("kline");
          } else if (channel.startsWith("depth")) {
            output.ignored("partial-depth");
          } else if (IGNORED_CHANNELS.contains(channel)) {
            output.ignored(channel);
          } else {
            output.deadLetter(
                ErrorKind.UNKNOWN_MESSAGE,
                "unknown channel '" + DeadLetters.abbreviate(channel, 100) + "'");
          }
        }
      }
    } catch (FrameException e) {
      output.deadLetter(e.kind(), e.getMessage());
    }
  }

  private void onTrade(String symbol, boolean aggregate, long nanos) {
    Market market = checkedMarket(symbol);
    String idField = aggregate ? "a" : "t";
    long id = WireNumbers.integer(idField, aggregate ? message.a : message.tradeId);
    if (id < 0) {
      throw new FrameException(ErrorKind.BAD_VALUE, "field \"" + idField + "\" is negative");
    }
    BigDecimal price = WireNumbers.positive("p", message.price);
    BigDecimal size = WireNumbers.positive("q", message.quantity);
    boolean buyerMaker = bool("m", message.buyerMaker);
    long tradeTime = millis("T", message.transactTime);
    // Aggregate ids count in their own space: "a" keeps them apart from raw trade ids.
    String tradeId = aggregate ? "a" + id : Long.toString(id);
    if (!dedupe.firstSeen(market.id, tradeId)) {
      output.ignored("duplicate-trade");
      return;
    }
    output.trade(
        Trade.newBuilder()
            .setInstrument(market.id)
            .setVenue(protocol.venue())
            .setTradeId(tradeId)
            .setPrice(Decimals.of(price))
            .setSize(Decimals.of(size))
            // The buyer was the resting order, so the aggressor sold.
            .setSide(buyerMaker ? Side.SIDE_SELL : Side.SIDE_BUY)
            .setSequence(id)
            .setEventTime(WireTime.ofMillis(tradeTime))
            .setIngestTime(WireTime.ofNanos(nanos))
            .build());
  }

  private void onBookTicker(String symbol, long nanos) {
    Market market = checkedMarket(symbol);
    long sequence = WireNumbers.integer("u", message.lastUpdate);
    BigDecimal bidPrice = WireNumbers.positive("b", message.b);
    BigDecimal bidSize = WireNumbers.nonNegative("B", message.bidSize);
    BigDecimal askPrice = WireNumbers.positive("a", message.a);
    BigDecimal askSize = WireNumbers.nonNegative("A", message.askSize);
    Timestamp eventTime = eventTime(nanos);
    if (same(market.bidPrice, bidPrice)
        && same(market.bidSize, bidSize)
        && same(market.askPrice, askPrice)
        && same(market.askSize, askSize)) {
      output.ignored("unchanged-quote");
      return;
    }
    market.bidPrice = bidPrice;
    market.bidSize = bidSize;
    market.askPrice = askPrice;
    market.askSize = askSize;
    output.quote(
        Quote.newBuilder()
            .setInstrument(market.id)
            .setVenue(protocol.venue())
            .setBidPrice(Decimals.of(bidPrice))
            .setBidSize(Decimals.of(bidSize))
            .setAskPrice(Decimals.of(askPrice))
            .setAskSize(Decimals.of(askSize))
            .setSequence(sequence)
            .setEventTime(eventTime)
            .setIngestTime(WireTime.ofNanos(nanos))
            .build());
  }

  private void onDepth(String symbol, long nanos) {
    Market market = market(symbol);
    try {
      checkedMarket(symbol);
      long first = WireNumbers.integer("U", message.firstUpdate);
      long last = WireNumbers.integer("u", message.lastUpdate);
      long prev = protocol.usdMargined() ? WireNumbers.integer("pu", message.prevUpdate) : 0;
      if (first > last) {
        throw new FrameException(
            ErrorKind.BAD_VALUE, "depth update U=" + first + " is after u=" + last);
      }
      if (!message.hasBidLevels) {
        throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"b\"");
      }
      if (!message.hasAskLevels) {
        throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"a\"");
      }
      BookUpdate.Builder update =
          BookUpdate.newBuilder()
              .setInstrument(market.id)
              .setVenue(protocol.venue())
              .setKind(BookUpdate.Kind.KIND_DELTA)
              .setFirstSequence(first)
              .setLastSequence(last)
              .setPrevSequence(prev)
              .setEventTime(eventTime(nanos))
              .setIngestTime(WireTime.ofNanos(nanos));
      for (String[] level : message.bids) {
        update.addBids(level(level, "b"));
      }
      for (String[] level : message.asks) {
        update.addAsks(level(level, "a"));
      }
      market.depth.onDelta(new DepthSync.Delta(first, last, prev, update.build()), nanos);
    } catch (FrameException e) {
      market.depth.onLostDelta("undecodable depth update: " + e.getMessage());
      throw e;
    }
  }

  private void onRest(String frame, long nanos) {
    RestFrame rest = RestFrame.decode(frame).orElse(null);
    if (rest == null) {
      output.deadLetter(ErrorKind.MALFORMED_FRAME, "REST answer frame is not well-formed");
      return;
    }
    String path = rest.url().getPath();
    String symbol = queryParam(rest.url(), "symbol");
    if (path == null || !path.endsWith("/depth") || symbol == null) {
      output.ignored("rest");
      return;
    }
    Market market;
    try {
      market = market(symbol.toLowerCase(Locale.ROOT));
    } catch (FrameException e) {
      output.deadLetter(e.kind(), e.getMessage());
      return;
    }
    if (rest.status() != 200) {
      output.deadLetter(
          ErrorKind.VENUE_ERROR,
          "depth snapshot of "
              + symbol
              + " failed: HTTP "
              + rest.status()
              + ": "
              + DeadLetters.abbreviate(rest.body(), 500));
      market.depth.onSnapshotFailed(nanos);
      return;
    }
    try {
      market.depth.onSnapshot(
          DepthSnapshotReader.read(JSON, rest.body(), market.id, protocol.venue(), nanos), nanos);
    } catch (FrameException e) {
      output.deadLetter(e.kind(), "depth snapshot of " + symbol + ": " + e.getMessage());
      market.depth.onSnapshotFailed(nanos);
    }
  }

  @Override
  public void onLost(long receivedEpochNanos) {
    // Whose frame it was is unknown: every book that may have lost an update starts over.
    for (Market market : markets.values()) {
      market.depth.onLostDelta("a frame was lost unread");
    }
  }

  private void lostDepth(String stream, String why) {
    if (stream == null) {
      return;
    }
    int at = stream.indexOf('@');
    if (at <= 0 || !stream.startsWith("depth@", at + 1) && !stream.endsWith("@depth")) {
      return;
    }
    try {
      market(stream.substring(0, at)).depth.onLostDelta("undecodable depth update: " + why);
    } catch (FrameException e) {
      // An unknown symbol has no book to resync.
    }
  }

  /** The market of a stream symbol, checking that the payload's {@code s} names the same. */
  private Market checkedMarket(String symbol) {
    if (message.symbol != null && !message.symbol.equalsIgnoreCase(symbol)) {
      throw new FrameException(
          ErrorKind.BAD_VALUE,
          "field \"s\" '"
              + DeadLetters.abbreviate(message.symbol, 64)
              + "' is not the stream's symbol '"
              + DeadLetters.abbreviate(symbol, 64)
              + "'");
    }
    return market(symbol);
  }

  private Market market(String symbol) {
    Market market = markets.get(symbol);
    if (market != null) {
      return market;
    }
    Instrument instrument = symbols.instrument(symbol);
    if (markets.size() >= maxMarkets) {
      // A throwaway book per frame would fetch a REST snapshot on every delta.
      throw new FrameException(
          ErrorKind.UNKNOWN_INSTRUMENT,
          "symbol '"
              + DeadLetters.abbreviate(symbol, 64)
              + "' dropped: the connection already tracks "
              + maxMarkets
              + " instruments");
    }
    URI uri =
        URI.create(
            restBase
                + protocol.depthPath()
                + "?symbol="
                + symbols.restSymbol(instrument)
                + "&limit=1000");
    market =
        new Market(
            instrument.id(),
            new DepthSync(instrument.id(), uri, protocol.usdMargined(), output, context.control()));
    markets.put(symbol, market);
    return market;
  }

  /** The payload's time: T (transaction) where it has one, else E (event), else receipt. */
  private Timestamp eventTime(long nanos) {
    if (message.transactTime != null) {
      return WireTime.ofMillis(millis("T", message.transactTime));
    }
    if (message.eventTime != null) {
      return WireTime.ofMillis(millis("E", message.eventTime));
    }
    return WireTime.ofNanos(nanos);
  }

  private static String queryParam(URI uri, String name) {
    String query = uri.getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith(name + "=")) {
        return pair.substring(name.length() + 1);
      }
    }
    return null;
  }

  private static boolean same(BigDecimal a, BigDecimal b) {
    return a != null && a.compareTo(b) == 0;
  }
}
