package dev.sextant.deploy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.chain.anvil.AnvilProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo runs without a chain when the build installed no EVM toolchain. */
class DemoChainTest {

  @Test
  void shouldStartNoChainWhenTheEvmFolderHasNoAnvil(@TempDir Path empty) {
    String previous = System.getProperty(AnvilProcess.EVM_DIR_PROPERTY);
    System.setProperty(AnvilProcess.EVM_DIR_PROPERTY, empty.resolve("evm").toString());
    try {
      assertThat(DemoChain.start(empty.resolve("demo"))).isEmpty();
      assertThat(DemoChain.start(empty.resolve("demo"))).isEmpty();
    } finally {
      restore(previous);
    }
  }

  @Test
  void shouldStartNoChainWhenTheLauncherNamesNoEvmFolder(@TempDir Path dir) {
    String previous = System.getProperty(AnvilProcess.EVM_DIR_PROPERTY);
    System.clearProperty(AnvilProcess.EVM_DIR_PROPERTY);
    try {
      assertThat(DemoChain.start(dir)).isEmpty();
    } finally {
      restore(previous);
    }
  }

  private static void restore(String previous) {
    if (previous == null) {
      System.clearProperty(AnvilProcess.EVM_DIR_PROPERTY);
    } else {
      System.setProperty(AnvilProcess.EVM_DIR_PROPERTY, previous);
    }
  }
}
