package dev.sextant.ingest.market.kraken;

import dev.sextant.ingest.market.FeedControl;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Keeps what a session asks of its connection. */
final class RecordingControl implements FeedControl {

  final List<String> sent = new ArrayList<>();
  final List<URI> fetched = new ArrayList<>();
  final List<String> reconnects = new ArrayList<>();

  @Override
  public void send(String frame) {
    sent.add(frame);
  }

  @Override
  public void fetch(URI uri) {
    fetched.add(uri);
  }

  @Override
  public void reconnect(String reason) {
    reconnects.add(reason);
  }
}
