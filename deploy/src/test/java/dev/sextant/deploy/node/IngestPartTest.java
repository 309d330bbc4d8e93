package dev.sextant.deploy.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.deploy.config.ConfigLoader;
import dev.sextant.deploy.config.SextantConfig;
import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.FeedConfig;
import dev.sextant.ingest.market.Heartbeat;
import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.Protocols;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the node turns its market configuration into feeds, and refuses a wrong one by name. */
class IngestPartTest {

  /** A protocol of OKX instruments only, as a real one checks its venue. */
  private static final MarketProtocol OKX_ONLY =
      new MarketProtocol() {
        @Override
        public String name() {
          return "okx";
        }

        @Override
        public String venue() {
          return "okx";
        }

        @Override
        public URI defaultEndpoint() {
          return URI.create("wss://ws.okx.com/ws/v5/public");
        }

        @Override
        public Heartbeat heartbeat() {
          return new Heartbeat(Duration.ofSeconds(20), Duration.ofSeconds(30));
        }

        @Override
        public List<ConnectionPlan> plan(URI endpoint, List<Instrument> instruments) {
          for (Instrument i : instruments) {
            if (!i.venue().equals("okx")) {
              throw new IllegalArgumentException(i.id() + " is not an okx instrument");
            }
          }
          return List.of(new ConnectionPlan("", endpoint, instruments));
        }

        @Override
        public ProtocolSession newSession(SessionContext context) {
          throw new UnsupportedOperationException();
        }
      };

  private static SextantConfig withFeeds(Map<String, SextantConfig.Feed> feeds) {
    SextantConfig c = new ConfigLoader().load(Optional.empty(), Map.of()).config();
    return new SextantConfig(
        c.dataDir(),
        c.kafka(),
        c.grpc(),
        c.http(),
        c.query(),
        c.ingest(),
        c.demo(),
        new SextantConfig.Market(true, feeds),
        c.chain(),
        c.news(),
        c.streams(),
        c.memory());
  }

  private static IngestPart up(SextantConfig config) {
    return IngestPart.forMode(
        NodeMode.UP,
        "127.0.0.1:1",
        config,
        new Protocols(List.of(OKX_ONLY)),
        Registry.loadDefault(),
        new SimpleMeterRegistry());
  }

  @Test
  void shouldBuildTheFeedConfigWithItsInstrumentsAndEndpoints() {
    FeedConfig feed =
        IngestPart.feedConfig(
            "okx",
            new SextantConfig.Feed(
                "okx",
                "ws://127.0.0.1:9/ws",
                "",
                List.of("okx:BTC-USDT", "okx:ETH-USDT-PERP"),
                true));

    assertThat(feed.protocol()).isEqualTo("okx");
    assertThat(feed.instruments())
        .extracting(Instrument::id)
        .containsExactly("okx:BTC-USDT", "okx:ETH-USDT-PERP");
    assertThat(feed.endpoint()).hasValue(URI.create("ws://127.0.0.1:9/ws"));
    assertThat(feed.restEndpoint()).isEmpty();
  }

  @Test
  void shouldRefuseAnInstrumentTheProtocolCannotSubscribeNamingTheFeed() {
    SextantConfig config =
        withFeeds(
            Map.of(
                "okx-main",
                new SextantConfig.Feed("okx", "", "", List.of("binance:BTC-USDT"), true)));

    assertThatThrownBy(() -> up(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("market.feeds.okx-main: binance:BTC-USDT is not an okx instrument");
  }

  @Test
  void shouldRefuseAnUnknownProtocolButIgnoreADisabledFeed() {
    assertThatThrownBy(
            () ->
                up(
                    withFeeds(
                        Map.of(
                            "x",
                            new SextantConfig.Feed(
                                "nope", "", "", List.of("okx:BTC-USDT"), true)))))
        .hasMessageContaining("market.feeds.x.protocol: unknown protocol 'nope'")
        .hasMessageContaining("known protocols: okx");

    try (IngestPart part =
        up(
            withFeeds(
                Map.of(
                    "x",
                    new SextantConfig.Feed("nope", "", "", List.of("okx:BTC-USDT"), false))))) {
      assertThat(part.done()).isDone();
    }
  }
}
