package dev.sextant.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.market.Protocols;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code sextant bench streams} with tiny parameters on a real embedded broker: every preloaded
 * trade is committed under each guarantee, and the latency runs time updates. No timing thresholds:
 * the numbers only have to be there.
 */
class BenchStreamsIT {

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = SextantMain.commandLine(Protocols.builtIn());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute(args)).as("exit code; stderr: %s; stdout: %s", err, out).isZero();
    return out.toString();
  }

  @Test
  void shouldCommitEveryPreloadedTradeAndTimeIndicatorUpdatesUnderBothGuarantees() {
    String out =
        run(
            "bench",
            "streams",
            "--trades",
            "20000",
            "--instruments",
            "5",
            "--rate",
            "1000",
            "--seconds",
            "2",
            "--warmup",
            "1",
            "--commit-interval-ms",
            "10",
            "--latency-live-emit-ms",
            "0");

    for (String g : List.of("exactly_once_v2", "at_least_once")) {
      Matcher throughput =
          Pattern.compile(
                  "throughput "
                      + g
                      + ": 20000 of 20000 trades committed in [0-9.]+ s, ([0-9]+) trades/s")
              .matcher(out);
      assertThat(throughput.find()).as("throughput summary of %s in:%n%s", g, out).isTrue();
      assertThat(Long.parseLong(throughput.group(1))).isPositive();

      Matcher latency =
          Pattern.compile(
                  "latency "
                      + g
                      + " commit 10 ms: ([0-9]+) updates of ([0-9]+) trades measured, p50 ([0-9.]+)"
                      + " ms, p90 [0-9.]+ ms, p99 ([0-9.]+) ms, p99.9 [0-9.]+ ms, max ([0-9.]+) ms")
              .matcher(out);
      assertThat(latency.find()).as("latency summary of %s in:%n%s", g, out).isTrue();
      long updates = Long.parseLong(latency.group(1));
      long trades = Long.parseLong(latency.group(2));
      assertThat(trades).isPositive();
      // One live update of the trade's 1s candle per trade at least (finals come on top).
      assertThat(updates).isGreaterThanOrEqualTo(trades);
      assertThat(Double.parseDouble(latency.group(3))).isPositive();
      assertThat(Double.parseDouble(latency.group(5)))
          .isGreaterThanOrEqualTo(Double.parseDouble(latency.group(4)));
    }
  }

  @Test
  void shouldRefuseAnUnknownGuaranteeNamingTheOption() {
    StringWriter err = new StringWriter();
    CommandLine cli = SextantMain.commandLine(Protocols.builtIn());
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("bench", "streams", "--guarantee", "exactly_once");

    assertThat(exit).isNotZero();
    assertThat(err.toString()).contains("--guarantee: unknown value 'exactly_once'");
  }
}
