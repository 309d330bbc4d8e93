package dev.sextant.deploy.news;

import static dev.sextant.ingest.news.testing.Story.ALPHA_ONLY;
import static dev.sextant.ingest.news.testing.Story.ALPHA_UPDATED;
import static dev.sextant.ingest.news.testing.Story.BETA_ONLY;
import static dev.sextant.ingest.news.testing.Story.SHARED_IN_ALPHA;
import static dev.sextant.ingest.news.testing.Story.SHARED_IN_BETA;
import static dev.sextant.ingest.news.testing.Story.rss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.sextant.deploy.kafka.EmbeddedKafka;
import dev.sextant.deploy.kafka.TestBroker;
import dev.sextant.ingest.kafka.CommittedReader;
import dev.sextant.ingest.news.NewsItems;
import dev.sextant.ingest.news.fetch.FeedFetcher;
import dev.sextant.ingest.news.fetch.FetchLimits;
import dev.sextant.ingest.news.fetch.HostResolver;
import dev.sextant.ingest.news.fetch.PollSchedule;
import dev.sextant.ingest.news.poll.KafkaPublishedNews;
import dev.sextant.ingest.news.poll.NewsIngestor;
import dev.sextant.ingest.news.poll.NewsSourceConfig;
import dev.sextant.ingest.news.poll.NewsStatus;
import dev.sextant.ingest.news.testing.FeedServer;
import dev.sextant.ingest.news.testing.Story;
import dev.sextant.ingest.sink.SinkConfig;
import dev.sextant.ingest.sink.TransactionalSink;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.DeadLetter;
import dev.sextant.schemas.v1.NewsItem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The news source on a real broker, against a real HTTP server that serves good feeds and hostile
 * ones: what a read_committed consumer sees on {@code news.items.v1} and {@code
 * ingest.deadletter.v1}, what the source counts, across an update and a restart that resumes
 * conditional GETs and honours the waits (backoff, {@code Retry-After}) committed before it.
 */
class NewsIngestIT {

  private static final Duration AWAIT = Duration.ofSeconds(30);
  private static final Duration FAST = Duration.ofMillis(300);

  /** Feeds fetched once per run: each run leaves exactly one outcome of theirs. */
  private static final Duration ONCE = Duration.ofHours(1);

  private static final int MAX_BYTES = 64 * 1024;
  private static final int RETRY_AFTER_SECONDS = 3;

  /** Each hostile feed and the reason its fetch fails or its body is refused with. */
  private static final Map<String, String> HOSTILE =
      orderedMap(
          "loop", "redirect_loop",
          "xxe", "doctype",
          "laughs", "doctype",
          "dtd", "doctype",
          "oversize", "too_large",
          "notxml", "not_xml",
          "encoding", "bad_encoding",
          "drip", "too_slow",
          "intranet", "forbidden_address");

  /** The reasons a body is refused with, counted as refusals; the others are fetch failures. */
  private static final Set<String> REFUSALS = Set.of("doctype", "not_xml", "bad_encoding");

  private static final String REFUSALS_METER = "sextant.news.refusals";
  private static final String FETCH_FAILURES_METER = "sextant.news.fetch.failures";

  /**
   * A public-looking name that stands for loopback, as a hostile DNS answer would make it. The feed
   * server's own address is judged public, so that the poller treats its feeds as the public feeds
   * they stand for, which may not lead it into loopback.
   */
  private static final String INTRANET = "intranet.example";

  private static final HostResolver RESOLVER =
      host ->
          switch (host) {
            case "127.0.0.1" -> List.of(InetAddress.getByName("93.184.215.14"));
            case INTRANET -> List.of(InetAddress.getLoopbackAddress());
            default -> HostResolver.SYSTEM.resolve(host);
          };

