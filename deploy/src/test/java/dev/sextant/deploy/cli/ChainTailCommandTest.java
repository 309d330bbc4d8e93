package dev.sextant.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code chain tail} refuses wrong arguments with one line naming the option, before any call. */
class ChainTailCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = SextantMain.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void shouldRefuseAWebSocketUrlBecauseTheTailIsHttpOnly() {
    assertThat(run("chain", "tail", "--rpc", "ws://127.0.0.1:8545")).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "sextant: --rpc: 'ws://127.0.0.1:8545' is not a URL the node can be reached at"
                + " (http:// or https://)"
                + System.lineSeparator());
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void shouldRefuseSomethingThatIsNotAUrl() {
    assertThat(run("chain", "tail", "--rpc", "127.0.0.1 8545")).isEqualTo(2);
    assertThat(err.toString()).startsWith("sextant: --rpc: '127.0.0.1 8545' is not a URL");
  }

  @Test
  void shouldRefuseAContractThatIsNotAnAddress() {
    assertThat(
            run(
                "chain",
                "tail",
                "--rpc",
                "http://127.0.0.1:8545",
                "--contracts",
                "0x5fbdb2315678afecb367f032d93f642f64180aa3,0xnope"))
        .isEqualTo(2);
    assertThat(err.toString())
        .startsWith("sextant: --contracts: '0xnope' is not an address: expected 0x followed by 40");
  }

  @Test
  void shouldRefuseABlockRangeThatEndsBeforeItStarts() {
    assertThat(run("chain", "tail", "--rpc", "http://127.0.0.1:8545", "--from", "10", "--to", "9"))
        .isEqualTo(2);
    assertThat(err.toString()).startsWith("sextant: --to (9) must not be below --from (10)");
  }

  @Test
  void shouldRefuseZeroConfirmations() {
    assertThat(run("chain", "tail", "--rpc", "http://127.0.0.1:8545", "--confirmations", "0"))
        .isEqualTo(2);
    assertThat(err.toString()).startsWith("sextant: --confirmations must be at least 1");
  }

  @Test
  void shouldRequireTheRpcUrl() {
    assertThat(run("chain", "tail")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--rpc=URL'");
  }
}
