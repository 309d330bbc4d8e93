package dev.sextant.ingest.replay;

import java.util.Optional;

/** The replay's source cursor: the number of the last capture line a committed batch covers. */
final class LineCursor {

  private LineCursor() {}

  /** The cursor position for {@code line}. */
  static String format(long line) {
    return Long.toString(line);
  }

  /**
   * The last committed line, 0 when nothing was committed yet.
   *
   * @throws IllegalArgumentException when the position is not a line number, e.g. because another
   *     kind of source wrote under the same source id
   */
  static long parse(String sourceId, Optional<String> position) {
    if (position.isEmpty()) {
      return 0;
    }
    String text = position.get();
    try {
      long line = Long.parseLong(text);
      if (line >= 0) {
        return line;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "committed cursor '"
            + text
            + "' of source '"
            + sourceId
            + "' is not a line number: is another source using this source id?");
  }
}
