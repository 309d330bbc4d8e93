package dev.sextant.deploy.config;

import dev.sextant.streams.kstreams.app.DerivedStreamsConfig;
import dev.sextant.streams.kstreams.app.ProcessingGuarantee;
import dev.sextant.streams.kstreams.app.StreamsSettings;
import dev.sextant.streams.kstreams.candle.CandleConfig;
import dev.sextant.streams.kstreams.news.NewsScoreConfig;
import dev.sextant.streams.kstreams.price.PriceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks the {@code streams} section and turns it into the application's {@link StreamsSettings}
 * and {@link DerivedStreamsConfig}; every error names the key ({@code streams.commit-interval-ms})
 * and what would be right.
 */
public final class StreamsSettingsMapper {

  /**
   * The application id prefixes the internal topics' names, so it takes the characters a topic name
   * may hold.
   */
  private static final Pattern APPLICATION_ID = Pattern.compile("[a-zA-Z0-9._-]+");

  /** Where the stores live when {@code streams.state-dir} is empty, under the data directory. */
  public static final String DEFAULT_STATE_SUBDIR = "streams";

  private StreamsSettingsMapper() {}

  /**
   * The application's settings against {@code bootstrapServers}, the state under {@code
   * streams.state-dir} or {@code <dataDir>/streams}.
   *
   * @throws IllegalArgumentException naming the key when a value is wrong
   */
  public static StreamsSettings settings(
      SextantConfig.Streams streams, String bootstrapServers, Path dataDir) {
    check(streams);
    return new StreamsSettings(
        streams.applicationId(),
        bootstrapServers,
        guarantee("streams.guarantee", streams.guarantee()),
        Duration.ofMillis(streams.commitIntervalMs()),
        streams.cacheMaxBytes(),
        streams.standbyReplicas(),
        streams.threads(),
        stateDir(streams, dataDir));
  }

  /**
   * The topologies' settings: the live defaults with the configured live emit interval, candle
   * grace and price staleness.
   *
   * @throws IllegalArgumentException naming the key when a value is wrong
   */
  public static DerivedStreamsConfig derived(SextantConfig.Streams streams) {
    check(streams);
    CandleConfig candles =
        CandleConfig.defaults()
            .withLiveEmitInterval(Duration.ofMillis(streams.liveEmitIntervalMs()))
            .withGrace(Duration.ofMillis(streams.candleGraceMs()));
    return new DerivedStreamsConfig(
        candles, prices(streams.priceStaleAfterMs()), NewsScoreConfig.defaults());
  }

  /** Where the stores live: {@code streams.state-dir}, or {@code <dataDir>/streams} if empty. */
  public static Path stateDir(SextantConfig.Streams streams, Path dataDir) {
    return streams.stateDir().isEmpty()
        ? dataDir.resolve(DEFAULT_STATE_SUBDIR)
        : Path.of(streams.stateDir());
  }

  /**
   * The guarantee written {@code text} (case and '-' or '_' do not matter).
   *
   * @param key the key or option the text comes from, for the error
   * @throws IllegalArgumentException naming {@code key} and the valid values
   */
  public static ProcessingGuarantee guarantee(String key, String text) {
    String normalized = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (ProcessingGuarantee g : ProcessingGuarantee.values()) {
      if (g.name().equals(normalized)) {
        return g;
      }
    }
    throw new IllegalArgumentException(
        key
            + ": '"
            + text
            + "' is not a processing guarantee; valid: "
            + String.join(", ", names()));
  }

  /** The guarantees as written in the configuration. */
  public static List<String> names() {
    return Arrays.stream(ProcessingGuarantee.values())
        .map(g -> g.name().toLowerCase(Locale.ROOT))
        .toList();
  }

  /**
   * Checks every key of the section.
   *
   * @throws IllegalArgumentException naming the first wrong key
   */
  public static void check(SextantConfig.Streams streams) {
    if (!APPLICATION_ID.matcher(streams.applicationId()).matches()) {
      throw new IllegalArgumentException(
          "streams.application-id: letters, digits, '.', '_' and '-' (it prefixes the internal"
              + " topics' names), got '"
              + streams.applicationId()
              + "'");
    }
    guarantee("streams.guarantee", streams.guarantee());
    atLeast("streams.commit-interval-ms", streams.commitIntervalMs(), 1);
    atLeast("streams.cache-max-bytes", streams.cacheMaxBytes(), 0);
    atLeast("streams.standby-replicas", streams.standbyReplicas(), 0);
    atLeast("streams.threads", streams.threads(), 1);
    atLeast("streams.live-emit-interval-ms", streams.liveEmitIntervalMs(), 0);
    atLeast("streams.candle-grace-ms", streams.candleGraceMs(), 0);
    long maxGrace = CandleConfig.MAX_WAIT.toMillis();
    if (streams.candleGraceMs() > maxGrace) {
      throw new IllegalArgumentException(
          "streams.candle-grace-ms: at most "
              + maxGrace
              + " (7 days; a candle waiting longer is not live data), got "
              + streams.candleGraceMs());
    }
    atLeast("streams.price-stale-after-ms", streams.priceStaleAfterMs(), 1);
    long evict = PriceConfig.defaults().evictAfter().toMillis();
    if (streams.priceStaleAfterMs() > evict) {
      throw new IllegalArgumentException(
          "streams.price-stale-after-ms: at most "
              + evict
              + " (a silent venue is evicted from the state after that long), got "
              + streams.priceStaleAfterMs());
    }
  }

  /** The live price defaults with another staleness. */
  private static PriceConfig prices(long staleAfterMs) {
    PriceConfig d = PriceConfig.defaults();
    return new PriceConfig(
        Duration.ofMillis(staleAfterMs),
        d.quoteFreshness(),
        d.volumeWindow(),
        d.volumeBuckets(),
        d.evictAfter(),
        d.maxFutureSkew(),
        d.madK(),
        d.madFloorBps(),
        d.priceScale(),
        d.storeName(),
        d.ratesStoreName(),
        d.namePrefix());
  }

  private static void atLeast(String key, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(key + ": must be at least " + min + ", got " + value);
    }
  }
}
