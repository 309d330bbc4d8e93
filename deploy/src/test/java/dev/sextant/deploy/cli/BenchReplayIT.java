package dev.sextant.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.market.Protocols;
import dev.sextant.ingest.market.coinbase.CoinbaseExchangeProtocol;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sextant bench replay} on a small generated capture, into a real embedded broker. */
class BenchReplayIT {

  @TempDir Path dir;

  private String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        SextantMain.commandLine(new Protocols(List.of(new CoinbaseExchangeProtocol())));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute(args)).as("exit code; stderr: %s", err).isZero();
    return out.toString();
  }

  @Test
  void shouldGenerateOnceAndReplayEveryFrameAsATrade() {
    Path benchDir = dir.resolve("bench");

    String first = run("bench", "replay", "--frames", "5000", "--bench-dir", benchDir.toString());
    String second = run("bench", "replay", "--frames", "5000", "--bench-dir", benchDir.toString());

    assertThat(benchDir.resolve("coinbase-exchange-5000.capture.gz")).isRegularFile();
    assertThat(first).contains("generating 5000 frames").contains("frames 5000, records 5000,");
    assertThat(second).contains("reusing").contains("frames 5000, records 5000,");
  }

  @Test
  void shouldRefuseToGenerateFramesOfAnotherProtocol() throws Exception {
    StringWriter err = new StringWriter();
    CommandLine cli =
        SextantMain.commandLine(
            new Protocols(List.of(new CoinbaseExchangeProtocol(), new EchoProtocol())));
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("bench", "replay", "--protocol", "echo", "--bench-dir", dir.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("pass a capture of echo with --capture FILE");
    assertThat(Files.list(dir)).isEmpty();
  }
}
