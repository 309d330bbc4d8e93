package dev.sextant.deploy.node;

/** A part of the node with a start and a stop; the node stops parts in reverse start order. */
public interface Component extends AutoCloseable {

  /** A short name for logs. */
  String name();

  /** Starts the part; returns when it is running (not necessarily ready). */
  void start() throws Exception;

  /** Stops the part, releasing its threads and flushing what it holds. Never throws. */
  @Override
  void close();
}
