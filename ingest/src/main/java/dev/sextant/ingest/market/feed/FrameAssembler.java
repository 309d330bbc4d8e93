package dev.sextant.ingest.market.feed;

/**
 * Joins the parts of one WebSocket text message into a frame, up to a bound in UTF-8 bytes. Past
 * the bound it keeps only the head and counts the rest, so a runaway message costs at most the
 * bound in memory and the connection carries on with the next message.
 */
final class FrameAssembler {

  /** How much of an oversized frame is kept for its dead letter, in chars. */
  static final int HEAD_CHARS = 1024;

  /** A buffer grown past this is dropped after its message rather than kept for the next. */
  private static final int KEEP_CAPACITY = 64 * 1024;

  /**
   * One complete message: its text, or for an oversized one, its head and no text.
   *
   * @param bytes the message's size in UTF-8 bytes, counted in full even when oversized
   */
  record Message(String text, String head, long bytes) {

    boolean oversized() {
      return text == null;
    }
  }

  private final long maxBytes;
  private StringBuilder buffer = new StringBuilder();
  private long bytes;
  private boolean oversized;

  FrameAssembler(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Adds a part of the current message.
   *
   * @return the complete message when {@code last}, otherwise null
   */
  Message add(CharSequence part, boolean last) {
    long partBytes = utf8Length(part);
    if (last && buffer.isEmpty() && !oversized && partBytes <= maxBytes) {
      // The common case: a whole message in one part, no copy through the buffer.
      return new Message(part.toString(), null, partBytes);
    }
    bytes += partBytes;
    if (!oversized) {
      if (bytes <= maxBytes) {
        buffer.append(part);
      } else {
        oversized = true;
        int room = HEAD_CHARS - buffer.length();
        if (room > 0) {
          buffer.append(part, 0, Math.min(room, part.length()));
        }
        buffer.setLength(Math.min(buffer.length(), HEAD_CHARS));
      }
    }
    if (!last) {
      return null;
    }
    Message message =
        oversized
            ? new Message(null, buffer.toString(), bytes)
            : new Message(buffer.toString(), null, bytes);
    bytes = 0;
    oversized = false;
    if (buffer.capacity() > KEEP_CAPACITY) {
      buffer = new StringBuilder();
    } else {
      buffer.setLength(0);
    }
    return message;
  }

  /** The UTF-8 size of {@code text}; a surrogate pair counts 2 + 2 = 4 bytes, as encoded. */
  static long utf8Length(CharSequence text) {
    long n = 0;
    for (int i = 0, len = text.length(); i < len; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800 || Character.isSurrogate(c)) {
        n += 2;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
