package dev.sextant.deploy.cli;

import dev.sextant.deploy.node.NodeMode;
import picocli.CommandLine.Command;

/** {@code sextant up}: the node with the sources of the configuration. */
@Command(
    name = "up",
    description = "Run the all-in-one node (embedded Kafka and every part) on ./var until Ctrl-C.",
    mixinStandardHelpOptions = true)
final class UpCommand extends NodeCommand {

  @Override
  NodeMode mode() {
    return NodeMode.UP;
  }
}
