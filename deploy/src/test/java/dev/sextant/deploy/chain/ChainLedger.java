package dev.sextant.deploy.chain;

import dev.sextant.schemas.v1.Block;
import dev.sextant.schemas.v1.ChainEvent;
import dev.sextant.schemas.v1.Deposit;
import dev.sextant.schemas.v1.Trade;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A consumer's view of one chain after folding retractions: which events stand, which were
 * withdrawn, and whether anything reached consumers twice. Events are named {@code
 * blockHash:logIndex}, trades by their trade id.
 */
final class ChainLedger {

  private final Set<String> live = new LinkedHashSet<>();
  private final Set<String> retracted = new LinkedHashSet<>();
  private final Set<String> liveTrades = new HashSet<>();
  private final Set<String> retractedTrades = new HashSet<>();
  private final Map<String, Integer> publishedTimes = new HashMap<>();
  private final List<String> problems = new java.util.ArrayList<>();
  private final ChainTopics topics;

  ChainLedger(ChainTopics topics) {
    this.topics = topics;
    for (ChainEvent event : topics.events()) {
      String key = key(event);
      if (event.getRemoved()) {
        if (!live.remove(key)) {
          problems.add("retraction of an event never published or retracted twice: " + key);
        }
        retracted.add(key);
      } else {
        if (publishedTimes.merge(key, 1, Integer::sum) > 1) {
          problems.add("event published twice: " + key);
        }
        live.add(key);
      }
    }
    for (Trade trade : topics.trades()) {
      if (trade.getRemoved()) {
        if (!liveTrades.remove(trade.getTradeId())) {
          problems.add("retraction of a trade never published: " + trade.getTradeId());
        }
        retractedTrades.add(trade.getTradeId());
      } else if (!liveTrades.add(trade.getTradeId())) {
        problems.add("trade published twice: " + trade.getTradeId());
      }
    }
    Set<String> deposits = new HashSet<>();
    for (Deposit deposit : topics.deposits()) {
      if (!deposits.add(deposit.getTxHash() + ":" + deposit.getCursor().getLogIndex())) {
        problems.add("deposit published twice: " + deposit.getTxHash());
      }
    }
    // Same key, same partition: the order of chain.blocks.v1 is the order consumers see.
    long finalized = -1;
    Set<String> headers = new HashSet<>();
    for (Block block : topics.blocks()) {
      if (block.getFinalized()) {
        finalized = Math.max(finalized, block.getNumber());
      } else if (block.getRemoved()) {
        if (block.getNumber() <= finalized) {
          problems.add("block " + block.getNumber() + " retracted below the finality marker");
        }
      } else if (!headers.add(block.getHash())) {
        problems.add("header published twice: " + block.getNumber() + " " + block.getHash());
      }
    }
  }

  static String key(ChainEvent event) {
    return event.getCursor().getBlockHash() + ":" + event.getCursor().getLogIndex();
  }

  /** The events that stand: published and not retracted. */
  Set<String> canonical() {
    return live;
  }

  Set<String> retracted() {
    return retracted;
  }

  Set<String> liveTrades() {
    return liveTrades;
  }

  Set<String> retractedTrades() {
    return retractedTrades;
  }

  /** Duplicates, retractions of nothing, retractions below finality: empty when all is well. */
  List<String> problems() {
    return problems;
  }

  ChainTopics topics() {
    return topics;
  }
}
