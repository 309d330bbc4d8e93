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
import java.util.UUID;

/**
 * A deterministic Coinbase Exchange feed in the documented format: subscriptions acks, last_match,
 * level2_batch snapshots and l2updates, matches with their tickers, and a heartbeat per product
 * every second. Faults on demand: a lost match (the next heartbeat shows it), a bad l2update level,
 * and a reconnect that re-sends the last match.
 */
final class CoinbaseExchangeSimulator {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SimulatedMarket market;
  private final Deque<String> pending = new ArrayDeque<>();
  private final List<SimulatedMarket.Product> subscribed = new ArrayList<>();
  private long nextHeartbeatNanos;
  private boolean dropNextMatch;
  private boolean corruptNextUpdate;

  CoinbaseExchangeSimulator(long seed, List<String> productIds, long startEpochNanos) {
    this.market = new SimulatedMarket(seed, productIds, startEpochNanos);
    this.nextHeartbeatNanos = startEpochNanos + 1_000_000_000L;
  }

  /** The receive time of the frame last returned. */
  long now() {
    return market.now();
  }

  /** What the venue answers to a subscribe (or unsubscribe) frame. */
  List<String> afterSubscribe(String subscribeFrame) {
    JsonNode request = read(subscribeFrame);
    List<String> channels = new ArrayList<>();
    request.get("channels").forEach(c -> channels.add(c.asText()));
    List<SimulatedMarket.Product> named = new ArrayList<>();
    for (JsonNode id : request.get("product_ids")) {
      market.products().stream().filter(p -> p.id.equals(id.asText())).forEach(named::add);
    }
    boolean subscribe = request.get("type").asText().equals("subscribe");
    if (channels.contains("matches") && subscribe) {
      named.stream().filter(p -> !subscribed.contains(p)).forEach(subscribed::add);
    }
    List<String> frames = new ArrayList<>();
    ObjectNode ack = JSON.createObjectNode().put("type", "subscriptions");
    ArrayNode list = ack.putArray("channels");
    for (String channel : channels) {
      ObjectNode c = list.addObject().put("name", channel);
      ArrayNode ids = c.putArray("product_ids");
      named.forEach(p -> ids.add(p.id));
    }
    frames.add(ack.toString());
    if (!subscribe) {
      return frames;
    }
    for (SimulatedMarket.Product p : named) {
      if (channels.contains("matches") && !p.recent.isEmpty()) {
        frames.add(match("last_match", p, p.recent.peekFirst()));
      }
      if (channels.contains("level2_batch")) {
        frames.add(snapshot(p));
      }
      if (channels.contains("ticker")) {
        frames.add(ticker(p, p.recent.isEmpty() ? null : p.recent.peekFirst()));
      }
    }
    return frames;
  }

  /** The next frame of the stream. */
  String nextFrame() {
    if (!pending.isEmpty()) {
      return pending.poll();
    }
    market.advance(100);
    if (market.now() >= nextHeartbeatNanos) {
      nextHeartbeatNanos += 1_000_000_000L;
      for (SimulatedMarket.Product p : subscribed) {
        pending.add(heartbeat(p));
      }
      return pending.isEmpty() ? nextFrame() : pending.poll();
    }
    SimulatedMarket.Product p = market.pick();
    if (market.random().nextInt(100) < 25) {
      List<SimulatedMarket.Change> changes = new ArrayList<>();
      SimulatedMarket.Fill fill = market.trade(p, changes);
      p.sequence++;
      if (dropNextMatch) {
        dropNextMatch = false;
      } else {
        pending.add(match("match", p, fill));
      }
      pending.add(ticker(p, fill));
      pending.add(update(p, changes));
    } else {
      pending.add(update(p, market.changes(p)));
    }
    return pending.poll();
  }

  /** True while frames of the last event are still to come. */
  boolean hasPending() {
    return !pending.isEmpty();
  }

  /** The venue's own state of a product: its book and trades. */
  SimulatedMarket.Product product(String id) {
    return market.products().stream().filter(p -> p.id.equals(id)).findFirst().orElseThrow();
  }

  /** The next match is lost on the way: its trade id is skipped. */
  void dropNextMatch() {
    dropNextMatch = true;
  }

  /** The next l2update carries a negative size. */
  void corruptNextUpdate() {
    corruptNextUpdate = true;
  }

  /** The connection drops: frames not yet delivered are lost. */
  void disconnect() {
    pending.clear();
    subscribed.clear();
  }

  private String match(String type, SimulatedMarket.Product p, SimulatedMarket.Fill fill) {
    return JSON.createObjectNode()
        .put("type", type)
        .put("trade_id", fill.tradeId())
        .put("maker_order_id", uuid())
        .put("taker_order_id", uuid())
        .put("side", fill.makerBuy() ? "buy" : "sell")
        .put("size", fill.size())
        .put("price", fill.price())
        .put("product_id", p.id)
        .put("sequence", p.sequence)
        .put("time", SimulatedMarket.time(fill.epochNanos(), 6))
        .toString();
  }

  private String ticker(SimulatedMarket.Product p, SimulatedMarket.Fill last) {
    ObjectNode t =
        JSON.createObjectNode()
            .put("type", "ticker")
            .put("sequence", p.sequence)
            .put("product_id", p.id)
            .put("price", last == null ? p.bestAsk() : last.price())
            .put("open_24h", p.bestBid())
            .put("volume_24h", "18234.55120000")
            .put("low_24h", p.bestBid())
            .put("high_24h", p.bestAsk())
            .put("volume_30d", "512345.12345678")
            .put("best_bid", p.bestBid())
            .put("best_bid_size", p.bestBidSize())
            .put("best_ask", p.bestAsk())
            .put("best_ask_size", p.bestAskSize())
            .put("side", last == null || !last.makerBuy() ? "buy" : "sell")
            .put("time", SimulatedMarket.time(market.now(), 6));
    if (last != null) {
      t.put("trade_id", last.tradeId()).put("last_size", last.size());
    }
    return t.toString();
  }

  private String snapshot(SimulatedMarket.Product p) {
    ObjectNode s = JSON.createObjectNode().put("type", "snapshot").put("product_id", p.id);
    ArrayNode bids = s.putArray("bids");
    p.levels(true).forEach(l -> bids.addArray().add(l[0]).add(l[1]));
    ArrayNode asks = s.putArray("asks");
    p.levels(false).forEach(l -> asks.addArray().add(l[0]).add(l[1]));
    return s.toString();
  }

  private String update(SimulatedMarket.Product p, List<SimulatedMarket.Change> changes) {
    ObjectNode u = JSON.createObjectNode().put("type", "l2update").put("product_id", p.id);
    ArrayNode list = u.putArray("changes");
    for (SimulatedMarket.Change c : changes) {
      String size = c.size();
      if (corruptNextUpdate) {
        corruptNextUpdate = false;
        size = "-" + size;
      }
      list.addArray().add(c.bid() ? "buy" : "sell").add(c.price()).add(size);
    }
    return u.put("time", SimulatedMarket.time(market.now(), 6)).toString();
  }

  private String heartbeat(SimulatedMarket.Product p) {
    return JSON.createObjectNode()
        .put("type", "heartbeat")
        .put("last_trade_id", p.nextTradeId - 1)
        .put("product_id", p.id)
        .put("sequence", p.sequence)
        .put("time", SimulatedMarket.time(market.now(), 6))
        .toString();
  }

  private String uuid() {
    return new UUID(market.random().nextLong(), market.random().nextLong()).toString();
  }

  private static JsonNode read(String frame) {
    try {
      return JSON.readTree(frame);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
