package dev.sextant.ingest.chain.testing;

import dev.sextant.ingest.chain.anvil.AnvilProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.opentest4j.TestAbortedException;

/**
 * A real Anvil Ethereum node on a free loopback port, started for a test and killed on close: an
 * {@link AnvilProcess} that skips the test when the build was told to skip the EVM toolchain.
 */
public final class AnvilNode implements AutoCloseable {

  /** Where the build installs the npm toolchain; the build passes it as a system property. */
  public static final String EVM_DIR_PROPERTY = AnvilProcess.EVM_DIR_PROPERTY;

  /** Set by the build when it was run with -Dskip.evm=true: tests needing a node are skipped. */
  public static final String SKIP_PROPERTY = "sextant.evm.skip";

  private final AnvilProcess process;

  private AnvilNode(AnvilProcess process) {
    this.process = process;
  }

  /** Starts a node that mines a block for every transaction, and only then. */
  public static AnvilNode autoMine(long chainId) {
    return start(AnvilProcess.Options.autoMine(chainId));
  }

  /**
   * Starts an auto-mining node that keeps only recent states: for tests that mine thousands of
   * blocks (see {@link AnvilProcess.Options#withPrunedHistory()}).
   */
  public static AnvilNode autoMineLongChain(long chainId) {
    return start(AnvilProcess.Options.autoMine(chainId).withPrunedHistory());
  }

  /** Starts a node that mines a block every {@code blockTime} (whole seconds, at least one). */
  public static AnvilNode withBlockTime(long chainId, Duration blockTime) {
    return start(new AnvilProcess.Options(chainId, Optional.of(blockTime), Optional.empty()));
  }

  private static AnvilNode start(AnvilProcess.Options options) {
    if (Boolean.getBoolean(SKIP_PROPERTY)) {
      throw new TestAbortedException("EVM toolchain skipped (-Dskip.evm=true): no Anvil node");
    }
    return new AnvilNode(AnvilProcess.start(binary(), options, evmDir()));
  }

  /** The platform binary that the npm package {@code @foundry-rs/anvil} brings. */
  public static Path binary() {
    return AnvilProcess.binary(evmDir());
  }

  /** The build's EVM folder: node_modules (Anvil, solc-js) and out (compiled contracts). */
  public static Path evmDir() {
    return AnvilProcess.evmDir().orElse(Path.of("target/evm").toAbsolutePath());
  }

  public URI httpUrl() {
    return process.httpUrl();
  }

  public URI wsUrl() {
    return process.wsUrl();
  }

  public int port() {
    return process.port();
  }

  public long chainId() {
    return process.chainId();
  }

  /** The operating-system process id, so a test can check that close really ends it. */
  public long pid() {
    return process.pid();
  }

  /** Where the node's output goes, for reading after a failure. */
  public Path log() {
    return process.log();
  }

  @Override
  public void close() {
    process.close();
  }
}
