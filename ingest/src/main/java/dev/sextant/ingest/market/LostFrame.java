package dev.sextant.ingest.market;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The marker a capture keeps where the live feed dropped a frame unread (over its size bound):
 * {@code {"sextant_lost":{"bytes":N}}}. No venue sends a frame that starts this way; a replay that
 * meets it dead-letters the loss and calls {@link ProtocolSession#onLost}, so its books resync
 * where the live feed's did.
 */
public final class LostFrame {

  private static final String PREFIX = "{\"sextant_lost\":";
  private static final Pattern BYTES = Pattern.compile("\"bytes\":(\\d{1,18})");

  private LostFrame() {}

  /** The marker for a lost frame of {@code totalBytes}, as one frame line. */
  public static String frame(long totalBytes) {
    return PREFIX + "{\"bytes\":" + totalBytes + "}}";
  }

  /** True when {@code frame} marks a lost frame rather than being a venue frame. */
  public static boolean isLost(String frame) {
    return frame.startsWith(PREFIX);
  }

  /** The size of the lost frame a marker names, if it names one. */
  public static OptionalLong bytes(String frame) {
    Matcher matcher = BYTES.matcher(frame);
    return matcher.find()
        ? OptionalLong.of(Long.parseLong(matcher.group(1)))
        : OptionalLong.empty();
  }

  /** The dead-letter message of a lost frame, the same live and in a replay. */
  public static String error(long totalBytes) {
    return "frame of " + totalBytes + " bytes is over the bound and was not decoded";
  }
}
