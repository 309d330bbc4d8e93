package dev.sextant.deploy.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Fails fast, naming the port and the configuration key, when a port is taken. */
public final class PortCheck {

  private PortCheck() {}

  /**
   * Throws when nothing can listen on {@code port}.
   *
   * @param key the configuration key that sets this port, for the message
   */
  public static void requireFree(int port, String key) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
    } catch (IOException e) {
      throw new PortInUseException(port, key);
    }
  }

  /** A port is already in use; the message says how to choose another. */
  public static final class PortInUseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PortInUseException(int port, String key) {
      super(
          "Port "
              + port
              + " is already in use. Stop what uses it, or set "
              + key
              + " in the config file (or "
              + EnvOverrides.envName(key)
              + " in the environment) to another port.");
    }
  }
}
