package dev.sextant.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.market.Protocols;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sextant market parse} through the launcher's command line, in process. */
class MarketParseCommandTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = SextantMain.commandLine(new Protocols(List.of(new EchoProtocol())));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void shouldPrintOneJsonLinePerRecordAndTheSummaryOnStderr() throws Exception {
    Path capture =
        Files.writeString(
            dir.resolve("echo.capture"),
            """
            5\t{"ack":1}
            6\t{"trade":"kraken:BTC-USD","id":"9","p":"100.5","s":"2"}
            nonsense
            """);

    int exit = run("market", "parse", "--protocol", "echo", capture.toString());

    assertThat(exit).isZero();
    assertThat(out.toString())
        .isEqualTo(
            "{\"type\":\"trade\",\"instrument\":\"kraken:BTC-USD\",\"venue\":\"kraken\","
                + "\"tradeId\":\"9\",\"price\":{\"value\":\"100.5\"},\"size\":{\"value\":\"2\"}}\n");
    assertThat(err.toString())
        .contains("frames: 3")
        .contains("records: 1 (trades 1, quotes 0, books 0)")
        .contains("dead letters: 1 {malformed_frame=1}")
        .contains("ignored: 1 {ack=1}");
  }

  @Test
  void shouldNameTheKnownProtocolsForAnUnknownOneAndExit2() throws Exception {
    Path capture = Files.writeString(dir.resolve("x.capture"), "{}\n");

    int exit = run("market", "parse", "--protocol", "nope", capture.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("unknown protocol 'nope'")
        .contains("known protocols: echo");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void shouldNameAMissingFileAndExit2() {
    Path missing = dir.resolve("missing.capture");

    int exit = run("market", "parse", "--protocol", "echo", missing.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("capture file " + missing + " does not exist");
  }
}
