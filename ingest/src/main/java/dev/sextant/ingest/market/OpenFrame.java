package dev.sextant.ingest.market;

/**
 * The marker a capture keeps where the live feed opened a connection: {@code {"sextant_open":{}}}.
 * No venue sends a frame that starts this way; a replay that meets it reopens the connection's
 * session, so a venue's sequence restarting on the new connection reads as the reconnect it was,
 * not as a gap.
 */
public final class OpenFrame {

  /** The marker as one frame line. */
  public static final String FRAME = "{\"sextant_open\":{}}";

  private static final String PREFIX = "{\"sextant_open\":";

  private OpenFrame() {}

  /** True when {@code frame} marks an opened connection rather than being a venue frame. */
  public static boolean isOpen(String frame) {
    return frame.startsWith(PREFIX);
  }
}
