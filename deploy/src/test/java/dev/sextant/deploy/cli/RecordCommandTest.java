package dev.sextant.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.market.Protocols;
import dev.sextant.ingest.market.feed.ConnectionStatus;
import dev.sextant.ingest.market.pipeline.LiveFeed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sextant record} with a feed of the test's own in place of the WebSocket layer (whose own
 * tests run it against a local server).
 */
class RecordCommandTest {

  @TempDir Path dir;
  private final StringWriter err = new StringWriter();

  private int run(RecordCommand command, String... args) {
    command.protocols(new Protocols(List.of(new EchoProtocol())));
    CommandLine cli = new CommandLine(command).setExecutionExceptionHandler(new FriendlyErrors());
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void shouldRecordEveryFrameTheFeedDeliversUntilTheDuration() throws Exception {
    Path out = dir.resolve("rec.capture.gz");
    RecordCommand command = new RecordCommand();
    command.feeds(
        (protocol, config, registry, output, listener, meters) ->
            new LiveFeed() {
              @Override
              public void start() {
                listener.frame("", "{\"ack\":1}", 10L);
                listener.oversized("", "{\"x", 9_999_999, 11L);
                listener.frame("", "{\"trade\":\"kraken:BTC-USD\",\n\"id\":\"1\"}", 12L);
                listener.tick(System.nanoTime());
              }

              @Override
              public boolean isRunning() {
                return true;
              }

              @Override
              public boolean isStopped() {
                return false;
              }

              @Override
              public void reconnectAll(String reason) {}

              @Override
              public Optional<Throwable> failure() {
                return Optional.empty();
              }

              @Override
              public List<ConnectionStatus> status() {
                return List.of();
              }

              @Override
              public void close() {}
            });

    int exit =
        run(
            command,
            "--protocol=echo",
            "--instruments=kraken:BTC-USD",
            "--out=" + out,
            "--duration=1s");

    assertThat(exit).isZero();
    try (GZIPInputStream in = new GZIPInputStream(java.nio.file.Files.newInputStream(out))) {
      assertThat(new String(in.readAllBytes()))
          // The oversized frame is not recorded, but a marker keeps its place.
          .isEqualTo(
              "10\t{\"ack\":1}\n"
                  + "11\t{\"sextant_lost\":{\"bytes\":9999999}}\n"
                  + "12\t{\"trade\":\"kraken:BTC-USD\", \"id\":\"1\"}\n");
    }
    assertThat(err.toString()).contains("recorded 2 frames").contains("1 oversized");
  }

  @Test
  void shouldRefuseAnInstrumentOfAnotherVenueBeforeConnecting() {
    RecordCommand command = new RecordCommand();
    command.feeds(
        (protocol, config, registry, output, listener, meters) -> {
          throw new AssertionError("must not connect");
        });

    int exit =
        run(
            command,
            "--protocol=echo",
            "--instruments=binance:BTC-USDT",
            "--out=" + dir.resolve("x.capture"));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("binance:BTC-USDT is not a kraken instrument");
  }

  @Test
  void shouldNameAnOutputItCannotWrite() throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("file"), "x");
    RecordCommand command = new RecordCommand();

    int exit =
        run(
            command,
            "--protocol=echo",
            "--instruments=kraken:BTC-USD",
            "--out=" + file.resolve("under-a-file.capture"));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("cannot write " + file.resolve("under-a-file.capture"));
  }
}
