package dev.sextant.ingest.market.testing;

/** How a {@link VenueServer} behaves, per connection; called on the server's threads. */
public interface VenueScript {

  /** A client connected. */
  default void onConnect(ServerConnection connection) {}

  /** A client sent a text frame (already recorded in {@link ServerConnection#received()}). */
  default void onText(ServerConnection connection, String text) {}
}
