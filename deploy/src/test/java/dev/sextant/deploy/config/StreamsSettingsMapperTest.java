package dev.sextant.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.streams.kstreams.app.DerivedStreamsConfig;
import dev.sextant.streams.kstreams.app.ProcessingGuarantee;
import dev.sextant.streams.kstreams.app.StreamsSettings;
import dev.sextant.streams.kstreams.candle.CandleConfig;
import dev.sextant.streams.kstreams.price.PriceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How {@code streams} is read, mapped to the application's settings and refused by key. */
class StreamsSettingsMapperTest {

  private final ConfigLoader loader = new ConfigLoader();
  @TempDir Path dir;

  private SextantConfig load(Map<String, String> env) {
    return loader.load(Optional.empty(), env).config();
  }

  private SextantConfig fromFile(String yaml) throws IOException {
    Path file = dir.resolve("sextant.yaml");
    Files.writeString(file, yaml);
    return loader.load(Optional.of(file), Map.of()).config();
  }

  @Test
  void shouldMapTheDefaultsToTheApplicationsOwnDefaults() {
    SextantConfig config = load(Map.of());

    assertThat(config.streams().enabled()).isTrue();
    assertThat(StreamsSettingsMapper.settings(config.streams(), "kafka:9092", Path.of("/data")))
        .isEqualTo(StreamsSettings.defaults("kafka:9092", Path.of("/data/streams")));
    assertThat(StreamsSettingsMapper.derived(config.streams()))
        .isEqualTo(DerivedStreamsConfig.defaults());
    assertThat(config.streams().priceStaleAfterMs())
        .isEqualTo(PriceConfig.defaults().staleAfter().toMillis())
        .isEqualTo(30_000);
  }

  @Test
  void shouldMapEveryKeyOfAFile() throws IOException {
    SextantConfig config =
        fromFile(
            """
            streams:
              application-id: derived-2
              guarantee: at_least_once
              commit-interval-ms: 250
              cache-max-bytes: 0
              standby-replicas: 0
              threads: 2
              state-dir: /srv/sextant/streams-a
              live-emit-interval-ms: 0
              candle-grace-ms: 500
              price-stale-after-ms: 10000
            """);

    StreamsSettings settings =
        StreamsSettingsMapper.settings(config.streams(), "b:9092", Path.of("/data"));
    assertThat(settings)
        .isEqualTo(
            new StreamsSettings(
                "derived-2",
                "b:9092",
                ProcessingGuarantee.AT_LEAST_ONCE,
                Duration.ofMillis(250),
                0,
                0,
                2,
                Path.of("/srv/sextant/streams-a")));
    DerivedStreamsConfig derived = StreamsSettingsMapper.derived(config.streams());
    assertThat(derived.candles())
        .isEqualTo(
            CandleConfig.defaults()
                .withLiveEmitInterval(Duration.ZERO)
                .withGrace(Duration.ofMillis(500)));
    assertThat(derived.prices().staleAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(derived.prices().evictAfter()).isEqualTo(PriceConfig.defaults().evictAfter());
  }

  @Test
  void shouldTakeTheGuaranteeFromTheEnvironment() {
    SextantConfig config = load(Map.of("SEXTANT_STREAMS_GUARANTEE", "AT-LEAST-ONCE"));

    assertThat(StreamsSettingsMapper.settings(config.streams(), "b:9092", Path.of("d")).guarantee())
        .isEqualTo(ProcessingGuarantee.AT_LEAST_ONCE);
  }

  @Test
  void shouldRefuseAnUnknownGuaranteeListingTheValidOnes() {
    assertThatThrownBy(() -> load(Map.of("SEXTANT_STREAMS_GUARANTEE", "exactly_once")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid configuration: streams.guarantee: 'exactly_once' is not a processing"
                + " guarantee; valid: exactly_once_v2, at_least_once");
  }

  @ParameterizedTest
  @CsvSource({
    "commit-interval-ms, 0, 'streams.commit-interval-ms: must be at least 1, got 0'",
    "cache-max-bytes, -1, 'streams.cache-max-bytes: must be at least 0, got -1'",
    "standby-replicas, -1, 'streams.standby-replicas: must be at least 0, got -1'",
    "threads, 0, 'streams.threads: must be at least 1, got 0'",
    "live-emit-interval-ms, -5, 'streams.live-emit-interval-ms: must be at least 0, got -5'",
    "candle-grace-ms, -1, 'streams.candle-grace-ms: must be at least 0, got -1'",
    "candle-grace-ms, 604800001, 'streams.candle-grace-ms: at most 604800000 (7 days; a candle"
        + " waiting longer is not live data), got 604800001'",
    "price-stale-after-ms, 0, 'streams.price-stale-after-ms: must be at least 1, got 0'",
    "price-stale-after-ms, 1800001, 'streams.price-stale-after-ms: at most 1800000 (a silent"
        + " venue is evicted from the state after that long), got 1800001'",
    "application-id, 'a b', 'streams.application-id: letters, digits, ''.'', ''_'' and ''-''"
        + " (it prefixes the internal topics'' names), got ''a b'''",
  })
  void shouldRefuseAWrongValueNamingItsKey(String key, String value, String message)
      throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "streams:\n  " + key + ": '" + value + "'\n");

    assertThatThrownBy(() -> loader.load(Optional.of(file), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid configuration in " + file + ": " + message);
  }

  @Test
  void shouldRefuseAnUnknownKeyOfTheSection() {
    assertThatThrownBy(() -> fromFile("streams:\n  guarantees: at_least_once\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("unknown key 'streams.guarantees'");
  }

  @Test
  void shouldCheckTheSectionEvenWhenTheNodeDoesNotRunTheApplication() {
    assertThatThrownBy(
            () -> load(Map.of("SEXTANT_STREAMS_ENABLED", "false", "SEXTANT_STREAMS_THREADS", "0")))
        .hasMessageContaining("streams.threads: must be at least 1, got 0");
  }

  @Test
  void shouldPutTheStateUnderTheDataDirUnlessGivenOne() {
    SextantConfig.Streams streams = load(Map.of()).streams();

    assertThat(StreamsSettingsMapper.stateDir(streams, Path.of("var")))
        .isEqualTo(Path.of("var", "streams"));
    assertThat(StreamsSettingsMapper.stateDir(streams.withStateDir("/tmp/s2"), Path.of("var")))
        .isEqualTo(Path.of("/tmp/s2"));
  }
}
