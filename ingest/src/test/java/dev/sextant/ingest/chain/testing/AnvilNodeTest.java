package dev.sextant.ingest.chain.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnvilNodeTest {

  @Test
  void shouldNameTheMissingBinaryAndTheSkipFlagWhenTheInstallDidNotRun(@TempDir Path empty) {
    String previousDir = System.getProperty(AnvilNode.EVM_DIR_PROPERTY);
    // The case under test is a build that was not told to skip the toolchain, yet has none: the
    // test must hold in a build run with -Dskip.evm=true too.
    String previousSkip = System.getProperty(AnvilNode.SKIP_PROPERTY);
    System.setProperty(AnvilNode.EVM_DIR_PROPERTY, empty.toString());
    System.setProperty(AnvilNode.SKIP_PROPERTY, "false");
    try {
      assertThatThrownBy(() -> AnvilNode.autoMine(31_337))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(empty.resolve("node_modules/@foundry-rs").toString())
          .hasMessageContaining("/bin/anvil")
          .hasMessageContaining("-Dskip.evm");
    } finally {
      restore(AnvilNode.EVM_DIR_PROPERTY, previousDir);
      restore(AnvilNode.SKIP_PROPERTY, previousSkip);
    }
  }

  private static void restore(String key, String previous) {
    if (previous == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, previous);
    }
  }
}
