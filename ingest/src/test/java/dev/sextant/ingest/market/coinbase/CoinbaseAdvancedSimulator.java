package dev.sextant.ingest.market.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A deterministic Coinbase Advanced Trade market data feed in the documented format: a
 * subscriptions ack and the channel's snapshots after each subscribe, then market_trades, ticker
 * and l2_data updates and a heartbeats frame every second, all numbered by one connection-wide
 * {@code sequence_num}. Faults on demand: a skipped sequence_num, a bad l2_data level, and a
 * reconnect whose market_trades snapshot re-sends recent trades.
 */
final class CoinbaseAdvancedSimulator {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SimulatedMarket market;
  private final Deque<ObjectNode> pending = new ArrayDeque<>();
  private final List<String> channels = new ArrayList<>();
  private long sequence;
  private long nextHeartbeatNanos;
  private long heartbeatCounter = 41_000;
  private boolean skipNextSequence;
  private boolean corruptNextUpdate;

  CoinbaseAdvancedSimulator(long seed, List<String> productIds, long startEpochNanos) {
    this.market = new SimulatedMarket(seed, productIds, startEpochNanos);
    this.nextHeartbeatNanos = startEpochNanos + 1_000_000_000L;
  }

  /** The receive time of the frame last returned. */
  long now() {
    return market.now();
  }

  /** What the venue answers to one subscribe frame (one channel). */
  List<String> afterSubscribe(String subscribeFrame) {
    JsonNode request = read(subscribeFrame);
    String channel = request.get("channel").asText();
    List<SimulatedMarket.Product> named = new ArrayList<>();
    for (JsonNode id : request.get("product_ids")) {
      market.products().stream().filter(p -> p.id.equals(id.asText())).forEach(named::add);
    }
    if (!channels.contains(channel)) {
      channels.add(channel);
    }
    List<String> frames = new ArrayList<>();
    switch (channel) {
      case "market_trades" -> {
        ArrayNode trades = JSON.createArrayNode();
        for (SimulatedMarket.Product p : named) {
          p.recent.forEach(f -> trades.add(trade(p, f)));
        }
        frames.add(envelope("market_trades", event("snapshot").set("trades", trades)));
      }
      case "ticker" -> {
        for (SimulatedMarket.Product p : named) {
          frames.add(envelope("ticker", tickerEvent("snapshot", p)));
        }
      }
      case "level2" -> {
        for (SimulatedMarket.Product p : named) {
          ObjectNode e = event("snapshot").put("product_id", p.id);
          ArrayNode updates = e.putArray("updates");
          p.levels(true).forEach(l -> updates.add(level("bid", l[0], l[1])));
          p.levels(false).forEach(l -> updates.add(level("offer", l[0], l[1])));
          frames.add(envelope("l2_data", e));
        }
      }
      default -> {}
    }
    ObjectNode ack = JSON.createObjectNode();
    ObjectNode subscriptions = ack.putObject("subscriptions");
    for (String c : channels) {
      ArrayNode ids = subscriptions.putArray(c);
      market.products().forEach(p -> ids.add(p.id));
    }
    frames.add(envelope("subscriptions", ack));
    return frames;
  }

  /** The next frame of the stream. */
  String nextFrame() {
    market.advance(100);
    if (market.now() >= nextHeartbeatNanos && channels.contains("heartbeats")) {
      nextHeartbeatNanos += 1_000_000_000L;
      ObjectNode e =
          JSON.createObjectNode()
              .put("current_time", SimulatedMarket.time(market.now(), 9))
              .put("heartbeat_counter", heartbeatCounter++);
      return envelope("heartbeats", e);
    }
    if (!pending.isEmpty()) {
      return envelope(pending.peek().remove("__channel").asText(), pending.poll());
    }
    SimulatedMarket.Product p = market.pick();
    if (market.random().nextInt(100) < 25) {
      List<SimulatedMarket.Change> changes = new ArrayList<>();
      SimulatedMarket.Fill fill = market.trade(p, changes);
      ObjectNode trades = event("update");
      trades.putArray("trades").add(trade(p, fill));
      queue("ticker", tickerEvent("update", p));
      queue("l2_data", l2Update(p, changes));
      return envelope("market_trades", trades);
    }
    return envelope("l2_data", l2Update(p, market.changes(p)));
  }

