package dev.sextant.deploy.cli;

import dev.sextant.deploy.config.ConfigLoader;
import dev.sextant.deploy.config.SextantConfig;
import dev.sextant.deploy.node.NodeMode;
import dev.sextant.deploy.node.SextantNode;
import dev.sextant.ingest.market.Protocols;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine.Option;

/** Runs the node in the foreground until SIGTERM or Ctrl-C, then stops it cleanly. */
abstract class NodeCommand implements Callable<Integer>, UsesProtocols {

  private Protocols protocols = Protocols.builtIn();

  @Override
  public void protocols(Protocols protocols) {
    this.protocols = protocols;
  }

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A YAML file overriding the built-in defaults.")
  Path configFile;

  abstract NodeMode mode();

  /** Lets a command adjust the loaded configuration (e.g. {@code demo --speed}). */
  SextantConfig adjust(SextantConfig config) {
    return config;
  }

  @Override
  public Integer call() throws Exception {
    ConfigLoader.Loaded loaded =
        new ConfigLoader().load(Optional.ofNullable(configFile), System.getenv());
    SextantNode node = new SextantNode(adjust(loaded.config()), mode(), protocols);
    Thread hook =
        new Thread(
            () -> {
              node.close();
              LogManager.shutdown();
            },
            "sextant-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    if (!loaded.envKeys().isEmpty()) {
      org.slf4j.LoggerFactory.getLogger(NodeCommand.class)
          .info("Configuration keys set from the environment: {}", loaded.envKeys());
    }
    try {
      node.start();
      node.startSources();
    } catch (Exception e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      node.close();
      throw e;
    }
    node.awaitStopped();
    return 0;
  }
}
