package dev.sextant.deploy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.news.NewsItems;
import dev.sextant.ingest.news.fetch.FeedFetcher;
import dev.sextant.ingest.news.fetch.FetchLimits;
import dev.sextant.ingest.news.fetch.FetchResult;
import dev.sextant.ingest.news.fetch.Validators;
import dev.sextant.ingest.news.parse.FeedParser;
import dev.sextant.ingest.news.parse.NewsEntry;
import dev.sextant.ingest.news.parse.ParsedFeed;
import dev.sextant.ingest.news.poll.NewsSourceConfig;
import dev.sextant.schemas.v1.NewsItem;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo's local news publishers: what they serve, and that it reads as the demo promises. */
class DemoNewsTest {

  /** After the stories' dates, so that every date is the feed's own. */
  private static final Instant FETCHED = Instant.parse("2026-11-03T00:00:00Z");

  private static final String SHARED_STORY =
      "https://ledgerwire.example/markets/2026/11/02/bitcoin-etf-record-inflows";

  private static DemoNews demo;
  private static HttpClient http;

  @BeforeAll
  static void start() throws IOException {
    demo = DemoNews.start();
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  static void stop() {
    http.close();
    demo.close();
  }

  private static DemoNews.Feed feed(String name) {
    return DemoNews.FEEDS.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }

  private static byte[] bundled(DemoNews.Feed feed) throws IOException {
    try (InputStream in = DemoNews.class.getResourceAsStream(feed.resource())) {
      return in.readAllBytes();
    }
  }

  private static HttpResponse<byte[]> get(URI url, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static ParsedFeed parse(DemoNews.Feed feed) throws IOException {
    return new FeedParser((int) FetchLimits.DEFAULT.maxBytes())
        .parse(bundled(feed), feed.name(), FETCHED);
  }

  @Test
  void shouldServeEachBundledFeedWithItsValidators() throws Exception {
    for (DemoNews.Feed feed : DemoNews.FEEDS) {
      HttpResponse<byte[]> response = get(demo.url(feed));

      assertThat(response.statusCode()).as(feed.name()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(bundled(feed));
      assertThat(response.headers().firstValue("Content-Type")).hasValue(feed.contentType());
      assertThat(response.headers().firstValue("ETag"))
          .hasValueSatisfying(etag -> assertThat(etag).matches("\"[0-9a-f]{16}\""));
      assertThat(response.headers().firstValue("Last-Modified"))
          .hasValue("Mon, 02 Nov 2026 14:05:00 GMT");
    }
  }

  @Test
  void shouldAnswer304ToAConditionalRequestThatMatches() throws Exception {
    URI url = demo.url(feed("block-bulletin"));
    String etag = get(url).headers().firstValue("ETag").orElseThrow();

    HttpResponse<byte[]> same = get(url, "If-None-Match", etag);
    assertThat(same.statusCode()).isEqualTo(304);
    assertThat(same.body()).isEmpty();
    assertThat(same.headers().firstValue("ETag")).hasValue(etag);
    assertThat(get(url, "If-None-Match", "\"other\", W/" + etag).statusCode()).isEqualTo(304);
    assertThat(get(url, "If-None-Match", "*").statusCode()).isEqualTo(304);
    assertThat(get(url, "If-Modified-Since", "Mon, 02 Nov 2026 14:05:00 GMT").statusCode())
        .isEqualTo(304);

    assertThat(get(url, "If-None-Match", "\"0000000000000000\"").statusCode()).isEqualTo(200);
    // If-None-Match decides when present (RFC 9110), even with a matching date.
    assertThat(
            get(
                    url,
                    "If-None-Match",
                    "\"0000000000000000\"",
                    "If-Modified-Since",
                    "Mon, 02 Nov 2026 14:05:00 GMT")
                .statusCode())
        .isEqualTo(200);
    assertThat(get(url, "If-Modified-Since", "Mon, 02 Nov 2026 14:04:59 GMT").statusCode())
        .isEqualTo(200);
    assertThat(get(url, "If-Modified-Since", "yesterday").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAnswer404ForAnythingButTheBundledFeedsAnd405ForAPost() throws Exception {
    URI feed = demo.url(feed("ledger-wire"));
    for (String path :
        List.of(
            "/",
            "/news/",
            "/news/other.xml",
            "/ledger-wire.xml",
            "/demo/news/ledger-wire.xml",
            "/news/../sextant-defaults.yaml",
            "/news/ledger-wire.xml/x")) {
      assertThat(get(feed.resolve(path)).statusCode()).as(path).isEqualTo(404);
    }
    HttpResponse<Void> post =
        http.send(
            HttpRequest.newBuilder(feed).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void shouldBeFetchedThenNotModifiedThroughThePollersFetcher() {
    try (FeedFetcher fetcher = new FeedFetcher(FetchLimits.DEFAULT, Clock.systemUTC())) {
      URI url = demo.url(feed("hash-herald"));

      FetchResult first = fetcher.fetch(url, new Validators(Optional.empty(), Optional.empty()));
      assertThat(first).isInstanceOf(FetchResult.Fetched.class);
      Validators validators = ((FetchResult.Fetched) first).validators();
      assertThat(validators.etag()).isPresent();
      assertThat(validators.lastModified()).isPresent();

      assertThat(fetcher.fetch(url, validators)).isInstanceOf(FetchResult.NotModified.class);
      assertThat(fetcher.fetch(url, new Validators(Optional.empty(), validators.lastModified())))
          .isInstanceOf(FetchResult.NotModified.class);
    }
  }

  @Test
  void shouldGiveTheNewsSourceOfItsFeedsOnLoopbackWithAShortIntervalUnderItsOwnSourceId() {
    NewsSourceConfig config = demo.config();

    // Not up's source: the demo's cursor and transactional id never meet the real feeds'.
    assertThat(config.sourceId())
        .isEqualTo("demo-news")
        .isNotEqualTo(NewsSourceConfig.DEFAULT_SOURCE_ID);
    assertThat(config.feeds())
        .extracting(f -> f.name())
        .containsExactly("ledger-wire", "block-bulletin", "hash-herald");
    assertThat(config.feeds())
        .allSatisfy(
            f -> {
              assertThat(f.url().getHost()).isEqualTo("127.0.0.1");
              assertThat(f.url().getPort()).isEqualTo(demo.url(feed(f.name())).getPort());
              assertThat(f.interval()).isEqualTo(Duration.ofSeconds(15));
            });
    assertThat(config.limits()).isEqualTo(FetchLimits.DEFAULT);
  }

  @Test
  void shouldBundleOneFeedOfEachFormatThatParsesWholeWithOneStoryInTwoFeeds() throws IOException {
    Map<String, Integer> expected =
        Map.of("ledger-wire", 10, "block-bulletin", 10, "hash-herald", 9);
    Map<String, String> root =
        Map.of(
            "ledger-wire", "<rss version=\"2.0\"",
            "block-bulletin", "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
            "hash-herald", "<rdf:RDF");
    Map<String, Set<String>> feedsByStory = new HashMap<>();
    for (DemoNews.Feed feed : DemoNews.FEEDS) {
      assertThat(new String(bundled(feed), StandardCharsets.UTF_8)).contains(root.get(feed.name()));
      ParsedFeed parsed = parse(feed);

      assertThat(parsed.problems()).as(feed.name()).isEmpty();
      assertThat(parsed.entries()).as(feed.name()).hasSize(expected.get(feed.name()));
      assertThat(parsed.entries()).allSatisfy(e -> assertThat(e.publishedFromFeed()).isTrue());
      assertThat(parsed.entries()).extracting(NewsEntry::id).doesNotHaveDuplicates();
      for (NewsEntry entry : parsed.entries()) {
        feedsByStory.computeIfAbsent(entry.url(), k -> new HashSet<>()).add(feed.name());
      }
    }
    Map<String, Set<String>> shared =
        feedsByStory.entrySet().stream()
            .filter(e -> e.getValue().size() > 1)
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(shared).containsOnly(Map.entry(SHARED_STORY, Set.of("ledger-wire", "hash-herald")));
    assertThat(feedsByStory).hasSize(10 + 10 + 9 - 1);
    assertThat(parse(feed("ledger-wire")).entries())
        .filteredOn(e -> e.url().equals(SHARED_STORY))
        .extracting(NewsEntry::id)
        .containsExactlyElementsOf(
            parse(feed("hash-herald")).entries().stream()
                .filter(e -> e.url().equals(SHARED_STORY))
                .map(NewsEntry::id)
                .toList());
  }

  @Test
  void shouldShowTaggingSentimentAndCleanUpOnTheBundledStories() throws IOException {
    NewsItems items = NewsItems.loadDefault();
    List<NewsItem> all = new ArrayList<>();
    String raw = "";
    for (DemoNews.Feed feed : DemoNews.FEEDS) {
      raw += new String(bundled(feed), StandardCharsets.UTF_8);
      for (NewsEntry entry : parse(feed).entries()) {
        all.add(items.item(entry, FETCHED, 0));
      }
    }

    assertThat(all.stream().flatMap(i -> i.getAssetsList().stream()).collect(Collectors.toSet()))
        .contains("BTC", "ETH", "SOL", "LINK", "TAO", "USDC", "USDT");
    assertThat(all.stream().flatMap(i -> i.getEntitiesList().stream()).collect(Collectors.toSet()))
        .contains("IREN", "Core Scientific");
    assertThat(all).anyMatch(i -> i.getSentiment() >= 0.5);
    assertThat(all).anyMatch(i -> i.getSentiment() <= -0.5);
    assertThat(all).anyMatch(i -> Math.abs(i.getSentiment()) < 0.1);
    // The files carry tracking parameters, HTML and a script; the items none of them.
    assertThat(raw).contains("utm_source=").contains("&lt;p&gt;").contains("&lt;script&gt;");
    assertThat(all).allSatisfy(i -> assertThat(i.getUrl()).doesNotContain("utm_"));
    assertThat(all)
        .allSatisfy(
            i ->
                assertThat(i.getSummary())
                    .isNotBlank()
                    .doesNotContain("<")
                    .doesNotContain("&lt;")
                    .doesNotContain("trackRead"));
    assertThat(all).allSatisfy(i -> assertThat(i.getAuthor()).isNotBlank());
  }
}