  /** True while frames of the last event are still to come. */
  boolean hasPending() {
    return !pending.isEmpty();
  }

  /** The venue's book of a product, as its levels. */
  SimulatedMarket.Product product(String id) {
    return market.products().stream().filter(p -> p.id.equals(id)).findFirst().orElseThrow();
  }

  /** The next frame's sequence_num skips one. */
  void skipNextSequence() {
    skipNextSequence = true;
  }

  /** The next l2_data update carries a negative quantity. */
  void corruptNextUpdate() {
    corruptNextUpdate = true;
  }

  /** The connection drops: undelivered frames are lost and the new one numbers from 0. */
  void disconnect() {
    pending.clear();
    channels.clear();
    sequence = 0;
  }

  private void queue(String channel, ObjectNode event) {
    event.put("__channel", channel);
    pending.add(event);
  }

  private ObjectNode l2Update(SimulatedMarket.Product p, List<SimulatedMarket.Change> changes) {
    ObjectNode e = event("update").put("product_id", p.id);
    ArrayNode updates = e.putArray("updates");
    for (SimulatedMarket.Change c : changes) {
      String size = c.size();
      if (corruptNextUpdate) {
        corruptNextUpdate = false;
        size = "-" + size;
      }
      updates.add(level(c.bid() ? "bid" : "offer", c.price(), size));
    }
    return e;
  }

  private ObjectNode level(String side, String price, String quantity) {
    return JSON.createObjectNode()
        .put("side", side)
        .put("event_time", SimulatedMarket.time(market.now() - 40_000_000L, 6))
        .put("price_level", price)
        .put("new_quantity", quantity);
  }

  private ObjectNode tickerEvent(String type, SimulatedMarket.Product p) {
    ObjectNode e = event(type);
    SimulatedMarket.Fill last = p.recent.peekFirst();
    e.putArray("tickers")
        .addObject()
        .put("type", "ticker")
        .put("product_id", p.id)
        .put("price", last == null ? p.bestAsk() : last.price())
        .put("volume_24_h", "2867.54532609")
        .put("low_24_h", p.bestBid())
        .put("high_24_h", p.bestAsk())
        .put("low_52_w", "57717.55")
        .put("high_52_w", "126296")
        .put("price_percent_chg_24_h", "0.09601107287722")
        .put("best_bid", p.bestBid())
        .put("best_ask", p.bestAsk())
        .put("best_bid_quantity", p.bestBidSize())
        .put("best_ask_quantity", p.bestAskSize());
    return e;
  }

  private static ObjectNode trade(SimulatedMarket.Product p, SimulatedMarket.Fill fill) {
    return JSON.createObjectNode()
        .put("product_id", p.id)
        .put("trade_id", Long.toString(fill.tradeId()))
        .put("price", fill.price())
        .put("size", fill.size())
        .put("time", SimulatedMarket.time(fill.epochNanos(), 6))
        .put("side", fill.makerBuy() ? "BUY" : "SELL");
  }

  private static ObjectNode event(String type) {
    return JSON.createObjectNode().put("type", type);
  }

  private String envelope(String channel, ObjectNode event) {
    if (skipNextSequence) {
      skipNextSequence = false;
      sequence++;
    }
    ObjectNode frame =
        JSON.createObjectNode()
            .put("channel", channel)
            .put("client_id", "")
            .put("timestamp", SimulatedMarket.time(market.now(), 9))
            .put("sequence_num", sequence++);
    frame.putArray("events").add(event);
    return frame.toString();
  }

  private static JsonNode read(String frame) {
    try {
      return JSON.readTree(frame);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
