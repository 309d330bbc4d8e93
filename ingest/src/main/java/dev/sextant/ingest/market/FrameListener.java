package dev.sextant.ingest.market;

/**
 * Sees every frame of a feed or replay just before its session decodes it, on the same thread: the
 * recorder writes it to a capture, the pipeline keeps it as the raw input of any dead letter.
 */
public interface FrameListener {

  /**
   * A connection opened, just before its session hears of it ({@code onOpen}): the recorder marks
   * it with an {@link OpenFrame} so a replay reopens the session at the same point.
   *
   * @param connection the connection's label, empty for single-connection protocols
   * @param epochNanos when it opened
   */
  default void opened(String connection, long epochNanos) {}

  /**
   * A frame (or a {@link RestFrame}) about to be decoded.
   *
   * @param connection the connection's label, empty for single-connection protocols
   * @param frame the text as received
   * @param receivedEpochNanos when it was received
   */
  void frame(String connection, String frame, long receivedEpochNanos);

  /**
   * A frame larger than the bound arrived and was dropped; only its head is kept. The session does
   * not see it.
   */
  void oversized(String connection, String head, long totalBytes, long receivedEpochNanos);

  /**
   * Called after each frame and at least every few milliseconds while idle, on the same thread: the
   * place to commit batches that fell due.
   */
  default void tick(long nanoTime) {}
}
