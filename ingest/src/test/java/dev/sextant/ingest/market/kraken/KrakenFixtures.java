package dev.sextant.ingest.market.kraken;

import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.FeedControl;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.ingest.market.testkit.RecordingOutput;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Golden frames under {@code market/<protocol>/} and session contexts for the Kraken tests. */
final class KrakenFixtures {

  static final Registry REGISTRY = Registry.loadDefault();
  static final Instrument BTC_USD = Instrument.spot("kraken", "BTC", "USD");
  static final Instrument ETH_USD = Instrument.spot("kraken", "ETH", "USD");

  /** 2026-08-09T12:00:00Z, the simulated clock's start. */
  static final long START_NANOS = 1_786_276_800_000_000_000L;

  private KrakenFixtures() {}

  static String frame(String protocol, String name) {
    String path = "/market/" + protocol + "/" + name;
    try (InputStream in = KrakenFixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SessionContext context(
      String endpoint, List<Instrument> instruments, RecordingOutput out, FeedControl control) {
    return new SessionContext(
        new ConnectionPlan("", URI.create(endpoint), instruments),
        Optional.empty(),
        REGISTRY,
        out,
        control);
  }
}
