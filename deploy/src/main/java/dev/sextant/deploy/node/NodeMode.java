package dev.sextant.deploy.node;

/** What feeds the node. */
public enum NodeMode {
  /** The sources of the configuration. */
  UP,
  /** The bundled (or configured) capture, replayed through the same ingest path. */
  DEMO
}
