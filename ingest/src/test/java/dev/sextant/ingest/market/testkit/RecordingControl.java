package dev.sextant.ingest.market.testkit;

import dev.sextant.ingest.market.FeedControl;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Keeps what a session asks of its connection, for assertions. */
public class RecordingControl implements FeedControl {

  public final List<String> sent = new ArrayList<>();
  public final List<URI> fetched = new ArrayList<>();
  public final List<String> reconnects = new ArrayList<>();

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

  /** Forgets what was asked so far. */
  public void clear() {
    sent.clear();
    fetched.clear();
    reconnects.clear();
  }
}
