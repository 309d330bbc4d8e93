package dev.sextant.deploy.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sextant.ingest.news.fetch.FetchLimits;
import dev.sextant.ingest.news.fetch.PollSchedule;
import dev.sextant.ingest.news.poll.NewsSourceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's news publishers: the feed files bundled with Sextant (written by the project, about
 * fictional publishers), served from a local HTTP server as a publisher's server would serve them,
 * with an {@code ETag} and a {@code Last-Modified}, and 304 to a conditional request that matches.
 * The node polls them through the same poller as real feeds, so the demo shows news and, after the
 * first round, 304s.
 */
public final class DemoNews implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DemoNews.class);

  /** A bundled feed: its name (the {@code source} of its items) and its file. */
  public record Feed(String name, String file, String contentType) {
    /** The file's classpath resource. */
    public String resource() {
      return RESOURCE_DIR + file;
    }
  }

  /** The bundled feeds: one of each format the poller reads. */
  public static final List<Feed> FEEDS =
      List.of(
          new Feed("ledger-wire", "ledger-wire.xml", "application/rss+xml; charset=utf-8"),
          new Feed("block-bulletin", "block-bulletin.xml", "application/atom+xml; charset=utf-8"),
          new Feed("hash-herald", "hash-herald.rdf", "application/rdf+xml; charset=utf-8"));

  /**
   * The demo's own source id, not {@code up}'s {@code news}: its cursor holds only the demo feeds'
   * validators and its transactional id fences no real poller. Not {@code news-<name>} either, the
   * dead-letter source of a feed named {@code <name>}, so a feed named {@code demo} stays apart.
   */
  public static final String SOURCE_ID = "demo-news";

  /** Short, so the demo shows conditional requests answered 304 within its first minute. */
  public static final Duration INTERVAL = Duration.ofSeconds(15);

  /** The feeds share one host; they need not wait long for each other. */
  static final Duration HOST_SPACING = Duration.ofMillis(500);

  /**
   * When the bundled feeds last changed: fixed, as the files are, so that a restarted demo still
   * answers the validators the poller kept in its cursor.
   */
  static final Instant LAST_MODIFIED = Instant.parse("2026-11-02T14:05:00Z");

  /** RFC 9110's IMF-fixdate (a two-digit day), which the JDK's RFC 1123 formatter does not pad. */
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);

  static final String RESOURCE_DIR = "/demo/news/";
  private static final String PATH = "/news/";

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Served> files;

  /** A feed's bytes and validators, fixed while the server runs. */
  private record Served(Feed feed, byte[] body, String etag) {}

  private DemoNews(HttpServer server, ExecutorService executor, Map<String, Served> files) {
    this.server = server;
    this.executor = executor;
    this.files = files;
  }

  /** Serves the bundled feeds on a free loopback port. */
  public static DemoNews start() throws IOException {
    Map<String, Served> files = new LinkedHashMap<>();
    for (Feed feed : FEEDS) {
      byte[] body = read(feed.resource());
      files.put(feed.file(), new Served(feed, body, etag(body)));
    }
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    DemoNews news = new DemoNews(server, executor, files);
    server.createContext("/", news::handle);
    server.start();
    log.info(
        "demo: news feeds {} served at {}",
        FEEDS.stream().map(Feed::name).toList(),
        news.url(FEEDS.getFirst()).resolve("."));
    return news;
  }

  /** The URL of a bundled feed on this server. */
  public URI url(Feed feed) {
    return URI.create(
        "http://"
            + server.getAddress().getAddress().getHostAddress()
            + ":"
            + server.getAddress().getPort()
            + PATH
            + feed.file());
  }

  /** The news source polling every bundled feed, with the default fetch limits. */
  public NewsSourceConfig config() {
    return new NewsSourceConfig(
        SOURCE_ID,
        FEEDS.stream().map(f -> new PollSchedule.Feed(f.name(), url(f), INTERVAL)).toList(),
        HOST_SPACING,
        FetchLimits.DEFAULT);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      String path = exchange.getRequestURI().getPath();
      Served served = path.startsWith(PATH) ? files.get(path.substring(PATH.length())) : null;
      if (served == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("ETag", served.etag());
      exchange.getResponseHeaders().set("Last-Modified", HTTP_DATE.format(utc(LAST_MODIFIED)));
      exchange.getResponseHeaders().set("Cache-Control", "max-age=" + INTERVAL.toSeconds());
      if (notModified(exchange, served)) {
        exchange.sendResponseHeaders(304, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", served.feed().contentType());
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, served.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(served.body());
      }
    }
  }

  /**
   * RFC 9110 section 13.2.2: {@code If-None-Match} decides when present; {@code If-Modified-Since}
   * is read only without it.
   */
  private static boolean notModified(HttpExchange exchange, Served served) {
    String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
    if (ifNoneMatch != null) {
      return Arrays.stream(ifNoneMatch.split(","))
          .map(String::strip)
          .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
          .anyMatch(tag -> tag.equals("*") || tag.equals(served.etag()));
    }
    String ifModifiedSince = exchange.getRequestHeaders().getFirst("If-Modified-Since");
    if (ifModifiedSince != null) {
      try {
        Instant since =
            ZonedDateTime.parse(ifModifiedSince.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant();
        return !LAST_MODIFIED.isAfter(since);
      } catch (DateTimeParseException e) {
        return false; // an unreadable date is ignored, as the RFC says
      }
    }
    return false;
  }

  /** A strong validator of the exact bytes, as a static file server sends. */
  private static String etag(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + HexFormat.of().formatHex(digest, 0, 8) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static ZonedDateTime utc(Instant instant) {
    return instant.atZone(ZoneOffset.UTC);
  }

  private static byte[] read(String resource) {
    try (InputStream in = DemoNews.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the demo feed " + resource + " is not on the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the demo feed " + resource, e);
    }
  }

  /** Stops serving; a fetch in progress is cut off. */
  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }
}
