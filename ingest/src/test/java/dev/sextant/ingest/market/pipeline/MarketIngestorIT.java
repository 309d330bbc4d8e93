package dev.sextant.ingest.market.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sextant.ingest.market.FeedConfig;
import dev.sextant.ingest.market.Heartbeat;
import dev.sextant.ingest.market.testing.NumberedProtocol;
import dev.sextant.ingest.market.testing.ServerConnection;
import dev.sextant.ingest.market.testing.VenueScript;
import dev.sextant.ingest.market.testing.VenueServer;
import dev.sextant.ingest.market.testkit.InMemorySink;
import dev.sextant.ingest.sink.SinkConfig;
import dev.sextant.schemas.registry.Registry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A live feed over a real WebSocket whose session fails: reported, not silent. */
class MarketIngestorIT {

  private VenueServer server;
  private MarketIngestor ingestor;

  @AfterEach
  void tearDown() {
    if (ingestor != null) {
      ingestor.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void shouldReportTheFeedUnhealthyWithTheSessionsFailureWhenItStops() {
    server =
        VenueServer.start(
            new VenueScript() {
              @Override
              public void onText(ServerConnection c, String text) {
                c.send("{\"n\":1}");
                // A RuntimeException costs a reconnect; an Error stops the feed.
                c.send("{\"cmd\":\"error\",\"why\":\"decoder bug on frame 2\"}");
              }
            });
    NumberedProtocol protocol =
        new NumberedProtocol(
            new Heartbeat(Duration.ZERO, Duration.ofSeconds(30)),
            Optional.empty(),
            List.of(NumberedProtocol.SUBSCRIBE),
            50);
    ingestor =
        new MarketIngestor(
            FeedConfig.of(NumberedProtocol.NAME, List.of()).withEndpoints(server.uri(), null),
            new SinkConfig(
                MarketIngestor.sourceId("numbers"),
                100,
                Duration.ofMillis(50),
                Duration.ZERO,
                Duration.ZERO,
                Map.of()),
            protocol,
            new InMemorySink(),
            Registry.loadDefault(),
            new SimpleMeterRegistry(),
            FeedFactory.webSocket());
    ingestor.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> !ingestor.health().healthy());

    FeedHealth health = ingestor.health();
    assertThat(health.feed()).isEqualTo("market-numbers");
    assertThat(health.reason())
        .startsWith("stopped: ")
        .contains("AssertionError")
        .contains("decoder bug on frame 2");
    assertThat(protocol.journal().numbers()).containsExactly(1L);
  }
}
