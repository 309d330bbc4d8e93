package dev.sextant.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.ingest.news.fetch.FetchLimits;
import dev.sextant.ingest.news.fetch.PollSchedule;
import dev.sextant.ingest.news.poll.NewsSourceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How {@code news} is read, defaulted and refused by key. */
class NewsSettingsTest {

  /** The major crypto news publishers' public feeds, by the name that becomes the source. */
  private static final Map<String, String> PUBLISHERS = publishers();

  private static Map<String, String> publishers() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("coindesk", "https://www.coindesk.com/arc/outboundfeeds/rss/");
    p.put("cointelegraph", "https://cointelegraph.com/rss");
    p.put("decrypt", "https://decrypt.co/feed");
    p.put("the-block", "https://www.theblock.co/rss.xml");
    p.put("bitcoin-magazine", "https://bitcoinmagazine.com/feed");
    p.put("cryptoslate", "https://cryptoslate.com/feed/");
    p.put("cryptopotato", "https://cryptopotato.com/feed/");
    p.put("the-defiant", "https://thedefiant.io/api/feed");
    p.put("blockworks", "https://blockworks.co/feed");
    p.put("u-today", "https://u.today/rss");
    return p;
  }

  private final ConfigLoader loader = new ConfigLoader();
  @TempDir Path dir;

  private NewsSourceConfig news(Map<String, String> env) {
    return loader.load(Optional.empty(), env).config().news().sourceConfig();
  }

  private SextantConfig.News fromFile(String yaml) throws IOException {
    Path file = dir.resolve("sextant.yaml");
    Files.writeString(file, yaml);
    return loader.load(Optional.of(file), Map.of()).config().news();
  }

  private static Map<String, URI> urls(NewsSourceConfig config) {
    return config.feeds().stream()
        .collect(
            Collectors.toMap(
                PollSchedule.Feed::name, PollSchedule.Feed::url, (a, b) -> a, LinkedHashMap::new));
  }

  @Test
  void shouldPollTheMajorPublishersEveryFiveMinutesWithTheDefaultLimits() {
    NewsSourceConfig news = news(Map.of());

    assertThat(news.sourceId()).isEqualTo(NewsSourceConfig.DEFAULT_SOURCE_ID).isEqualTo("news");
    // In name order, all enabled, each on the default interval.
    assertThat(urls(news))
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(
                PUBLISHERS.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> URI.create(e.getValue())))));
    assertThat(news.feeds())
        .allSatisfy(f -> assertThat(f.interval()).isEqualTo(Duration.ofMinutes(5)));
    assertThat(news.hostSpacing()).isEqualTo(Duration.ofSeconds(2));
    assertThat(news.limits()).isEqualTo(FetchLimits.DEFAULT);
    assertThat(NewsSettings.impoliteIntervals(news)).isEmpty();
  }

  @Test
  void shouldListEachPublisherByItsUrlInTheDefaultsFile() throws IOException {
    String yaml;
    try (InputStream in = ConfigLoader.class.getResourceAsStream("/sextant-defaults.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    PUBLISHERS.forEach(
        (name, url) ->
            assertThat(yaml)
                .as("the defaults name %s by its feed URL", name)
                .contains("    " + name + ":\n      url: " + url + "\n"));
    // The comment tells an operator that a feed's name is what its items carry as source.
    assertThat(yaml).contains("A feed's name is the `source` of its");
  }

  @Test
  void shouldLetTheEnvironmentTurnOffOneFeedAndChangeAnotherOnesInterval() {
    NewsSourceConfig news =
        news(
            Map.of(
                "SEXTANT_NEWS_FEEDS_COINDESK_ENABLED", "false",
                "SEXTANT_NEWS_FEEDS_THE_BLOCK_INTERVAL_SECONDS", "600",
                "SEXTANT_NEWS_DEFAULT_INTERVAL_SECONDS", "900"));

    assertThat(urls(news)).doesNotContainKey("coindesk").hasSize(PUBLISHERS.size() - 1);
    assertThat(news.feeds())
        .filteredOn(f -> f.name().equals("the-block"))
        .singleElement()
        .satisfies(f -> assertThat(f.interval()).isEqualTo(Duration.ofMinutes(10)));
    assertThat(news.feeds())
        .filteredOn(f -> f.name().equals("decrypt"))
        .singleElement()
        .satisfies(f -> assertThat(f.interval()).isEqualTo(Duration.ofMinutes(15)));
  }

  @Test
  void shouldTurnTheFetchLimitsIntoTheFetchersBounds() {
    NewsSourceConfig news =
        news(
            Map.of(
                "SEXTANT_NEWS_MAX_BYTES", "1048576",
                "SEXTANT_NEWS_CONNECT_TIMEOUT_MS", "1500",
                "SEXTANT_NEWS_TOTAL_TIMEOUT_MS", "8000",
                "SEXTANT_NEWS_MAX_REDIRECTS", "0",
                "SEXTANT_NEWS_HOST_SPACING_MS", "0"));

    assertThat(news.limits().maxBytes()).isEqualTo(1_048_576);
    assertThat(news.limits().connectTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(news.limits().totalTimeout()).isEqualTo(Duration.ofSeconds(8));
    assertThat(news.limits().maxRedirects()).isZero();
    assertThat(news.limits().userAgent()).isEqualTo(FetchLimits.DEFAULT.userAgent());
    assertThat(news.hostSpacing()).isZero();
  }

  @Test
  void shouldLetAFileAddAFeedByUrlAloneAndPollALocalFeedFasterThanPolite() throws IOException {
    SextantConfig.News news =
        fromFile(
            """
            news:
              feeds:
                my-blog:
                  url: https://blog.example.org/atom.xml
                local:
                  url: http://127.0.0.1:8000/feed.xml
                  interval-seconds: 1
                highest-port:
                  url: https://feeds.example.org:65535/rss
            """);

    NewsSourceConfig source = news.sourceConfig();
    assertThat(urls(source))
        .containsEntry("my-blog", URI.create("https://blog.example.org/atom.xml"))
        .containsEntry("local", URI.create("http://127.0.0.1:8000/feed.xml"))
        .containsEntry("highest-port", URI.create("https://feeds.example.org:65535/rss"))
        .hasSize(PUBLISHERS.size() + 3);
    assertThat(source.feeds())
        .filteredOn(f -> f.name().equals("my-blog"))
        .singleElement()
        .satisfies(f -> assertThat(f.interval()).isEqualTo(Duration.ofMinutes(5)));
    assertThat(NewsSettings.impoliteIntervals(source))
        .containsExactly("news feed 'local' is fetched every 1 s; publishers expect 30 s or more");
  }

  @Test
  void shouldNotCheckAFeedThatIsOffNorAnyFeedWhenNewsIsOff() throws IOException {
    SextantConfig.News news =
        fromFile(
            """
            news:
              feeds:
                parked:
                  url: "not a url"
                  enabled: false
            """);
    assertThat(urls(news.sourceConfig())).doesNotContainKey("parked");

    SextantConfig.News off =
        fromFile(
            """
            news:
              enabled: false
              feeds:
                broken:
                  url: ftp://feeds.example.org/
            """);
    assertThat(off.enabled()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          SEXTANT_NEWS_FEEDS_DECRYPT_URL            | ""                         | news.feeds.decrypt.url: an enabled feed needs its URL (http:// or https://)
          SEXTANT_NEWS_FEEDS_DECRYPT_URL            | ftp://decrypt.co/feed      | news.feeds.decrypt.url: 'ftp://decrypt.co/feed' is not an http:// or https:// URL
          SEXTANT_NEWS_FEEDS_DECRYPT_URL            | https:///feed              | news.feeds.decrypt.url: 'https:///feed' has no host
          SEXTANT_NEWS_FEEDS_DECRYPT_URL            | https://decrypt.co/a feed  | news.feeds.decrypt.url: 'https://decrypt.co/a feed' is not a URL
          SEXTANT_NEWS_FEEDS_DECRYPT_URL            | decrypt.co/feed            | news.feeds.decrypt.url: 'decrypt.co/feed' is not an http:// or https:// URL
          SEXTANT_NEWS_FEEDS_DECRYPT_URL            | https://decrypt.co:99999/feed | news.feeds.decrypt.url: 'https://decrypt.co:99999/feed' has port 99999, out of range (1 to 65535)
          SEXTANT_NEWS_FEEDS_DECRYPT_URL            | https://decrypt.co:65536/feed | news.feeds.decrypt.url: 'https://decrypt.co:65536/feed' has port 65536, out of range (1 to 65535)
          SEXTANT_NEWS_FEEDS_DECRYPT_URL            | http://decrypt.co:0/feed   | news.feeds.decrypt.url: 'http://decrypt.co:0/feed' has port 0, out of range (1 to 65535)
          SEXTANT_NEWS_FEEDS_DECRYPT_URL            | https://bücher.example/feed | news.feeds.decrypt.url: 'https://bücher.example/feed' has no host (write a non-ASCII host in its xn-- form)
          SEXTANT_NEWS_FEEDS_DECRYPT_INTERVAL_SECONDS | -5                       | news.feeds.decrypt.interval-seconds: 0 for news.default-interval-seconds (300), else at least 1; got -5
          SEXTANT_NEWS_DEFAULT_INTERVAL_SECONDS     | 0                          | news.default-interval-seconds: must be at least 1, got 0
          SEXTANT_NEWS_HOST_SPACING_MS              | -1                         | news.host-spacing-ms: must be 0 or more, got -1
          SEXTANT_NEWS_MAX_BYTES                    | 0                          | news.max-bytes: 1 to 67108864
          SEXTANT_NEWS_MAX_BYTES                    | 67108865                   | news.max-bytes: 1 to 67108864
          SEXTANT_NEWS_CONNECT_TIMEOUT_MS           | 0                          | news.connect-timeout-ms: must be at least 1, got 0
          SEXTANT_NEWS_TOTAL_TIMEOUT_MS             | 4999                       | news.total-timeout-ms: bounds the whole fetch, so at least news.connect-timeout-ms (5000), got 4999
          SEXTANT_NEWS_MAX_REDIRECTS                | -1                         | news.max-redirects: 0 to 20, got -1
          SEXTANT_NEWS_MAX_REDIRECTS                | 21                         | news.max-redirects: 0 to 20, got 21
          """)
  void shouldRefuseAWrongValueNamingItsKey(String variable, String value, String message) {
    assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of(variable, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid configuration: ")
        .hasMessageContaining(message);
  }

  @Test
  void shouldRefuseAFeedNameThatCannotBeASourceAndAnUnknownKeyNamingThem() throws IOException {
    Path file = dir.resolve("sextant.yaml");
    Files.writeString(file, "news:\n  feeds:\n    CoinDesk_Markets:\n      url: https://x.org/\n");
    assertThatThrownBy(() -> loader.load(Optional.of(file), Map.of()))
        .hasMessageContaining(file.toString())
        .hasMessageContaining(
            "news.feeds: 'CoinDesk_Markets' is not a feed name: lowercase letters, digits and '-'");

    Files.writeString(file, "news:\n  feeds:\n    coindesk:\n      link: https://x.org/\n");
    assertThatThrownBy(() -> loader.load(Optional.of(file), Map.of()))
        .hasMessageContaining("unknown key 'news.feeds.coindesk.link'");

    Files.writeString(file, "news:\n  interval: 60\n");
    assertThatThrownBy(() -> loader.load(Optional.of(file), Map.of()))
        .hasMessageContaining("unknown key 'news.interval'");
  }
}
