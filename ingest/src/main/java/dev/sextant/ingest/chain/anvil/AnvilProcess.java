package dev.sextant.ingest.chain.anvil;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A local Anvil Ethereum node (the binary the build installs from the npm package {@code
 * @foundry-rs/anvil}) on a free loopback port, killed on close. Tests and the demo run the chain
 * this way.
 */
public final class AnvilProcess implements AutoCloseable {

  /** The system property naming the build's EVM folder (node_modules and compiled contracts). */
  public static final String EVM_DIR_PROPERTY = "sextant.evm.dir";

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
  private static final int START_ATTEMPTS = 3;

  /**
   * How to run the node.
   *
   * @param chainId the EIP-155 chain id it reports
   * @param blockTime empty: a block per transaction (auto-mining); else a block every interval, in
   *     whole seconds
   * @param stateFile a file the node loads its chain from at start, when it exists, and saves it to
   *     on exit, so that a restarted node continues the same chain
   */
  public record Options(
      long chainId, Optional<Duration> blockTime, Optional<Path> stateFile, boolean pruneHistory) {

    /** Options keeping the full history. */
    public Options(long chainId, Optional<Duration> blockTime, Optional<Path> stateFile) {
      this(chainId, blockTime, stateFile, false);
    }

    public Options {
      if (chainId <= 0) {
        throw new IllegalArgumentException("chain id must be positive, got " + chainId);
      }
      blockTime.ifPresent(
          t -> {
            if (t.toSeconds() < 1 || t.toMillis() % 1_000 != 0) {
              throw new IllegalArgumentException("Anvil's block time is in whole seconds: " + t);
            }
          });
    }

    /** A node that mines a block for every transaction, and only then. */
    public static Options autoMine(long chainId) {
      return new Options(chainId, Optional.empty(), Optional.empty());
    }

    /**
     * The same node keeping only recent states in memory. Anvil's cost per mined block grows with
     * the chain's length (mining 10,000 blocks took about 2 minutes on 2 cores, half that pruned):
     * tests that need long chains prune. Blocks, receipts and logs are all kept.
     */
    public Options withPrunedHistory() {
      return new Options(chainId, blockTime, stateFile, true);
    }
  }

  private final Process process;
  private final int port;
  private final long chainId;
  private final Path log;

  private AnvilProcess(Process process, int port, long chainId, Path log) {
    this.process = process;
    this.port = port;
    this.chainId = chainId;
    this.log = log;
  }

  /**
   * Starts {@code binary} and waits until it answers {@code eth_chainId}. Its output goes to {@code
   * anvil-<port>.log} in {@code logDir}.
   *
   * @throws IllegalStateException when it cannot be run or does not answer in time
   */
  public static AnvilProcess start(Path binary, Options options, Path logDir) {
    IOException last = null;
    // A port found free can be taken before Anvil binds it: retry on a fresh port.
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int port = freePort();
      Path log = logDir.resolve("anvil-" + port + ".log");
      Process process;
      try {
        Files.createDirectories(logDir);
        process =
            new ProcessBuilder(command(binary, port, options))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
      } catch (IOException e) {
        throw new IllegalStateException("Cannot run the Anvil binary " + binary, e);
      }
      AnvilProcess node = new AnvilProcess(process, port, options.chainId(), log);
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

  private static List<String> command(Path binary, int port, Options options) {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            binary.toString(),
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--chain-id",
            Long.toString(options.chainId()),
            "--accounts",
            "10"));
    options
        .blockTime()
        .ifPresent(t -> command.addAll(List.of("--block-time", Long.toString(t.toSeconds()))));
    options.stateFile().ifPresent(f -> command.addAll(List.of("--state", f.toString())));
    if (options.pruneHistory()) {
      command.add("--prune-history");
    }
    return command;
  }

  /** The build's EVM folder, when the {@value #EVM_DIR_PROPERTY} property names one. */
  public static Optional<Path> evmDir() {
    return Optional.ofNullable(System.getProperty(EVM_DIR_PROPERTY))
        .filter(p -> !p.isBlank())
        .map(p -> Path.of(p).toAbsolutePath());
  }

  /**
   * The platform binary that the npm package {@code @foundry-rs/anvil} brings into {@code evmDir}.
   *
   * @throws IllegalStateException naming the path and the build step when it is not there
   */
  public static Path binary(Path evmDir) {
    Path binary =
        evmDir
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

  /** The operating-system process id. */
  public long pid() {
    return process.pid();
  }

  /** Where the node's output goes. */
  public Path log() {
    return log;
  }

  /** Whether the process still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the node (SIGTERM, so that it saves its state file), then kills it if it lingers. */
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
