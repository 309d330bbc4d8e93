package dev.sextant.ingest.market.feed;

import org.eclipse.jetty.websocket.api.Session;

/**
 * What the connections hand to the pump thread, through the {@link Inbox}. Socket events carry the
 * generation (connection attempt) they belong to, so the pump drops what a socket it already gave
 * up on still delivers.
 */
sealed interface FeedEvent {

  WebSocketConnection connection();

  /** The memory the event holds, in bytes (about), for the inbox's bound. */
  default long bytes() {
    return 64;
  }

  /** The socket opened. */
  record Opened(WebSocketConnection connection, long generation, Session socket, long epochNanos)
      implements FeedEvent {}

  /** A complete text frame. */
  record Text(WebSocketConnection connection, long generation, String text, long epochNanos)
      implements FeedEvent {

    @Override
    public long bytes() {
      return 64 + 2L * text.length();
    }
  }

  /** A frame over the bound: its head and its full size. */
  record Oversized(
      WebSocketConnection connection, long generation, String head, long size, long epochNanos)
      implements FeedEvent {}

  /** The socket closed, failed or could not connect. */
  record Down(WebSocketConnection connection, long generation, Reason reason, String detail)
      implements FeedEvent {}

  /** A REST answer as a frame; not tied to a socket, it is delivered whatever the socket does. */
  record Rest(WebSocketConnection connection, String frame, long epochNanos) implements FeedEvent {

    @Override
    public long bytes() {
      return 64 + 2L * frame.length();
    }
  }

  /** Why a connection is replaced, as the {@code reason} tag of the reconnect counter. */
  enum Reason {
    CLOSED,
    ERROR,
    SILENT,
    REQUESTED;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
