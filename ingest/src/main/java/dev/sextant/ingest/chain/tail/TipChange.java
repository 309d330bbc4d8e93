package dev.sextant.ingest.chain.tail;

import java.util.List;

/** What applying one block header to a {@link ChainTip} did, and what the caller must do next. */
public sealed interface TipChange {

  /**
   * The block extends the tip. Publish its events, then a finality marker for each block in {@code
   * newlyFinal} (oldest first).
   */
  record Extended(BlockRef block, List<BlockRef> newlyFinal) implements TipChange {
    public Extended {
      newlyFinal = List.copyOf(newlyFinal);
    }
  }

  /**
   * The block forks from a kept block that is not the tip. Publish {@code removed=true} for the
   * events of {@code orphaned} (newest first, the order to retract in), then the events of {@code
   * block}, then the finality markers of {@code newlyFinal}.
   */
  record Reorged(
      BlockRef commonAncestor, List<BlockRef> orphaned, BlockRef block, List<BlockRef> newlyFinal)
      implements TipChange {
    public Reorged {
      orphaned = List.copyOf(orphaned);
      newlyFinal = List.copyOf(newlyFinal);
    }
  }

  /** The block is already kept on the canonical chain: nothing to publish. */
  record Duplicate(BlockRef block) implements TipChange {}

  /**
   * The block is above the tip with blocks missing in between: fetch {@code from..to} (inclusive)
   * and apply them first, then this block again.
   */
  record Gap(long from, long to) implements TipChange {}

  /**
   * The block's parent is not kept but lies within the kept depth: the block is on another branch.
   * Fetch {@code parentHash} (and its parents, while {@link ChainTip#knows} says no), then apply
   * the branch oldest first.
   */
  record MissingParent(long number, String parentHash) implements TipChange {}

  /**
   * The block forks below the oldest kept block, so it would retract finalized blocks: fail loudly
   * and resync from the finalized cursor.
   */
  record TooDeep(BlockRef block, long oldestKept) implements TipChange {}
}
