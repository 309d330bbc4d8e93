package dev.sextant.ingest.news.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.news.fetch.RedirectGuard.Follow;
import dev.sextant.ingest.news.fetch.RedirectGuard.Refuse;
import dev.sextant.ingest.news.fetch.RedirectGuard.Verdict;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The redirect rules alone: names resolve from a table, nothing is fetched. */
class RedirectGuardTest {

  private static final URI FEED = URI.create("https://news.example/feeds/rss?x=1");

  /** news.example and cdn.example are public; the rest as named; IP literals as written. */
  private static final Map<String, List<InetAddress>> NAMES =
      Map.of(
          "news.example", List.of(ip("93.184.215.14")),
          "cdn.example", List.of(ip("93.184.215.15"), ip("2606:4700::1111")),
          "xn--bcher-kva.example", List.of(ip("93.184.215.16")),
          "intranet.example", List.of(ip("10.0.0.7")),
          "split.example", List.of(ip("93.184.215.17"), ip("127.0.0.1")),
          "lan-feed.example", List.of(ip("192.168.1.20")));

  private static final HostResolver RESOLVER =
      host -> {
        List<InetAddress> known = NAMES.get(host);
        if (known != null) {
          return known;
        }
        if (host.startsWith("[") || Character.isDigit(host.charAt(0))) {
          return List.of(InetAddress.getAllByName(host));
        }
        throw new UnknownHostException(host);
      };

  private final RedirectGuard guard = new RedirectGuard(FEED, 3, RESOLVER);

  @Test
  void shouldStartAtTheFeedAndFollowARelativeLocationFromWhereItIs() {
    assertThat(guard.current()).isEqualTo(FEED);
    assertThat(guard.redirected()).isFalse();

    assertThat(follow("/moved/rss")).isEqualTo(URI.create("https://news.example/moved/rss"));
    assertThat(follow("atom")).isEqualTo(URI.create("https://news.example/moved/atom"));
    assertThat(guard.current()).isEqualTo(URI.create("https://news.example/moved/atom"));
    assertThat(guard.redirected()).isTrue();
  }

  @Test
  void shouldResolveAsRfc3986DoesWhereTheJdkDoesNot() {
    // A query alone keeps the path (java.net.URI would drop its last segment).
    assertThat(follow("?page=2")).isEqualTo(URI.create("https://news.example/feeds/rss?page=2"));
    // Dot segments above the root are dropped, in relative and absolute Locations alike.
    assertThat(follow("../../../../top.xml")).isEqualTo(URI.create("https://news.example/top.xml"));
    assertThat(follow("https://cdn.example/../a/./b/../feed.xml"))
        .isEqualTo(URI.create("https://cdn.example/a/feed.xml"));
  }

  @Test
  void shouldFollowAProtocolRelativeLocationToAnotherPublicHostAndDropTheFragment() {
    assertThat(follow("  //cdn.example/feed.xml#latest\t"))
        .isEqualTo(URI.create("https://cdn.example/feed.xml"));
  }

  @Test
  void shouldFollowAnInternationalHostWrittenInItsAsciiForm() {
    assertThat(follow("http://xn--bcher-kva.example/feed"))
        .isEqualTo(URI.create("http://xn--bcher-kva.example/feed"));
  }

