package dev.sextant.ingest.chain.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.ingest.chain.tail.TipChange.Duplicate;
import dev.sextant.ingest.chain.tail.TipChange.Extended;
import dev.sextant.ingest.chain.tail.TipChange.Gap;
import dev.sextant.ingest.chain.tail.TipChange.MissingParent;
import dev.sextant.ingest.chain.tail.TipChange.Reorged;
import dev.sextant.ingest.chain.tail.TipChange.TooDeep;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainTipTest {

  /**
   * Block {@code n} of branch {@code branch}, whose parent is block n-1 of {@code parentBranch}.
   */
  static BlockRef block(String branch, long n, String parentBranch) {
    return new BlockRef(n, hash(branch, n), hash(parentBranch, n - 1));
  }

  static BlockRef block(String branch, long n) {
    return block(branch, n, branch);
  }

  static String hash(String branch, long n) {
    return "0x" + branch + n;
  }

  /** Blocks {@code from..to} of branch "a", oldest first. */
  static List<BlockRef> chain(long from, long to) {
    List<BlockRef> blocks = new ArrayList<>();
    for (long n = from; n <= to; n++) {
      blocks.add(block("a", n));
    }
    return blocks;
  }

  static ChainTip grown(int depth, long from, long to) {
    ChainTip tip = new ChainTip(depth);
    for (BlockRef b : chain(from, to)) {
      assertThat(tip.apply(b)).isInstanceOf(Extended.class);
    }
    return tip;
  }

  @Test
  void shouldExtendLinearlyAndKeepOnlyDepthPlusOneHeaders() {
    ChainTip tip = new ChainTip(4);

    for (BlockRef b : chain(100, 120)) {
      TipChange change = tip.apply(b);
      assertThat(change).isInstanceOf(Extended.class);
      assertThat(((Extended) change).block()).isEqualTo(b);
    }

    assertThat(tip.tip()).contains(block("a", 120));
    assertThat(tip.snapshot()).containsExactlyElementsOf(chain(116, 120));
    assertThat(tip.knows(hash("a", 116))).isTrue();
    assertThat(tip.knows(hash("a", 115))).isFalse();
    assertThat(tip.find(hash("a", 118))).contains(block("a", 118));
  }

  @Test
  void shouldAnnounceEachBlockFinalExactlyOnceAtDepth() {
    ChainTip tip = new ChainTip(3);
    List<Long> announced = new ArrayList<>();

    for (BlockRef b : chain(10, 20)) {
      Extended change = (Extended) tip.apply(b);
      change.newlyFinal().forEach(f -> announced.add(f.number()));
      assertThat(tip.finalizedUpTo()).isEqualTo(b.number() - 3);
    }

    // The first block kept is 10; it becomes final when 13 arrives, and so on up to 20 - 3.
    assertThat(announced).containsExactly(10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L);
  }

  @Test
  void shouldReportDuplicateOfTipAndOfOlderKeptBlock() {
    ChainTip tip = grown(5, 1, 10);

    assertThat(tip.apply(block("a", 10))).isEqualTo(new Duplicate(block("a", 10)));
    assertThat(tip.apply(block("a", 8))).isEqualTo(new Duplicate(block("a", 8)));
    assertThat(tip.tip()).contains(block("a", 10));
    assertThat(tip.snapshot()).containsExactlyElementsOf(chain(5, 10));
  }

  @Test
  void shouldRejectHeaderThatContradictsKeptBlockOfSameHash() {
    ChainTip tip = grown(5, 1, 10);

    assertThatThrownBy(() -> tip.apply(new BlockRef(11, hash("a", 10), hash("a", 10))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldReportGapWithoutChangingTheChain() {
    ChainTip tip = grown(5, 1, 10);

    assertThat(tip.apply(block("a", 14))).isEqualTo(new Gap(11, 13));
    assertThat(tip.tip()).contains(block("a", 10));

    for (BlockRef b : chain(11, 14)) {
      assertThat(tip.apply(b)).isInstanceOf(Extended.class);
    }
    assertThat(tip.tip()).contains(block("a", 14));
  }

  @Test
  void shouldReorgOneBlockAndOrphanTheOldTip() {
    ChainTip tip = grown(8, 1, 20);

    TipChange change = tip.apply(block("b", 20, "a"));

    assertThat(change)
        .isEqualTo(
            new Reorged(block("a", 19), List.of(block("a", 20)), block("b", 20, "a"), List.of()));
    assertThat(tip.tip()).contains(block("b", 20, "a"));
    assertThat(tip.knows(hash("a", 20))).isFalse();
    assertThat(tip.apply(block("b", 21))).isInstanceOf(Extended.class);
  }

  @Test
  void shouldReorgFiveBlocksWithOrphansNewestFirst() {
    ChainTip tip = grown(8, 1, 20);

    // The new branch forks after 15; its first block names 15 as parent.
    TipChange change = tip.apply(block("b", 16, "a"));

    Reorged reorg = (Reorged) change;
    assertThat(reorg.commonAncestor()).isEqualTo(block("a", 15));
    assertThat(reorg.orphaned())
        .containsExactly(
            block("a", 20), block("a", 19), block("a", 18), block("a", 17), block("a", 16));
    assertThat(reorg.block()).isEqualTo(block("b", 16, "a"));
    assertThat(reorg.newlyFinal()).isEmpty();
    assertThat(tip.snapshot()).last().isEqualTo(block("b", 16, "a"));
  }

  @Test
  void shouldAskForTheParentWhenNewHeadIsOnAnUnknownBranch() {
    ChainTip tip = grown(8, 1, 20);
    BlockRef newHead = block("b", 21);

    assertThat(tip.apply(newHead)).isEqualTo(new MissingParent(21, hash("b", 20)));
    assertThat(tip.tip()).contains(block("a", 20));
  }

  @Test
  void shouldFollowAReorgToALongerBranchFetchedBackwards() {
    ChainTip tip = grown(8, 1, 20);
    // Branch b forks after 17 and reaches 23; the caller walks back by parent hash from 23.
    List<BlockRef> branch = new ArrayList<>();
    branch.add(block("b", 18, "a"));
    for (long n = 19; n <= 23; n++) {
      branch.add(block("b", n));
    }
    List<BlockRef> fetched = new ArrayList<>();
    BlockRef cursor = branch.getLast();
    assertThat(tip.apply(cursor)).isInstanceOf(Gap.class);
    while (!tip.knows(cursor.parentHash())) {
      fetched.addFirst(cursor);
      String parent = cursor.parentHash();
      cursor = branch.stream().filter(b -> b.hash().equals(parent)).findFirst().orElseThrow();
    }
    fetched.addFirst(cursor);
    assertThat(fetched).containsExactlyElementsOf(branch);

    Reorged reorg = (Reorged) tip.apply(fetched.getFirst());
    assertThat(reorg.commonAncestor()).isEqualTo(block("a", 17));
    assertThat(reorg.orphaned()).containsExactly(block("a", 20), block("a", 19), block("a", 18));
    List<Long> finals = new ArrayList<>();
    for (BlockRef b : fetched.subList(1, fetched.size())) {
      Extended ext = (Extended) tip.apply(b);
      ext.newlyFinal().forEach(f -> finals.add(f.number()));
    }
    assertThat(tip.tip()).contains(block("b", 23));
    // Before the reorg 12 was final (20 - 8); the new tip 23 makes 13..15 final, each once.
    assertThat(finals).containsExactly(13L, 14L, 15L);
    assertThat(tip.finalizedUpTo()).isEqualTo(15);
  }

  @Test
  void shouldReorgToAShorterBranchWithoutMovingFinalityBack() {
    ChainTip tip = grown(8, 1, 20);
    assertThat(tip.finalizedUpTo()).isEqualTo(12);

    Reorged reorg = (Reorged) tip.apply(block("b", 17, "a"));

    assertThat(reorg.commonAncestor()).isEqualTo(block("a", 16));
    assertThat(reorg.orphaned())
        .containsExactly(block("a", 20), block("a", 19), block("a", 18), block("a", 17));
    assertThat(tip.tip()).contains(block("b", 17, "a"));
    assertThat(tip.finalizedUpTo()).isEqualTo(12);
    // Growing back to 20 finalizes nothing new: 12 was already announced.
    for (long n = 18; n <= 20; n++) {
      assertThat(((Extended) tip.apply(block("b", n))).newlyFinal()).isEmpty();
    }
    assertThat(((Extended) tip.apply(block("b", 21))).newlyFinal()).containsExactly(block("a", 13));
  }

  @Test
  void shouldReorgDownToTheFinalizedBlockButNoFurther() {
    ChainTip tip = grown(4, 1, 20);
    assertThat(tip.snapshot().getFirst()).isEqualTo(block("a", 16));

    Reorged deepest = (Reorged) tip.apply(block("b", 17, "a"));
    assertThat(deepest.commonAncestor()).isEqualTo(block("a", 16));
    assertThat(deepest.orphaned()).hasSize(4);

    ChainTip other = grown(4, 1, 20);
    TipChange tooDeep = other.apply(block("c", 16, "c"));
    assertThat(tooDeep).isEqualTo(new TooDeep(block("c", 16, "c"), 16));
    assertThat(other.tip()).contains(block("a", 20));
  }

  @Test
  void shouldReportTooDeepWhenTheBackwardWalkPassesTheOldestKeptBlock() {
    ChainTip tip = grown(4, 1, 20);

    // Block 17 of a branch forked long ago: its parent 16 is not ours and 16 is the oldest kept.
    assertThat(tip.apply(block("x", 17))).isEqualTo(new MissingParent(17, hash("x", 16)));
    assertThat(tip.apply(block("x", 16))).isEqualTo(new TooDeep(block("x", 16), 16));
  }

  @Test
  void shouldRestartFromACheckpointAndDetectAReorgAcrossTheRestart() {
    ChainTip before = grown(6, 1, 30);
    List<BlockRef> saved = before.snapshot();

    ChainTip after = new ChainTip(6, saved);

    assertThat(after.tip()).contains(block("a", 30));
    assertThat(after.snapshot()).containsExactlyElementsOf(chain(24, 30));
    assertThat(after.finalizedUpTo()).isEqualTo(24);
    Reorged reorg = (Reorged) after.apply(block("b", 29, "a"));
    assertThat(reorg.orphaned()).containsExactly(block("a", 30), block("a", 29));
    Extended next = (Extended) after.apply(block("b", 30));
    assertThat(next.newlyFinal()).isEmpty();
    assertThat(((Extended) after.apply(block("b", 31))).newlyFinal())
        .containsExactly(block("a", 25));
  }

  @Test
  void shouldKeepOnlyTheNewestHeadersOfALongerCheckpoint() {
    ChainTip tip = new ChainTip(3, chain(1, 10));

    assertThat(tip.snapshot()).containsExactlyElementsOf(chain(7, 10));
    assertThat(tip.finalizedUpTo()).isEqualTo(7);
  }

  @Test
  void shouldRejectACheckpointThatDoesNotLink() {
    List<BlockRef> broken = new ArrayList<>(chain(1, 5));
    broken.set(3, block("b", 4));

    assertThatThrownBy(() -> new ChainTip(3, broken)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ChainTip(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldStartEmptyAndAcceptAnyFirstBlock() {
    ChainTip tip = new ChainTip(64);

    assertThat(tip.tip()).isEmpty();
    assertThat(tip.finalizedUpTo()).isEqualTo(-1);
    assertThat(tip.apply(block("a", 1000))).isEqualTo(new Extended(block("a", 1000), List.of()));
    assertThat(tip.finalizedUpTo()).isEqualTo(1000 - 64);
  }
}
