package dev.sextant.deploy.cli;

import dev.sextant.deploy.config.ConfigLoader;
import dev.sextant.query.client.PriceClient;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sextant query ...}: ask a running node, as an agent would, over gRPC. */
@Command(
    name = "query",
    description = "Ask a running node over gRPC.",
    mixinStandardHelpOptions = true,
    subcommands = QueryCommand.Price.class)
final class QueryCommand {

  /** Exit code when the node answers with an error status. */
  static final int RPC_ERROR = 1;

  /** {@code sextant query price KEY}. */
  @Command(
      name = "price",
      description =
          "The latest price of an asset (BTC) or an instrument (coinbase:BTC-USD), with its source and age.",
      mixinStandardHelpOptions = true)
  static final class Price implements Callable<Integer> {

    @Parameters(
        paramLabel = "KEY",
        description = "An asset symbol (BTC) or an instrument id (coinbase:BTC-USD).")
    String key;

    @Option(
        names = "--target",
        paramLabel = "HOST:PORT",
        description =
            "The node's gRPC address (default: 127.0.0.1 and grpc.port of the configuration).")
    String target;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "The configuration the node runs with, for its gRPC port.")
    Path configFile;

    @Override
    public Integer call() throws InterruptedException {
      String address = target != null ? target : "127.0.0.1:" + grpcPort();
      ManagedChannel channel =
          Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build();
      try {
        System.out.println(PriceClient.format(new PriceClient(channel).getPrice(key)));
        return 0;
      } catch (StatusRuntimeException e) {
        Status status = e.getStatus();
        String hint =
            status.getCode() == Status.Code.UNAVAILABLE
                ? " (is the node running at " + address + "? start it with: bin/sextant demo)"
                : "";
        System.err.println("sextant: " + status.getCode() + ": " + status.getDescription() + hint);
        return RPC_ERROR;
      } finally {
        channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
      }
    }

    private int grpcPort() {
      return new ConfigLoader()
          .load(Optional.ofNullable(configFile), System.getenv())
          .config()
          .grpc()
          .port();
    }
  }
}