  @Test
  void shouldFollowTheEdgesOfWhatIsAllowed() {
    String longest = "https://cdn.example/" + "a".repeat(RedirectGuard.MAX_LOCATION_LENGTH - 20);
    assertThat(longest).hasSize(RedirectGuard.MAX_LOCATION_LENGTH);

    assertThat(follow(longest)).hasToString(longest);
    assertThat(follow("https://cdn.example:65535/feed").getPort()).isEqualTo(65_535);
    assertThat(follow("HTTPS://cdn.example:1/feed").getPort()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      textBlock =
          """
          ''                                   | it is empty
          '   '                                | it is empty
          http://cdn.example:65536/feed        | port 65536 is out of range (1 to 65535)
          http://cdn.example:99999/feed        | port 99999 is out of range
          http://cdn.example:0/feed            | port 0 is out of range
          http://cdn.example:99999999999/feed  | no host
          http://:80/feed                      | no host
          http:///feed                         | no host
          http:feed                            | no host
          http://[::1                          | not a URI
          http://cdn.example/a%zzb             | not a URI
          /a feed                              | a space or control character at index 2
          https://cdn.example/?q=a<b           | not a URI
          """)
  void shouldRefuseAnUnusableLocation(String location, String why) {
    Refuse refused = refuse(location);

    assertThat(refused.reason()).isEqualTo(FetchFailure.BAD_REDIRECT);
    assertThat(refused.message())
        .startsWith(FEED + " redirects to an unusable Location: " + location.strip())
        .contains(why);
    assertThat(guard.current()).isEqualTo(FEED);
  }

  @Test
  void shouldRefuseControlCharactersShowingThemEscaped() {
    for (String location :
        List.of("http://cdn.example/\u0000", "/feed\u0001", "/feed\u007f", "/a\tb", "/a\nb")) {
      Refuse refused = refuse(location);

      assertThat(refused.reason()).isEqualTo(FetchFailure.BAD_REDIRECT);
      assertThat(refused.message()).contains("a space or control character", "\\u00");
      assertThat(refused.message().chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
    }
  }

  @Test
  void shouldRefuseANonAsciiHostAskingForItsAsciiForm() {
    Refuse refused = refuse("http://bücher.example/feed");

    assertThat(refused.reason()).isEqualTo(FetchFailure.BAD_REDIRECT);
    assertThat(refused.message())
        .contains("http://b\\u00fccher.example/feed", "non-ASCII character at index 8", "xn--");
  }

  @Test
  void shouldRefuseAnOverlongLocationShowingOnlyItsStart() {
    String location = "https://cdn.example/" + "a".repeat(RedirectGuard.MAX_LOCATION_LENGTH);

    Refuse refused = refuse(location);

    assertThat(refused.reason()).isEqualTo(FetchFailure.BAD_REDIRECT);
    assertThat(refused.message())
        .contains("(" + location.length() + " characters)", "longer than 8192 characters")
        .hasSizeLessThan(500);
  }

  @Test
  void shouldRefuseCredentialsWithoutRepeatingThem() {
    for (String location :
        List.of("https://user:pw@cdn.example/feed", "//pw@cdn.example/", "https://@cdn.example/")) {
      Refuse refused = refuse(location);

      assertThat(refused.reason()).as(location).isEqualTo(FetchFailure.BAD_REDIRECT);
      assertThat(refused.message()).as(location).contains("***@", "credentials");
      assertThat(refused.message()).as(location).doesNotContain("pw", "user");
    }
  }

  @Test
  void shouldRefuseSchemesOtherThanHttp() {
    for (String location :
        List.of("file:///etc/passwd", "ftp://cdn.example/", "javascript:alert(1)", "gopher://x/")) {
      Refuse refused = refuse(location);

      assertThat(refused.reason()).isEqualTo(FetchFailure.BAD_REDIRECT);
      assertThat(refused.message()).contains("redirects outside HTTP: " + location);
    }
  }

  @Test
  void shouldRefuseARedirectWithoutALocation() {
    Verdict verdict = guard.redirect(301, Optional.empty());

    assertThat(verdict)
        .isEqualTo(
            new Refuse(FetchFailure.BAD_REDIRECT, FEED + " answered 301 without a Location"));
  }

  @Test
  void shouldSeeALoopThroughFragmentsAndBackToTheFeed() {
    follow("/a");

    Refuse loop = refuse(FEED + "#top");

    assertThat(loop.reason()).isEqualTo(FetchFailure.REDIRECT_LOOP);
    assertThat(loop.message())
        .isEqualTo("redirect loop: https://news.example/a -> " + FEED + " (visited 2)");
  }

  @Test
  void shouldStopAfterTheMostRedirectsAllowed() {
    follow("/1");
    follow("/2");
    follow("/3");

    Refuse refused = refuse("/4");

    assertThat(refused)
        .isEqualTo(new Refuse(FetchFailure.BAD_REDIRECT, "more than 3 redirects from " + FEED));
  }

  @Test
  void shouldRefuseAPublicFeedLeadingInsideNamingTheHostAddressAndClass() {
    for (String location :
        List.of(
            "http://127.0.0.1/",
            "http://[::1]/",
            "http://169.254.169.254/latest/meta-data/",
            "http://intranet.example/",
            "http://0.0.0.0:8080/",
            "http://[fd00::7]/",
            "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/",
            "http://[2002:7f00:1::1]/",
            "http://[::ffff:0:a00:1]/")) {
      assertThat(refuse(location).reason()).as(location).isEqualTo(FetchFailure.FORBIDDEN_ADDRESS);
    }
    assertThat(refuse("http://intranet.example:8080/admin").message())
        .isEqualTo(
            FEED
                + " redirects to http://intranet.example:8080/admin: host intranet.example"
                + " resolves to 10.0.0.7, a private address");
  }

  @Test
  void shouldRefuseAHostWhenAnyOfItsAddressesIsRefused() {
    Refuse refused = refuse("https://split.example/feed");

    assertThat(refused.reason()).isEqualTo(FetchFailure.FORBIDDEN_ADDRESS);
    assertThat(refused.message()).contains("127.0.0.1", "loopback");
  }

  @Test
  void shouldRefuseAHostThatDoesNotResolveOrWhoseLookupFails() {
    assertThat(refuse("https://nowhere.example/"))
        .isEqualTo(
            new Refuse(
                FetchFailure.CONNECTION,
                FEED + " redirects to nowhere.example, which does not resolve"));

    RedirectGuard failing =
        new RedirectGuard(
            FEED,
            3,
            host -> {
              throw new SecurityException("lookups are not allowed");
            });
    assertThat(failing.redirect(302, Optional.of("https://cdn.example/")))
        .isInstanceOf(Refuse.class)
        .extracting(v -> ((Refuse) v).reason())
        .isEqualTo(FetchFailure.CONNECTION);
  }

  @Test
  void shouldLetAFeedOnThePrivateNetworkRedirectWithinItButNotToLinkLocal() {
    RedirectGuard lan = new RedirectGuard(URI.create("http://lan-feed.example/rss"), 3, RESOLVER);

    assertThat(lan.redirect(302, Optional.of("http://intranet.example/rss")))
        .isEqualTo(new Follow(URI.create("http://intranet.example/rss")));
    assertThat(lan.redirect(302, Optional.of("http://169.254.169.254/")))
        .isInstanceOf(Refuse.class)
        .extracting(v -> ((Refuse) v).reason())
        .isEqualTo(FetchFailure.FORBIDDEN_ADDRESS);
  }

  @Test
  void shouldJudgeAFeedWhoseOwnNameDoesNotResolveAsPublic() {
    RedirectGuard unknown = new RedirectGuard(URI.create("http://gone.example/rss"), 3, RESOLVER);

    assertThat(unknown.redirect(302, Optional.of("https://cdn.example/rss")))
        .isInstanceOf(Follow.class);
    assertThat(unknown.redirect(302, Optional.of("http://127.0.0.1/rss")))
        .isInstanceOf(Refuse.class);
  }

  private URI follow(String location) {
    Verdict verdict = guard.redirect(302, Optional.of(location));
    assertThat(verdict).as(location).isInstanceOf(Follow.class);
    return ((Follow) verdict).target();
  }

  private Refuse refuse(String location) {
    URI before = guard.current();
    Verdict verdict = guard.redirect(302, Optional.of(location));
    assertThat(verdict).as(location).isInstanceOf(Refuse.class);
    assertThat(guard.current()).isEqualTo(before);
    return (Refuse) verdict;
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
