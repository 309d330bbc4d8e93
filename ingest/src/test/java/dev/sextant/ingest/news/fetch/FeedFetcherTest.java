package dev.sextant.ingest.news.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sextant.ingest.news.fetch.FetchResult.Failed;
import dev.sextant.ingest.news.fetch.FetchResult.Fetched;
import dev.sextant.ingest.news.fetch.FetchResult.NotModified;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fetcher against a real HTTP server on loopback, one behaviour per path. */
class FeedFetcherTest {

  private static final String FEED =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title></channel></rss>";
  private static final String ETAG = "\"v1\"";
  private static final String LAST_MODIFIED = "Tue, 24 Nov 2026 10:00:00 GMT";

  private HttpServer server;
  private final List<String> conditionalHeaders = new CopyOnWriteArrayList<>();
  private FeedFetcher fetcher;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/feed", this::feed);
    server.createContext("/limited", e -> empty(e, 429, "Retry-After", "7"));
    server.createContext("/broken", e -> empty(e, 500, null, null));
    server.createContext("/hop1", e -> empty(e, 301, "Location", "/hop2"));
    server.createContext("/hop2", e -> empty(e, 302, "Location", base() + "/feed"));
    server.createContext("/loop-a", e -> empty(e, 302, "Location", "/loop-b"));
    server.createContext("/loop-b", e -> empty(e, 307, "Location", "/loop-a"));
    server.createContext("/to-file", e -> empty(e, 302, "Location", "file:///etc/passwd"));
    server.createContext("/no-location", e -> empty(e, 302, null, null));
    server.createContext("/big", e -> body(e, "x".repeat(5_000)));
    server.createContext("/drip", this::drip);
    server.createContext(
        "/to-internal-name",
        e -> empty(e, 302, "Location", "http://intranet.example:" + port() + "/feed"));
    server.createContext(
        "/to-metadata", e -> empty(e, 302, "Location", "http://169.254.169.254/latest/meta-data/"));
    server.createContext("/to-private", e -> empty(e, 307, "Location", "http://10.1.2.3/feed"));
    server.createContext("/to-ula", e -> empty(e, 301, "Location", "http://[fd00::7]/feed"));
    server.start();
    fetcher =
        new FeedFetcher(
            new FetchLimits(1_000, Duration.ofSeconds(2), Duration.ofSeconds(1), 3, "Sextant-test"),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    fetcher.close();
    server.stop(0);
  }

  @Test
  void shouldFetchAFeedWithItsValidatorsThenAnswerNotModifiedToThem() {
    FetchResult first = fetcher.fetch(uri("/feed"), Validators.NONE);

    assertThat(first).isInstanceOf(Fetched.class);
    Fetched fetched = (Fetched) first;
    assertThat(new String(fetched.body(), StandardCharsets.UTF_8)).isEqualTo(FEED);
    assertThat(fetched.contentType()).contains("application/rss+xml; charset=utf-8");
    assertThat(fetched.validators())
        .isEqualTo(new Validators(Optional.of(ETAG), Optional.of(LAST_MODIFIED)));

    assertThat(fetcher.fetch(uri("/feed"), fetched.validators())).isInstanceOf(NotModified.class);
    assertThat(conditionalHeaders).containsExactly("none", ETAG + " | " + LAST_MODIFIED);
  }

  @Test
  void shouldFetchUnconditionallyWhenAKeptValidatorCannotBeSent() {
    // Validators are kept across restarts; one the client refuses to send must not stop the feed.
    Validators unsendable = new Validators(Optional.of("\"v\u0001\""), Optional.of("\u0100"));

    FetchResult result = fetcher.fetch(uri("/feed"), unsendable);

    assertThat(result).isInstanceOf(Fetched.class);
    assertThat(conditionalHeaders).containsExactly("none");
  }

  @Test
  void shouldReportAUrlTheClientCannotRequestInsteadOfThrowing() {
    for (String url : List.of("http://127.0.0.1:99999/feed", "http:///feed")) {
      Failed failed = (Failed) fetcher.fetch(URI.create(url), Validators.NONE);

      assertThat(failed.reason()).as(url).isEqualTo(FetchFailure.CONNECTION);
      assertThat(failed.message()).as(url).contains(url);
    }
  }

