package dev.sextant.deploy.cli;

import dev.sextant.deploy.config.SextantConfig;
import dev.sextant.deploy.node.NodeMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sextant demo}: the node fed by the bundled captures and news feeds instead of live
 * endpoints.
 */
@Command(
    name = "demo",
    description =
        "Run the node fed by the bundled captures of every market protocol and the bundled news"
            + " feeds (no network needed) until Ctrl-C.",
    mixinStandardHelpOptions = true)
final class DemoCommand extends NodeCommand {

  @Option(
      names = "--speed",
      paramLabel = "X",
      description =
          "Replay pace: 0 = as fast as possible (default), 1 = as recorded, 10 = ten times faster.")
  Double speed;

  @Override
  NodeMode mode() {
    return NodeMode.DEMO;
  }

  @Override
  SextantConfig adjust(SextantConfig config) {
    if (speed == null) {
      return config;
    }
    if (speed < 0) {
      throw new IllegalArgumentException("--speed must be 0 or more, was " + speed);
    }
    return new SextantConfig(
        config.dataDir(),
        config.kafka(),
        config.grpc(),
        config.http(),
        config.query(),
        config.ingest(),
        new SextantConfig.Demo(config.demo().capture(), config.demo().protocol(), speed),
        config.market(),
        config.chain(),
        config.news(),
        config.streams(),
        config.memory());
  }
}
