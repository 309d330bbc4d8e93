package dev.sextant.ingest.chain.tail;

import dev.sextant.ingest.chain.tail.TipChange.Duplicate;
import dev.sextant.ingest.chain.tail.TipChange.Extended;
import dev.sextant.ingest.chain.tail.TipChange.Gap;
import dev.sextant.ingest.chain.tail.TipChange.MissingParent;
import dev.sextant.ingest.chain.tail.TipChange.Reorged;
import dev.sextant.ingest.chain.tail.TipChange.TooDeep;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recent canonical chain of block headers, deciding for each new header how the chain moved.
 */
public final class ChainTip {

  private final int depth;
  // Oldest first. Holds depth + 1 headers: the newest finalized block (the deepest possible common
  // ancestor of a reorg) and the depth unconfirmed blocks above it.
  private final Deque<BlockRef> kept = new ArrayDeque<>();
  private final Map<String, BlockRef> byHash = new HashMap<>();
  // Highest block number already announced final; never moves back, even when a reorg to a
  // shorter branch lowers the tip.
  private long finalized;

  /** An empty tip: the first applied block is accepted as the start of the chain. */
  public ChainTip(int depth) {
    this(depth, List.of());
  }

  /**
   * A tip restored from a checkpoint ({@link #snapshot()}, oldest first). The blocks must link by
   * parent hash; only the newest {@code depth + 1} are kept.
   */
  public ChainTip(int depth, List<BlockRef> saved) {
    if (depth < 1) {
      throw new IllegalArgumentException("reorg depth must be at least 1, got " + depth);
    }
    this.depth = depth;
    for (int i = 1; i < saved.size(); i++) {
      if (!saved.get(i - 1).isParentOf(saved.get(i))) {
        throw new IllegalArgumentException(
            "checkpoint does not link: " + saved.get(i - 1) + " then " + saved.get(i));
      }
    }
    for (BlockRef block : saved) {
      push(block);
    }
    trim();
    // A restored chain has announced everything up to tip - depth before it was saved.
    finalized = saved.isEmpty() ? -1 : Math.max(-1, tip().orElseThrow().number() - depth);
  }

  public int depth() {
    return depth;
  }

  public Optional<BlockRef> tip() {
    return Optional.ofNullable(kept.peekLast());
  }

  /** Whether the block of this hash is kept on the canonical chain: where a fork walk stops. */
  public boolean knows(String hash) {
    return byHash.containsKey(hash);
  }

  public Optional<BlockRef> find(String hash) {
    return Optional.ofNullable(byHash.get(hash));
  }

  /** The highest final block number (tip number minus depth, never lower than before), or -1. */
  public long finalizedUpTo() {
    return finalized;
  }

  /** The kept headers, oldest first: save them to restart with {@link #ChainTip(int, List)}. */
  public List<BlockRef> snapshot() {
    return List.copyOf(kept);
  }

  /** Applies the next header the node reports and says what happened; see {@link TipChange}. */
  public TipChange apply(BlockRef next) {
    BlockRef tip = kept.peekLast();
    if (tip == null) {
      push(next);
      return new Extended(next, advanceFinality());
    }
    BlockRef same = byHash.get(next.hash());
    if (same != null) {
      if (same.number() != next.number() || !same.parentHash().equals(next.parentHash())) {
        throw new IllegalArgumentException("header " + next + " contradicts kept " + same);
      }
      return new Duplicate(same);
    }
    if (next.number() > tip.number() + 1) {
      return new Gap(tip.number() + 1, next.number() - 1);
    }
    if (tip.isParentOf(next)) {
      push(next);
      trim();
      return new Extended(next, advanceFinality());
    }
    BlockRef ancestor = byHash.get(next.parentHash());
    if (ancestor == null) {
      if (next.number() - 1 < kept.peekFirst().number()) {
        return new TooDeep(next, kept.peekFirst().number());
      }
      return new MissingParent(next.number(), next.parentHash());
    }
    if (!ancestor.isParentOf(next)) {
      throw new IllegalArgumentException(
          "header " + next + " does not follow its parent " + ancestor);
    }
    List<BlockRef> orphaned = new ArrayList<>();
    while (kept.peekLast() != ancestor) {
      BlockRef removed = kept.removeLast();
      byHash.remove(removed.hash());
      orphaned.add(removed);
    }
    push(next);
    trim();
    return new Reorged(ancestor, orphaned, next, advanceFinality());
  }

  private void push(BlockRef block) {
    kept.addLast(block);
    byHash.put(block.hash(), block);
  }

  private void trim() {
    while (kept.size() > depth + 1) {
      byHash.remove(kept.removeFirst().hash());
    }
  }

  private List<BlockRef> advanceFinality() {
    long upTo = kept.peekLast().number() - depth;
    if (upTo <= finalized) {
      return List.of();
    }
    List<BlockRef> newlyFinal = new ArrayList<>();
    for (BlockRef block : kept) {
      if (block.number() > finalized && block.number() <= upTo) {
        newlyFinal.add(block);
      }
    }
    finalized = upTo;
    return newlyFinal;
  }
}