  @Test
  void shouldConnectDirectlyWhateverTheJvmsDefaultProxySelectorSays() throws IOException {
    // A proxy would resolve names itself, out of reach of the redirect address check.
    try (ServerSocket proxy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ProxySelector previous = ProxySelector.getDefault();
      FeedFetcher direct;
      ProxySelector.setDefault(ProxySelector.of((InetSocketAddress) proxy.getLocalSocketAddress()));
      try {
        direct =
            new FeedFetcher(
                new FetchLimits(1_000, Duration.ofSeconds(2), Duration.ofSeconds(1), 3, "t"),
                Clock.systemUTC());
      } finally {
        ProxySelector.setDefault(previous);
      }
      try (direct) {
        assertThat(direct.fetch(uri("/feed"), Validators.NONE)).isInstanceOf(Fetched.class);
      }
      assertThat(conditionalHeaders).containsExactly("none");
    }
  }

  @Test
  void shouldReportARateLimitWithTheWaitAskedFor() {
    Failed failed = (Failed) fetcher.fetch(uri("/limited"), Validators.NONE);

    assertThat(failed.reason()).isEqualTo(FetchFailure.RATE_LIMITED);
    assertThat(failed.status()).isEqualTo(429);
    assertThat(failed.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void shouldReportAServerError() {
    Failed failed = (Failed) fetcher.fetch(uri("/broken"), Validators.NONE);

    assertThat(failed.reason()).isEqualTo(FetchFailure.HTTP_STATUS);
    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.retryAfter()).isEmpty();
  }

  @Test
  void shouldFollowRedirectsToTheFeed() {
    Fetched fetched = (Fetched) fetcher.fetch(uri("/hop1"), Validators.NONE);

    assertThat(fetched.url()).isEqualTo(uri("/feed"));
    assertThat(new String(fetched.body(), StandardCharsets.UTF_8)).isEqualTo(FEED);
  }

  @Test
  void shouldRefuseARedirectLoop() {
    Failed failed = (Failed) fetcher.fetch(uri("/loop-a"), Validators.NONE);

    assertThat(failed.reason()).isEqualTo(FetchFailure.REDIRECT_LOOP);
    assertThat(failed.message()).contains("/loop-b -> " + base() + "/loop-a");
  }

  @Test
  void shouldRefuseRedirectsOutsideHttpAndWithoutALocation() {
    Failed toFile = (Failed) fetcher.fetch(uri("/to-file"), Validators.NONE);
    Failed nowhere = (Failed) fetcher.fetch(uri("/no-location"), Validators.NONE);

    assertThat(toFile.reason()).isEqualTo(FetchFailure.BAD_REDIRECT);
    assertThat(toFile.message()).contains("file:///etc/passwd");
    assertThat(nowhere.reason()).isEqualTo(FetchFailure.BAD_REDIRECT);
  }

  @Test
  void shouldRefuseABodyOverTheLimit() {
    Failed failed = (Failed) fetcher.fetch(uri("/big"), Validators.NONE);

    assertThat(failed.reason()).isEqualTo(FetchFailure.TOO_LARGE);
    assertThat(failed.message()).contains("over 1000 bytes");
  }

  @Test
  void shouldCutOffAServerThatDripsItsBody() {
    Failed failed = (Failed) fetcher.fetch(uri("/drip"), Validators.NONE);

    assertThat(failed.reason()).isEqualTo(FetchFailure.TOO_SLOW);
  }

  @Test
  void shouldReportARefusedConnection() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }

    Failed failed =
        (Failed) fetcher.fetch(URI.create("http://127.0.0.1:" + closed + "/feed"), Validators.NONE);

