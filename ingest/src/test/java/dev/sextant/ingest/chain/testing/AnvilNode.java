package dev.sextant.ingest.chain.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/** A real Anvil Ethereum node on a free loopback port, started for a test and killed on close. */
public final class AnvilNode implements AutoCloseable {

  /** Where the build installs the npm toolchain; the build passes it as a system property. */
  public static final String EVM_DIR_PROPERTY = "sextant.evm.dir";

  /** Set by the build when it was run with -Dskip.evm=true: tests needing a node are skipped. */
  public static final String SKIP_PROPERTY = "sextant.evm.skip";

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final int port;
  private final long chainId;
  private final Path log;

  private AnvilNode(Process process, int port, long chainId, Path log) {
    this.process = process;
    this.port = port;
    this.chainId = chainId;
    this.log = log;
  }

  /** Starts a node that mines a block for every transaction, and only then. */
  public static AnvilNode autoMine(long chainId) {
    return start(chainId, null);
  }

  /** Starts a node that mines a block every {@code blockTime} (whole seconds, at least one). */
  public static AnvilNode withBlockTime(long chainId, Duration blockTime) {
    if (blockTime.toSeconds() < 1) {
      throw new IllegalArgumentException("Anvil's block time is in whole seconds: " + blockTime);
    }
    return start(chainId, blockTime);
  }

  private static AnvilNode start(long chainId, Duration blockTime) {
    if (Boolean.getBoolean(SKIP_PROPERTY)) {
      throw new TestAbortedException("EVM toolchain skipped (-Dskip.evm=true): no Anvil node");
    }
    Path binary = binary();
    IOException last = null;
    // A port found free can be taken before Anvil binds it: retry on a fresh port.
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int port = freePort();
      Path log = evmDir().resolve("anvil-" + port + ".log");
      List<String> command = new ArrayList<>();
      command.addAll(
          List.of(
              binary.toString(),
              "--host",
              "127.0.0.1",
              "--port",
              Integer.toString(port),
              "--chain-id",
              Long.toString(chainId),
              "--accounts",
              "10"));
      if (blockTime != null) {
        command.addAll(List.of("--block-time", Long.toString(blockTime.toSeconds())));
      }
      Process process;
      try {
        process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
      } catch (IOException e) {
        throw new IllegalStateException("Cannot run the Anvil binary " + binary, e);
      }
      AnvilNode node = new AnvilNode(process, port, chainId, log);
      try {
        node.awaitReady();
        return node;
      } catch (IOException e) {
        last = e;
        node.close();
      }
    }
    throw new IllegalStateException("Anvil did not start after " + START_ATTEMPTS + " tries", last);
  }

  /** The platform binary that the npm package {@code @foundry-rs/anvil} brings. */
  public static Path binary() {
    Path binary =
        evmDir()
            .resolve("node_modules/@foundry-rs/anvil-" + platform() + "/bin/" + executable())
            .toAbsolutePath();
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "No Anvil binary at "
              + binary
              + ": the build installs it with npm in generate-test-resources. Run the Maven"
              + " build with npm on the PATH and without -Dskip.evm=true (see docs/chain/anvil.md).");
    }
    return binary;
  }

  /** The build's EVM folder: node_modules (Anvil, solc-js) and out (compiled contracts). */
  public static Path evmDir() {
    return Path.of(System.getProperty(EVM_DIR_PROPERTY, "target/evm")).toAbsolutePath();
  }

  private static String platform() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String osPart = os.contains("win") ? "win32" : os.contains("mac") ? "darwin" : "linux";
    String archPart = arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64";
    return osPart + "-" + archPart;
  }

  private static String executable() {
    return System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win")
        ? "anvil.exe"
        : "anvil";
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("No free loopback port", e);
    }
  }

  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}";
    String expected = "0x" + Long.toHexString(chainId);
    try (HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
      HttpRequest request =
          HttpRequest.newBuilder(httpUrl())
              .timeout(Duration.ofSeconds(2))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      while (true) {
        if (!process.isAlive()) {
          throw new IOException("Anvil exited with " + process.exitValue() + ": " + tail());
        }
        try {
          HttpResponse<String> response =
              client.send(request, HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() == 200 && response.body().contains("\"" + expected + "\"")) {
            return;
          }
        } catch (IOException notYet) {
          // Not listening yet: poll again below.
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("Anvil did not answer eth_chainId in " + STARTUP_TIMEOUT);
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while waiting for Anvil", e);
    }
  }

  private String tail() {
    try {
      String text = Files.readString(log);
      return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  public URI httpUrl() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public URI wsUrl() {
    return URI.create("ws://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  public long chainId() {
    return chainId;
  }

  /** The operating-system process id, so a test can check that close really ends it. */
  public long pid() {
    return process.pid();
  }

  /** Where the node's output goes, for reading after a failure. */
  public Path log() {
    return log;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