  private static final List<String> GOOD = List.of("alpha", "beta", "rdf", "atom");

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = TestBroker.start(dir);
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldPublishEachStoryOnceDeadLetterHostileFeedsAndResumeAfterARestart() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT");
    try (FeedServer server = new FeedServer()) {
      serve(server, secret);
      List<PollSchedule.Feed> feeds = feeds(server);

      // ---- first run: every feed once, the good ones to a 304, the rate-limited one twice
      Map<String, List<FeedServer.Request>> firstRun;
      try (Running run = new Running(feeds)) {
        await()
            .atMost(AWAIT)
            .until(
                () ->
                    GOOD.stream().allMatch(f -> run.notModified(f) >= 1)
                        && HOSTILE.keySet().stream()
                            .allMatch(f -> run.feed(f).lastFailure().isPresent())
                        && run.feed("broken").lastFailure().isPresent()
                        && server.requests("/limited").size() >= 2);
        // The publisher rewrites a story: an update, not a new story.
        server.feed("/alpha", rss(SHARED_IN_ALPHA, ALPHA_UPDATED));
        await().atMost(AWAIT).until(() -> run.feed("alpha").published() == 3);
        GOOD.forEach(f -> assertThat(run.feed(f).failuresInRow()).as(f).isZero());
        assertThat(run.status().phase()).isEqualTo(NewsStatus.Phase.POLLING);
        assertCounted(run);
      }
      firstRun = byPath(server.requests());
      List<NewsItem> afterFirstRun = items();

      // ---- restart on the same broker: the position and the published stories are read back
      try (Running run = new Running(feeds)) {
        await().atMost(AWAIT).until(() -> GOOD.stream().allMatch(f -> run.notModified(f) >= 1));
        assertThat(run.status().phase()).isEqualTo(NewsStatus.Phase.POLLING);
        // The hostile feeds' backoff (an hour: their interval) was committed with their failure.
        HOSTILE
            .keySet()
            .forEach(
                f ->
                    assertThat(run.feed(f).nextFetch())
                        .as(f)
                        .hasValueSatisfying(
                            at ->
                                assertThat(at)
                                    .isAfter(
                                        firstRun
                                            .get("/" + f)
                                            .getFirst()
                                            .at()
                                            .plus(Duration.ofMinutes(29)))));
      }

      List<NewsItem> items = items();
      assertTheExactItems(items);
      assertThat(items).as("nothing published again after the restart").isEqualTo(afterFirstRun);
      assertConditionalGets(server, firstRun);
      assertRetryAfterHonoured(server.requests("/limited"));
      assertDeadLetters(server, firstRun);
      assertThat(server.requests("/secret-admin")).as("no request behind the redirect").isEmpty();
    }
  }

  // ---- a batch Kafka refuses

  /** The feeds of the source whose producer takes small records only. */
  private static final Set<String> REFUSING_FEEDS = Set.of("steady", "bloated");

  /** The producer's largest request: a story fits, a story at every cap does not. */
  private static final int MAX_REQUEST_SIZE = 4_096;

  @Test
  void shouldDeadLetterAFeedWhoseBatchKafkaRefusesAndGoOnPublishingTheOthers() throws Exception {
    try (FeedServer server = new FeedServer()) {
      Story steady = new Story("https://news.test/steady", "Ether steady", "Nothing happens.");
      // Every field at its cap, in characters of three UTF-8 bytes: a record of about 8 KB.
      Story bloated =
          new Story(
              "https://news.test/bloated", "\u20ac".repeat(499), "\u20ac\u20ac\u20ac ".repeat(600));
      server.feed("/steady", rss(steady));
      server.feed("/bloated", rss(bloated));
      List<PollSchedule.Feed> feeds =
          List.of(
              new PollSchedule.Feed("bloated", server.uri("/bloated"), ONCE),
              new PollSchedule.Feed("steady", server.uri("/steady"), FAST));

      try (Running run =
          new Running(
              "news-refusing",
              feeds,
              Map.of("max.request.size", String.valueOf(MAX_REQUEST_SIZE)))) {
        await()
            .atMost(AWAIT)
            .until(
                () -> run.feed("bloated").failuresInRow() >= 1 && run.notModified("steady") >= 1);
        NewsStatus status = run.status();
        assertThat(status.phase()).isEqualTo(NewsStatus.Phase.POLLING);
        assertThat(status.retryingSince()).isEmpty();
        NewsStatus.Feed refused = run.feed("bloated");
        assertThat(refused.lastFailure())
            .hasValueSatisfying(f -> assertThat(f).startsWith("kafka_refused: "));
        // Backed off from its hour's interval: not fetched again and refused in a loop.
        assertThat(refused.nextFetch())
            .hasValueSatisfying(
                at ->
                    assertThat(at)
                        .isAfter(
                            server
                                .requests("/bloated")
                                .getLast()
                                .at()
                                .plus(Duration.ofMinutes(29))));
        assertThat(server.requests("/bloated")).hasSize(1);
        assertThat(run.feed("steady").failuresInRow()).isZero();
        // Refused for what it is: never taken for the sink's failure.
        assertThat(run.meters.find("sextant.news.source.failures").counters()).isEmpty();
      }

      assertThat(allItems())
          .filteredOn(i -> REFUSING_FEEDS.contains(i.getSource()))
          .extracting(NewsItem::getUrl)
          .containsExactly("https://news.test/steady");
      assertThat(deadLetters())
          .filteredOn(l -> l.getSource().equals("news-bloated"))
          .singleElement()
          .satisfies(
              l -> {
                assertThat(l.getErrorKind()).isEqualTo("kafka_refused");
                assertThat(l.getError()).contains("RecordTooLargeException", "max.request.size");
                assertThat(l.getRaw().isEmpty()).isTrue();
                assertThat(l.getLocation()).isEqualTo(server.uri("/bloated").toString());
              });
    }
  }

  /** Each hostile feed was fetched once in the run, and counted once under its reason. */
  private static void assertCounted(Running run) {
    HOSTILE.forEach(
        (feed, reason) -> {
          boolean refusal = REFUSALS.contains(reason);
          assertThat(run.counter(refusal ? REFUSALS_METER : FETCH_FAILURES_METER, feed, reason))
              .as(feed)
              .isEqualTo(1);
          assertThat(run.counters(refusal ? FETCH_FAILURES_METER : REFUSALS_METER, feed))
              .as(feed)
              .isZero();
        });
    assertThat(run.counter(FETCH_FAILURES_METER, "limited", "rate_limited"))
        .isGreaterThanOrEqualTo(2);
    assertThat(run.counter(FETCH_FAILURES_METER, "broken", "http_status"))
        .isGreaterThanOrEqualTo(1);
    for (String good : GOOD) {
      assertThat(run.counters(FETCH_FAILURES_METER, good) + run.counters(REFUSALS_METER, good))
          .as(good)
          .isZero();
    }
  }

  // ---- the feeds

  private static List<PollSchedule.Feed> feeds(FeedServer server) {
    List<PollSchedule.Feed> feeds = new ArrayList<>();
    for (String name : GOOD) {
      feeds.add(new PollSchedule.Feed(name, server.uri("/" + name), FAST));
    }
    feeds.add(new PollSchedule.Feed("limited", server.uri("/limited"), FAST));
    feeds.add(new PollSchedule.Feed("broken", server.uri("/broken"), FAST));
    for (String name : HOSTILE.keySet()) {
      feeds.add(new PollSchedule.Feed(name, server.uri("/" + name), ONCE));
    }
    return feeds;
  }

  private static void serve(FeedServer server, Path secret) throws IOException {
    server.feed("/alpha", rss(SHARED_IN_ALPHA, ALPHA_ONLY));
    server.feed("/beta", rss(SHARED_IN_BETA, BETA_ONLY));
    server.feed("/rdf", resource("rss10.rdf"), "application/rdf+xml");
    // A moved feed: 301, then 302, then the feed.
    server.redirect("/atom", 301, "/atom-moved");
    server.redirect("/atom-moved", 302, server.uri("/feeds/atom.xml").toString());
    server.feed("/feeds/atom.xml", resource("atom.xml"), "application/atom+xml");
    server.status("/limited", 429, Map.of("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)));
    server.status("/broken", 500, Map.of());
    server.redirect(
        "/intranet", 302, "http://" + INTRANET + ":" + server.uri("/").getPort() + "/secret-admin");
    server.feed(
        "/secret-admin", "<rss version=\"2.0\"><channel><title>admin</title></channel></rss>");
    server.redirect("/loop", 302, "/loop-b");
    server.redirect("/loop-b", 307, "/loop");
    server.feed(
        "/xxe",
        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \""
            + secret.toUri()
            + "\">]><rss version=\"2.0\"><channel><title>&xxe;</title><item><title>&xxe;</title>"
            + "<link>https://news.test/xxe</link></item></channel></rss>");
    server.feed("/laughs", billionLaughs());
    server.feed(
        "/dtd",
        "<?xml version=\"1.0\"?><!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS"
            + " 0.91//EN\" \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">"
            + "<rss version=\"0.91\"><channel><title>T</title><item><title>x</title>"
            + "<link>https://news.test/dtd</link></item></channel></rss>");
    StringBuilder big = new StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>");
    while (big.length() <= 2 * MAX_BYTES) {
      big.append("<item><title>x</title><link>https://news.test/big</link></item>");
    }
    server.feed("/oversize", big.append("</channel></rss>").toString());
    server.feed("/notxml", "{\"items\":[{\"title\":\"Bitcoin\"}]}".getBytes(), "application/json");
    ByteArrayOutputStream broken = new ByteArrayOutputStream();
    broken.writeBytes(
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>")
            .getBytes(StandardCharsets.UTF_8));
    broken.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
    broken.writeBytes("</title></channel></rss>".getBytes(StandardCharsets.UTF_8));
    server.feed("/encoding", broken.toByteArray(), "application/rss+xml; charset=utf-8");
    server.drip(
        "/drip",
        rss(new Story("https://news.test/drip", "Slow", "Slow.")).getBytes(StandardCharsets.UTF_8),
        Duration.ofMillis(50));
  }

  private static String billionLaughs() {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    dtd.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">");
    for (int i = 2; i <= 9; i++) {
      dtd.append("<!ENTITY lol").append(i).append(" \"");
      dtd.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
    }
    return "<?xml version=\"1.0\"?>"
        + dtd.append("]>")
        + "<rss version=\"2.0\"><channel><title>&lol9;</title></channel></rss>";
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = NewsIngestIT.class.getResourceAsStream("/news/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  // ---- what was published

  /** One expected NewsItem. */
  private record Expected(String url, int revision, String source, String title) {}

  private static void assertTheExactItems(List<NewsItem> items) throws Exception {
    assertThat(items)
        .extracting(i -> new Expected(i.getUrl(), i.getRevision(), i.getSource(), i.getTitle()))
        .containsExactlyInAnyOrder(
            new Expected("https://news.test/eth-etf", 0, "alpha", "Ether ETF approved"),
            new Expected("https://news.test/btc-record", 0, "alpha", "Bitcoin hits a record"),
            new Expected(
                "https://news.test/btc-record",
                1,
                "alpha",
                "Bitcoin hits a record, then gives it back"),
            new Expected("https://news.test/sol-outage", 0, "beta", "Solana halts for an hour"),
            new Expected(
                "https://news.example.org/2024/05/eth-upgrade?id=7",
                0,
                "rdf",
                "Ether & staking: upgrade ships"),
            new Expected("https://news.example.org/2024/05/no-date", 0, "rdf", "Undated item"),
            new Expected(
                "https://atom.example.com/posts/hashrate?page=2",
                0,
                "atom",
                "Bitcoin hashrate hits a record"),
            new Expected("https://atom.example.com/posts/relative", 0, "atom", "Only updated"),
            new Expected("https://atom.example.com/posts/by-id", 0, "atom", "Id is the link"));
    for (NewsItem item : items) {
      assertThat(item.getId()).as(item.getUrl()).isEqualTo(sha256Hex(item.getUrl()));
    }
    Map<String, List<String>> assets = new LinkedHashMap<>();
    items.forEach(i -> assets.put(i.getUrl(), i.getAssetsList()));
    assertThat(assets.get("https://news.test/eth-etf")).containsExactly("ETH");
    assertThat(assets.get("https://news.test/btc-record")).containsExactly("BTC");
    assertThat(assets.get("https://news.test/sol-outage")).containsExactly("SOL");
    assertThat(assets.get("https://news.example.org/2024/05/eth-upgrade?id=7"))
        .containsExactly("ETH");
    assertThat(assets.get("https://atom.example.com/posts/hashrate?page=2")).containsExactly("BTC");
    assertThat(assets.get("https://atom.example.com/posts/by-id")).isEmpty();
    NewsItem shared =
        items.stream().filter(i -> i.getUrl().endsWith("/eth-etf")).findFirst().orElseThrow();
    assertThat(shared.getSummary()).isEqualTo(SHARED_IN_ALPHA.summary());
  }

  private static void assertConditionalGets(
      FeedServer server, Map<String, List<FeedServer.Request>> firstRun) {
    for (String path : List.of("/alpha", "/beta", "/rdf", "/feeds/atom.xml")) {
      List<FeedServer.Request> all = server.requests(path);
      List<FeedServer.Request> first = firstRun.get(path);
      assertThat(first.getFirst().conditional()).as(path + " first asked in full").isFalse();
      // Every later request sent the validators back, the first after the restart included.
      assertThat(all.subList(1, all.size()))
          .as(path)
          .allSatisfy(r -> assertThat(r.ifNoneMatch()).isPresent());
      // The validators of the body last taken, committed with it: the server answers 304.
      FeedServer.Request resumed = all.get(first.size());
      assertThat(resumed.ifNoneMatch()).as(path).contains(server.etag(path));
    }
  }

  /** No request to the rate-limited feed before its Retry-After, across the restart too. */
  private static void assertRetryAfterHonoured(List<FeedServer.Request> limited) {
    assertThat(limited).hasSizeGreaterThanOrEqualTo(2);
    for (int i = 1; i < limited.size(); i++) {
      assertThat(limited.get(i).at())
          .as("request %d to /limited", i)
          .isAfterOrEqualTo(limited.get(i - 1).at().plusSeconds(RETRY_AFTER_SECONDS));
    }
  }

  private static void assertDeadLetters(
      FeedServer server, Map<String, List<FeedServer.Request>> firstRun) throws Exception {
    Map<String, List<DeadLetter>> letters = new LinkedHashMap<>();
    for (DeadLetter letter : deadLetters()) {
      letters.computeIfAbsent(letter.getSource(), s -> new ArrayList<>()).add(letter);
    }
    HOSTILE.forEach(
        (feed, reason) -> {
          // Fetched once: after the restart the feed waits out the backoff it committed.
          assertThat(firstRun.get("/" + feed)).as(feed).hasSize(1);
          assertThat(server.requests("/" + feed)).as(feed).hasSize(1);
          assertThat(letters.get("news-" + feed))
              .as(feed)
              .singleElement()
              .satisfies(
                  l -> {
                    assertThat(l.getErrorKind()).isEqualTo(reason);
                    assertThat(l.getLocation()).contains("127.0.0.1");
                  });
        });
    assertThat(letters.get("news-intranet"))
        .singleElement()
        .satisfies(l -> assertThat(l.getError()).contains(INTRANET, "loopback"));
    assertThat(letters.get("news-xxe"))
        .allSatisfy(
            l -> {
              assertThat(l.getError()).doesNotContain("TOP-SECRET-CONTENT");
              assertThat(l.getRaw().toStringUtf8()).doesNotContain("TOP-SECRET-CONTENT");
            });
    assertThat(letters.get("news-limited"))
        .hasSize(server.requests("/limited").size())
        .allSatisfy(l -> assertThat(l.getErrorKind()).isEqualTo("rate_limited"));
    assertThat(letters.get("news-broken"))
        .hasSize(server.requests("/broken").size())
        .allSatisfy(l -> assertThat(l.getErrorKind()).isEqualTo("http_status"));
    for (String good : GOOD) {
      assertThat(letters).doesNotContainKey("news-" + good);
    }
  }

  /** The items published by the feeds of the first test (the topic is shared). */
  private static List<NewsItem> items() throws InvalidProtocolBufferException {
    return allItems().stream().filter(i -> !REFUSING_FEEDS.contains(i.getSource())).toList();
  }

  private static List<NewsItem> allItems() throws InvalidProtocolBufferException {
    List<NewsItem> items = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records(Topics.NEWS_ITEMS.name())) {
      NewsItem item = NewsItem.parseFrom(record.value());
      assertThat(record.key()).isEqualTo(item.getId());
      items.add(item);
    }
    return items;
  }

  private static List<DeadLetter> deadLetters() throws InvalidProtocolBufferException {
    List<DeadLetter> letters = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records(Topics.INGEST_DEADLETTER.name())) {
      DeadLetter letter = DeadLetter.parseFrom(record.value());
      if (letter.getSource().startsWith("news-")) {
        letters.add(letter);
      }
    }
    return letters;
  }

  /** Every committed record of {@code topic}, partition by partition. */
  private static List<ConsumerRecord<String, byte[]>> records(String topic) {
    return CommittedReader.readAll(
        kafka.bootstrapServers(), "news-it", topic, Duration.ofSeconds(20));
  }

  private static Map<String, List<FeedServer.Request>> byPath(List<FeedServer.Request> requests) {
    Map<String, List<FeedServer.Request>> byPath = new LinkedHashMap<>();
    for (FeedServer.Request request : requests) {
      byPath.computeIfAbsent(request.path(), p -> new ArrayList<>()).add(request);
    }
    return byPath;
  }

  private static String sha256Hex(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static Map<String, String> orderedMap(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  // ---- one run of the source

  /** A news source on the broker, on its own thread, owning its sink and fetcher. */
  private static final class Running implements AutoCloseable {
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final NewsIngestor ingestor;
    final TransactionalSink sink;
    final FeedFetcher fetcher;
    final Thread thread;
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    Running(List<PollSchedule.Feed> feeds) {
      this(NewsSourceConfig.DEFAULT_SOURCE_ID, feeds, Map.of());
    }

    Running(String sourceId, List<PollSchedule.Feed> feeds, Map<String, String> producer) {
      FetchLimits limits =
          new FetchLimits(MAX_BYTES, Duration.ofSeconds(2), Duration.ofSeconds(2), 5, "it");
      NewsSourceConfig config =
          new NewsSourceConfig(sourceId, feeds, Duration.ofMillis(20), limits);
      sink =
          new TransactionalSink(
              kafka.bootstrapServers(),
              new SinkConfig(
                  config.sourceId(),
                  500,
                  Duration.ofMillis(5),
                  Duration.ofSeconds(30),
                  Duration.ofSeconds(2),
                  producer));
      fetcher = new FeedFetcher(limits, Clock.systemUTC(), RESOLVER);
      ingestor =
          new NewsIngestor(
              config,
              fetcher,
              sink,
              new KafkaPublishedNews(kafka.bootstrapServers()),
              NewsItems.loadDefault(),
              meters,
              Clock.systemUTC());
      thread =
          Thread.ofPlatform()
              .name("news-it")
              .start(
                  () -> {
                    try {
                      ingestor.run();
                    } catch (Throwable e) {
                      failure.set(e);
                    }
                  });
    }

    NewsStatus status() {
      if (failure.get() != null) {
        throw new AssertionError("the news source failed", failure.get());
      }
      return ingestor.status();
    }

    NewsStatus.Feed feed(String name) {
      return status().feeds().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    double notModified(String feed) {
      var counter = meters.find("sextant.news.not.modified").tag("feed", feed).counter();
      return counter == null ? 0 : counter.count();
    }

    /** The count of {@code meter} for {@code feed} and {@code reason}. */
    double counter(String meter, String feed, String reason) {
      var counter = meters.find(meter).tag("feed", feed).tag("reason", reason).counter();
      return counter == null ? 0 : counter.count();
    }

    /** The count of {@code meter} for {@code feed}, all reasons together. */
    double counters(String meter, String feed) {
      return meters.find(meter).tag("feed", feed).counters().stream()
          .mapToDouble(c -> c.count())
          .sum();
    }

    @Override
    public void close() throws InterruptedException {
      ingestor.close();
      thread.join(AWAIT);
      fetcher.close();
      sink.close();
      assertThat(thread.isAlive()).as("run() returned").isFalse();
      if (failure.get() != null) {
        throw new AssertionError("the news source failed", failure.get());
      }
      assertThat(ingestor.status().phase()).isEqualTo(NewsStatus.Phase.STOPPED);
    }
  }
}
