package dev.sextant.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private final ConfigLoader loader = new ConfigLoader();

  @Test
  void shouldUseBuiltInDefaultsWhenNothingIsGiven() {
    SextantConfig config = loader.load(Optional.empty(), Map.of()).config();

    assertThat(config.dataDir()).isEqualTo(Path.of("./var"));
    assertThat(config.kafka().embedded()).isTrue();
    assertThat(config.kafka().port()).isEqualTo(9092);
    assertThat(config.kafka().clientBootstrap()).isEqualTo("127.0.0.1:9092");
    assertThat(config.grpc().port()).isEqualTo(50051);
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.demo().capture()).isEqualTo("bundled");
    assertThat(config.memory().kafkaCleanerBufferMb()).isEqualTo(16);
    assertThat(config.news().enabled()).isTrue();
    assertThat(config.news().feeds()).hasSize(10);
    assertThat(config.news().feeds().values()).allMatch(SextantConfig.NewsFeed::enabled);
  }

  @Test
  void shouldBatchFullSpeedReplaysInBiggerTransactionsThanPacedSources() {
    SextantConfig.Ingest ingest =
        loader
            .load(
                Optional.empty(), Map.of("SEXTANT_INGEST_FULL_SPEED_TRANSACTION_MAX_RECORDS", "7"))
            .config()
            .ingest();

    assertThat(ingest.transactionMaxRecords(0)).isEqualTo(7);
    assertThat(ingest.transactionLingerMs(0)).isEqualTo(200);
    assertThat(ingest.transactionMaxRecords(1)).isEqualTo(500);
    assertThat(ingest.transactionMaxRecords(50)).isEqualTo(500);
    assertThat(ingest.transactionLingerMs(50)).isEqualTo(5);
  }

  @Test
  void shouldLetTheFileOverrideOnlyTheKeysItNames(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("sextant.yaml");
    Files.writeString(file, "grpc:\n  port: 6000\nkafka:\n  controller-port: 9999\n");

    SextantConfig config = loader.load(Optional.of(file), Map.of()).config();

    assertThat(config.grpc().port()).isEqualTo(6000);
    assertThat(config.kafka().controllerPort()).isEqualTo(9999);
    assertThat(config.kafka().port()).isEqualTo(9092);
  }

  @Test
  void shouldLetTheEnvironmentOverrideTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("sextant.yaml");
    Files.writeString(file, "grpc:\n  port: 6000\n");

    ConfigLoader.Loaded loaded =
        loader.load(
            Optional.of(file),
            Map.of(
                "SEXTANT_GRPC_PORT",
                "7000",
                "SEXTANT_KAFKA_CONTROLLER_PORT",
                "7001",
                "HOME",
                "/x"));

    assertThat(loaded.config().grpc().port()).isEqualTo(7000);
    assertThat(loaded.config().kafka().controllerPort()).isEqualTo(7001);
    assertThat(loaded.envKeys()).containsExactlyInAnyOrder("grpc.port", "kafka.controller-port");
  }

  @Test
  void shouldRejectAnUnknownKeyNamingIt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("sextant.yaml");
    Files.writeString(file, "grpc:\n  prot: 6000\n");

    assertThatThrownBy(() -> loader.load(Optional.of(file), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown key 'grpc.prot'")
        .hasMessageContaining(file.toString());
  }

  @Test
  void shouldRejectAValueOfTheWrongType() {
    assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of("SEXTANT_HTTP_PORT", "eighty")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid configuration");
  }

  @Test
  void shouldRejectTwoListenersOnOnePort() {
    assertThatThrownBy(
            () -> loader.load(Optional.empty(), Map.of("SEXTANT_KAFKA_CONTROLLER_PORT", "9092")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafka.port and kafka.controller-port are both 9092");
  }

  @Test
  void shouldNameTheVariableForAKey() {
    assertThat(EnvOverrides.envName("kafka.controller-port"))
        .isEqualTo("SEXTANT_KAFKA_CONTROLLER_PORT");
  }

  @Test
  void shouldDefineALiveFeedForEveryProtocolWithOneFeedPerVenueEnabled() {
    SextantConfig.Market market = loader.load(Optional.empty(), Map.of()).config().market();

    assertThat(market.enabled()).isTrue();
    assertThat(market.feeds())
        .containsOnlyKeys(
            "coinbase-exchange",
            "coinbase-advanced",
            "binance",
            "binance-futures",
            "kraken-v1",
            "kraken-v2",
            "okx",
            "bybit");
    market
        .feeds()
        .forEach(
            (name, feed) -> {
              assertThat(feed.protocol()).isEqualTo(name);
              assertThat(feed.instruments()).isNotEmpty();
              assertThat(feed.instruments())
                  .anyMatch(i -> i.contains(":BTC-"))
                  .anyMatch(i -> i.contains(":ETH-"));
            });
    assertThat(market.feeds().get("kraken-v1").enabled()).isFalse();
    assertThat(market.feeds().get("coinbase-advanced").enabled()).isFalse();
  }

  @Test
  void shouldLetTheEnvironmentChangeOneFeedAndItsInstrumentList() {
    SextantConfig.Market market =
        loader
            .load(
                Optional.empty(),
                Map.of(
                    "SEXTANT_MARKET_FEEDS_BINANCE_FUTURES_ENABLED", "false",
                    "SEXTANT_MARKET_FEEDS_OKX_INSTRUMENTS", "okx:BTC-USDT, okx:SOL-USDT"))
            .config()
            .market();

    assertThat(market.feeds().get("binance-futures").enabled()).isFalse();
    assertThat(market.feeds().get("binance").enabled()).isTrue();
    assertThat(market.feeds().get("okx").instruments())
        .containsExactly("okx:BTC-USDT", "okx:SOL-USDT");
  }

  @Test
  void shouldLetTheFileAddAFeedButNotAnUnknownSetting(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("sextant.yaml");
    Files.writeString(
        file,
        """
        market:
          feeds:
            binance-alts:
              protocol: binance
              instruments: [binance:SOL-USDT]
              enabled: true
        """);

    SextantConfig.Feed feed =
        loader.load(Optional.of(file), Map.of()).config().market().feeds().get("binance-alts");

    assertThat(feed.protocol()).isEqualTo("binance");
    assertThat(feed.endpoint()).isEmpty();
    assertThat(feed.instruments()).containsExactly("binance:SOL-USDT");

    Files.writeString(file, "market:\n  feedz: {}\n");
    assertThatThrownBy(() -> loader.load(Optional.of(file), Map.of()))
        .hasMessageContaining("unknown key 'market.feedz'");
  }
}
