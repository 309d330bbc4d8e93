package dev.sextant.ingest.chain.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnvilNodeTest {

  @Test
  void shouldNameTheMissingBinaryAndTheSkipFlagWhenTheInstallDidNotRun(@TempDir Path empty) {
    String previous = System.getProperty(AnvilNode.EVM_DIR_PROPERTY);
    System.setProperty(AnvilNode.EVM_DIR_PROPERTY, empty.toString());
    try {
      assertThatThrownBy(() -> AnvilNode.autoMine(31_337))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(empty.resolve("node_modules/@foundry-rs").toString())
          .hasMessageContaining("/bin/anvil")
          .hasMessageContaining("-Dskip.evm");
    } finally {
      if (previous == null) {
        System.clearProperty(AnvilNode.EVM_DIR_PROPERTY);
      } else {
        System.setProperty(AnvilNode.EVM_DIR_PROPERTY, previous);
      }
    }
  }
}
