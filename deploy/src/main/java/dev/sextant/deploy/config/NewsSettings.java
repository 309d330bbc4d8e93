package dev.sextant.deploy.config;

import dev.sextant.ingest.news.fetch.FetchLimits;
import dev.sextant.ingest.news.fetch.PollSchedule;
import dev.sextant.ingest.news.poll.NewsSourceConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks the {@code news} section and turns it into the poller's {@link NewsSourceConfig}; every
 * error names the key ({@code news.feeds.<name>.url}) and what would be right.
 */
public final class NewsSettings {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  /**
   * The largest {@code max-bytes}: a feed body is held in memory while it is parsed, and no real
   * feed comes near this.
   */
  static final long MAX_BYTES_LIMIT = 64L * 1024 * 1024;

  /** More redirects than this is a loop in all but name. */
  static final int MAX_REDIRECTS_LIMIT = 20;

  /**
   * Below this a feed is fetched more often than publishers expect (their own {@code ttl} and
   * {@code sy:updatePeriod} are minutes to hours); allowed, for local feeds and demos, with a
   * warning.
   */
  public static final Duration POLITE_INTERVAL = Duration.ofSeconds(30);

  private NewsSettings() {}

  /**
   * The poller's configuration: the enabled feeds in name order, the fetch limits and the host
   * spacing.
   *
   * @throws IllegalArgumentException naming the key when a value is wrong
   */
  public static NewsSourceConfig toSourceConfig(SextantConfig.News news) {
    FetchLimits limits = limits(news);
    if (news.hostSpacingMs() < 0) {
      throw new IllegalArgumentException(
          "news.host-spacing-ms: must be 0 or more, got " + news.hostSpacingMs());
    }
    if (news.defaultIntervalSeconds() < 1) {
      throw new IllegalArgumentException(
          "news.default-interval-seconds: must be at least 1, got "
              + news.defaultIntervalSeconds());
    }
    List<PollSchedule.Feed> feeds = new ArrayList<>();
    for (Map.Entry<String, SextantConfig.NewsFeed> e : new TreeMap<>(news.feeds()).entrySet()) {
      if (e.getValue().enabled()) {
        feeds.add(feed(e.getKey(), e.getValue(), news.defaultIntervalSeconds()));
      }
    }
    return new NewsSourceConfig(
        NewsSourceConfig.DEFAULT_SOURCE_ID, feeds, Duration.ofMillis(news.hostSpacingMs()), limits);
  }

  /**
   * The bounds on each fetch.
   *
   * @throws IllegalArgumentException naming the key when a value is wrong
   */
  public static FetchLimits limits(SextantConfig.News news) {
    if (news.maxBytes() < 1 || news.maxBytes() > MAX_BYTES_LIMIT) {
      throw new IllegalArgumentException(
          "news.max-bytes: 1 to "
              + MAX_BYTES_LIMIT
              + " (64 MiB; a feed is held in memory while parsed), got "
              + news.maxBytes());
    }
    if (news.connectTimeoutMs() < 1) {
      throw new IllegalArgumentException(
          "news.connect-timeout-ms: must be at least 1, got " + news.connectTimeoutMs());
    }
    if (news.totalTimeoutMs() < news.connectTimeoutMs()) {
      throw new IllegalArgumentException(
          "news.total-timeout-ms: bounds the whole fetch, so at least news.connect-timeout-ms ("
              + news.connectTimeoutMs()
              + "), got "
              + news.totalTimeoutMs());
    }
    if (news.maxRedirects() < 0 || news.maxRedirects() > MAX_REDIRECTS_LIMIT) {
      throw new IllegalArgumentException(
          "news.max-redirects: 0 to " + MAX_REDIRECTS_LIMIT + ", got " + news.maxRedirects());
    }
    return new FetchLimits(
        news.maxBytes(),
        Duration.ofMillis(news.connectTimeoutMs()),
        Duration.ofMillis(news.totalTimeoutMs()),
        news.maxRedirects(),
        FetchLimits.DEFAULT.userAgent());
  }

  /** One line per feed fetched more often than {@link #POLITE_INTERVAL}, for the start-up log. */
  public static List<String> impoliteIntervals(NewsSourceConfig config) {
    return config.feeds().stream()
        .filter(f -> f.interval().compareTo(POLITE_INTERVAL) < 0)
        .map(
            f ->
                "news feed '"
                    + f.name()
                    + "' is fetched every "
                    + f.interval().toSeconds()
                    + " s; publishers expect "
                    + POLITE_INTERVAL.toSeconds()
                    + " s or more")
        .toList();
  }

  private static PollSchedule.Feed feed(
      String name, SextantConfig.NewsFeed feed, int defaultIntervalSeconds) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "news.feeds: '"
              + name
              + "' is not a feed name: lowercase letters, digits and '-' (e.g. coindesk,"
              + " the-block); it is the source of the feed's items");
    }
    String at = "news.feeds." + name + ".";
    URI url = url(at + "url", feed.url());
    if (feed.intervalSeconds() < 0) {
      throw new IllegalArgumentException(
          at
              + "interval-seconds: 0 for news.default-interval-seconds ("
              + defaultIntervalSeconds
              + "), else at least 1; got "
              + feed.intervalSeconds());
    }
    int seconds = feed.intervalSeconds() == 0 ? defaultIntervalSeconds : feed.intervalSeconds();
    return new PollSchedule.Feed(name, url, Duration.ofSeconds(seconds));
  }

  private static URI url(String key, String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException(
          key + ": an enabled feed needs its URL (http:// or https://)");
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          key + ": '" + text + "' is not a URL: " + e.getReason(), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          key + ": '" + text + "' is not an http:// or https:// URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      // java.net.URI reads no host from a name with non-ASCII letters: say how to write one.
      boolean ascii = text.chars().allMatch(c -> c < 0x80);
      throw new IllegalArgumentException(
          key
              + ": '"
              + text
              + "' has no host"
              + (ascii ? "" : " (write a non-ASCII host in its xn-- form)"));
    }
    // java.net.URI reads any number as the port; the HTTP client would refuse it on every fetch.
    int port = uri.getPort();
    if (port == 0 || port > 65_535) {
      throw new IllegalArgumentException(
          key + ": '" + text + "' has port " + port + ", out of range (1 to 65535)");
    }
    return uri;
  }
}