    assertThat(failed.reason()).isEqualTo(FetchFailure.CONNECTION);
  }

  @Test
  void shouldRefuseARedirectFromAPublicFeedToAHostThatResolvesToLoopback() {
    // The feed's host resolves to a public address, the redirect's host to loopback: the redirect
    // is refused before any request reaches it.
    try (FeedFetcher fetcher =
        fetcherResolving(
            Map.of("127.0.0.1", PUBLIC, "intranet.example", InetAddress.getLoopbackAddress()))) {
      Failed failed = (Failed) fetcher.fetch(uri("/to-internal-name"), Validators.NONE);

      assertThat(failed.reason()).isEqualTo(FetchFailure.FORBIDDEN_ADDRESS);
      assertThat(failed.status()).isEqualTo(302);
      assertThat(failed.message()).contains("intranet.example", "127.0.0.1", "loopback");
    }
    assertThat(conditionalHeaders).isEmpty();
  }

  @Test
  void shouldRefuseRedirectsFromAPublicFeedToPrivateAndLinkLocalAddresses() {
    try (FeedFetcher fetcher = fetcherResolving(Map.of("127.0.0.1", PUBLIC))) {
      for (String path : List.of("/to-metadata", "/to-private", "/to-ula")) {
        Failed failed = (Failed) fetcher.fetch(uri(path), Validators.NONE);

        assertThat(failed.reason()).as(path).isEqualTo(FetchFailure.FORBIDDEN_ADDRESS);
      }
      Failed metadata = (Failed) fetcher.fetch(uri("/to-metadata"), Validators.NONE);
      assertThat(metadata.message()).contains("169.254.169.254", "link-local");
    }
  }

  @Test
  void shouldFollowARedirectFromAPublicFeedToAPublicAddress() {
    try (FeedFetcher fetcher = fetcherResolving(Map.of("127.0.0.1", PUBLIC))) {
      Fetched fetched = (Fetched) fetcher.fetch(uri("/hop1"), Validators.NONE);

      assertThat(fetched.url()).isEqualTo(uri("/feed"));
    }
  }

  @Test
  void shouldLetALoopbackFeedRedirectOnLoopbackOnly() {
    // The feed itself is on loopback (tests, the demo): loopback redirects stay within its own
    // class of address; link-local and private ones do not.
    assertThat(fetcher.fetch(uri("/hop1"), Validators.NONE)).isInstanceOf(Fetched.class);
    for (String path : List.of("/to-metadata", "/to-private", "/to-ula")) {
      Failed failed = (Failed) fetcher.fetch(uri(path), Validators.NONE);

      assertThat(failed.reason()).as(path).isEqualTo(FetchFailure.FORBIDDEN_ADDRESS);
    }
  }

  @Test
  void shouldRefuseARedirectToAHostThatDoesNotResolve() {
    try (FeedFetcher fetcher =
        fetcherResolving(Map.of("127.0.0.1", PUBLIC), Set.of("intranet.example"))) {
      Failed failed = (Failed) fetcher.fetch(uri("/to-internal-name"), Validators.NONE);

      assertThat(failed.reason()).isEqualTo(FetchFailure.CONNECTION);
      assertThat(failed.message()).contains("intranet.example");
    }
  }

  private static final InetAddress PUBLIC = address("93.184.215.14");

  private FeedFetcher fetcherResolving(Map<String, InetAddress> names) {
    return fetcherResolving(names, Set.of());
  }

  /** Resolves {@code names} as given, {@code unknown} not at all, anything else as the system. */
  private FeedFetcher fetcherResolving(Map<String, InetAddress> names, Set<String> unknown) {
    HostResolver resolver =
        host -> {
          if (unknown.contains(host)) {
            throw new UnknownHostException(host);
          }
          InetAddress mapped = names.get(host);
          return mapped != null ? List.of(mapped) : HostResolver.SYSTEM.resolve(host);
        };
    return new FeedFetcher(
        new FetchLimits(1_000, Duration.ofSeconds(2), Duration.ofSeconds(1), 3, "Sextant-test"),
        Clock.systemUTC(),
        resolver);
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  // --- the server

  private int port() {
    return server.getAddress().getPort();
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private URI uri(String path) {
    return URI.create(base() + path);
  }

  private void feed(HttpExchange exchange) throws IOException {
    String etag = exchange.getRequestHeaders().getFirst("If-None-Match");
    String since = exchange.getRequestHeaders().getFirst("If-Modified-Since");
    conditionalHeaders.add(etag == null && since == null ? "none" : etag + " | " + since);
    if (ETAG.equals(etag)) {
      exchange.sendResponseHeaders(304, -1);
      exchange.close();
      return;
    }
    exchange.getResponseHeaders().add("Content-Type", "application/rss+xml; charset=utf-8");
    exchange.getResponseHeaders().add("ETag", ETAG);
    exchange.getResponseHeaders().add("Last-Modified", LAST_MODIFIED);
    body(exchange, FEED);
  }

  private void drip(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      for (int i = 0; i < 100; i++) {
        out.write('<');
        out.flush();
        Thread.sleep(100);
      }
    } catch (InterruptedException | IOException e) {
      // The client gave up: what the test wants.
    }
  }

  private static void body(HttpExchange exchange, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void empty(HttpExchange exchange, int status, String header, String value)
      throws IOException {
    if (header != null) {
      exchange.getResponseHeaders().add(header, value);
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }
}
