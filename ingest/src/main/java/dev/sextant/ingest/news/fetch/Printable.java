package dev.sextant.ingest.news.fetch;

/**
 * Text from a server, made fit for a log line or a dead letter: characters outside printable ASCII
 * are escaped (so a control character cannot forge a log line, and raw bytes stay legible) and a
 * long text is cut short, naming its length.
 */
final class Printable {

  private Printable() {}

  /** {@code text} with non-printable characters as {@code \\uXXXX}, at most {@code max} of it. */
  static String of(String text, int max) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 32);
    int end = Math.min(text.length(), max);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    if (text.length() > max) {
      out.append("... (").append(text.length()).append(" characters)");
    }
    return out.toString();
  }
}
