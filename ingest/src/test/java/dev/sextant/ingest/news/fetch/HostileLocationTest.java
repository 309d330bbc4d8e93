package dev.sextant.ingest.news.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.news.fetch.FetchResult.Failed;
import dev.sextant.ingest.news.fetch.FetchResult.Fetched;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A feed on loopback answering a redirect with each hostile {@code Location} a server can write:
 * every one ends the fetch with a result naming the location, none throws, and none is followed
 * anywhere it should not be.
 */
class HostileLocationTest {

  private final RawHttpServer server = new RawHttpServer();
  private final FeedFetcher fetcher =
      new FeedFetcher(
          new FetchLimits(10_000, Duration.ofSeconds(2), Duration.ofSeconds(2), 3, "Sextant-test"),
          Clock.systemUTC());

  @AfterEach
  void stop() {
    fetcher.close();
    server.close();
  }

  static Stream<Arguments> refusedLocations() {
    return Stream.of(
        refused("port out of range", "http://127.0.0.1:99999/x", "port 99999"),
        refused("port 65536", "http://127.0.0.1:65536/x", "port 65536"),
        refused("port 0", "http://127.0.0.1:0/x", "port 0"),
        refused("empty host", "http://:80/x", "no host"),
        refused("unclosed IPv6 literal", "http://[::1", "not a URI"),
        refused("no host before the path", "http:///path", "no host"),
        refused("opaque http URI", "http:feed.xml", "no host"),
        refused("host the URI syntax refuses", "http://exa_mple.com/feed", "no host"),
        refused("dotted shorthand address", "http://127.1/feed", "no host"),
        refused("space in the path", "/a feed", "a space or control character"),
        refused("javascript scheme", "javascript:alert(1)", "outside HTTP"),
        refused("ftp scheme", "ftp://feeds.example.org/feed", "outside HTTP"));
  }

  private static Arguments refused(String form, String location, String why) {
    return Arguments.of(form, location, why);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("refusedLocations")
  void shouldRefuseAnUnusableLocationNamingIt(String form, String location, String why) {
    server.redirect("/feed", 302, location);

    Failed failed = fetchFails();

    assertThat(failed.reason()).isEqualTo(FetchFailure.BAD_REDIRECT);
    assertThat(failed.status()).isEqualTo(302);
    assertThat(failed.message()).contains(location, why);
    assertThat(server.requested()).containsExactly("/feed");
  }

  @Test
  void shouldRefuseCredentialsInALocationWithoutRepeatingThem() {
    server.redirect("/feed", 302, "http://user:s3cret@127.0.0.1:" + port() + "/other");

    Failed failed = fetchFails();

    assertThat(failed.reason()).isEqualTo(FetchFailure.BAD_REDIRECT);
    assertThat(failed.message())
        .contains("http://***@127.0.0.1:" + port() + "/other", "credentials")
        .doesNotContain("s3cret");
    assertThat(server.requested()).containsExactly("/feed");
  }

  @Test
  void shouldRefuseAnOverlongLocationNamingItsStartAndLength() {
    String location = server.base() + "/next?" + "a".repeat(100_000);
    server.redirect("/feed", 302, location);

    Failed failed = fetchFails();

    assertThat(failed.reason()).isEqualTo(FetchFailure.BAD_REDIRECT);
    assertThat(failed.message())
        .contains(location.substring(0, 100), location.length() + " characters")
        .hasSizeLessThan(1_000);
    assertThat(server.requested()).containsExactly("/feed");
  }

  @Test
  void shouldEndAFetchWhoseLocationIsLargerThanTheClientReadsAsAConnectionFailure() {
    server.redirect("/feed", 302, server.base() + "/next?" + "a".repeat(1_000_000));

    Failed failed = fetchFails();

    assertThat(failed.reason()).isEqualTo(FetchFailure.CONNECTION);
    assertThat(failed.message()).hasSizeLessThan(1_000);
  }

  @Test
  void shouldRefuseARawNonAsciiHostAskingForItsAsciiForm() {
    byte[] location = "http://bücher.example/feed".getBytes(StandardCharsets.UTF_8);
    server.redirectBytes("/feed", 302, location);

    Failed failed = fetchFails();

    assertThat(failed.reason()).isEqualTo(FetchFailure.BAD_REDIRECT);
    // The bytes arrive as ISO-8859-1 characters, shown escaped.
    assertThat(failed.message()).contains("http://b\\u00c3\\u00bccher.example/feed", "xn--");
    assertThat(server.requested()).containsExactly("/feed");
  }

  @Test
  void shouldEndAFetchWhoseLocationHasControlCharactersWithoutRepeatingThem() {
    for (String location : new String[] {"http://a\u0001b/feed", "http://a/feed\u007f"}) {
      server.redirect("/feed", 302, location);

      Failed failed = fetchFails();

      // The HTTP client refuses the header as malformed before the redirect rules see it.
      assertThat(failed.reason()).isEqualTo(FetchFailure.CONNECTION);
      assertThat(failed.message()).contains("Location").doesNotContain("\u0001", "\u007f");
    }
  }

  @Test
  void shouldNotFollowALocationBrokenByABareCarriageReturn() {
    server.redirect("/feed", 302, "http://169.254.169.254/latest\r/meta-data/");

    Failed failed = fetchFails();

    // The HTTP client drops the broken header line, so the redirect has no Location.
    assertThat(failed.reason()).isEqualTo(FetchFailure.BAD_REDIRECT);
    assertThat(failed.message()).doesNotContain("\r");
    assertThat(server.requested()).containsExactly("/feed");
  }

  @Test
  void shouldResolveDotSegmentsOfARelativeLocationWithinTheSameHost() {
    server.redirect("/deep/feed", 302, "../../../../rss?page=1");

    Fetched fetched = (Fetched) fetcher.fetch(uri("/deep/feed"), Validators.NONE);

    assertThat(fetched.url()).isEqualTo(uri("/rss?page=1"));
    assertThat(server.requested()).containsExactly("/deep/feed", "/rss?page=1");
  }

  private Failed fetchFails() {
    FetchResult result = fetcher.fetch(uri("/feed"), Validators.NONE);
    assertThat(result).isInstanceOf(Failed.class);
    return (Failed) result;
  }

  private int port() {
    return URI.create(server.base()).getPort();
  }

  private URI uri(String path) {
    return URI.create(server.base() + path);
  }
}
