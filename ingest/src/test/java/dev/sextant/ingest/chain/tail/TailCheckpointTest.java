package dev.sextant.ingest.chain.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TailCheckpointTest {

  static List<BlockRef> chain(long from, long to) {
    List<BlockRef> blocks = new ArrayList<>();
    String parent = FakeChain.sha256("parent");
    for (long n = from; n <= to; n++) {
      String hash = FakeChain.sha256("block " + n);
      blocks.add(new BlockRef(n, hash, parent));
      parent = hash;
    }
    return blocks;
  }

  @Test
  void shouldRoundTripAChainTipSnapshot() {
    ChainTip tip = new ChainTip(64);
    chain(1_000, 1_200).forEach(tip::apply);

    TailCheckpoint checkpoint = new TailCheckpoint(tip.snapshot(), tip.finalizedUpTo());
    TailCheckpoint read = TailCheckpoint.parse(checkpoint.encode());

    assertThat(read).isEqualTo(checkpoint);
    assertThat(read.blocks()).hasSize(65);
    assertThat(read.tip().number()).isEqualTo(1_200);
    assertThat(read.finalizedUpTo()).isEqualTo(1_136);
    assertThat(new ChainTip(64, read.blocks()).snapshot()).isEqualTo(tip.snapshot());
    // Only the hashes are listed: about 67 characters a block.
    assertThat(checkpoint.encode().length()).isLessThan(100 + 65 * 67);
    assertThat(checkpoint.encode()).startsWith("tail/1;1136;1136;");
  }

  @Test
  void shouldWriteTheSameTextWithoutChecking() {
    List<BlockRef> blocks = chain(5, 9);

    assertThat(TailCheckpoint.encode(blocks, 6)).isEqualTo(new TailCheckpoint(blocks, 6).encode());
  }

  @Test
  void shouldKeepMinusOneWhenNothingIsFinalYet() {
    TailCheckpoint checkpoint = new TailCheckpoint(chain(0, 0), -1);

    assertThat(TailCheckpoint.parse(checkpoint.encode())).isEqualTo(checkpoint);
  }

  @Test
  void shouldRejectUnreadablePositionsLoudly() {
    String good = new TailCheckpoint(chain(5, 7), 5).encode();

    assertThatThrownBy(() -> TailCheckpoint.parse("coinbase:123"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a chain tail checkpoint");
    assertThatThrownBy(() -> TailCheckpoint.parse(good.replace("tail/1", "tail/2")))
        .hasMessageContaining("not a chain tail checkpoint");
    assertThatThrownBy(() -> TailCheckpoint.parse(good.replace(";5;5;", ";x;5;")))
        .hasMessageContaining("finalized block is not a number");
    assertThatThrownBy(() -> TailCheckpoint.parse(good + ",nothex"))
        .hasMessageContaining("where a 0x hex block hash belongs");
    assertThatThrownBy(() -> TailCheckpoint.parse(good.substring(0, good.lastIndexOf(';') + 1)))
        .hasMessageContaining("where a 0x hex block hash belongs");
  }

  @Test
  void shouldRejectBlocksThatDoNotLinkOrAFinalBlockAboveTheTip() {
    List<BlockRef> blocks = new ArrayList<>(chain(5, 7));
    blocks.remove(1);

    assertThatThrownBy(() -> new TailCheckpoint(blocks, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("do not link");
    assertThatThrownBy(() -> new TailCheckpoint(chain(5, 7), 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not at or below the tip");
    assertThatThrownBy(() -> new TailCheckpoint(List.of(), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
