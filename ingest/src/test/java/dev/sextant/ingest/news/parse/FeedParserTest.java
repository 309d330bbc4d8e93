package dev.sextant.ingest.news.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.news.parse.EntryProblem.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeedParserTest {

  private static final Instant FETCHED = Instant.parse("2024-06-01T00:00:00Z");
  private final FeedParser parser = new FeedParser(1 << 20);

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = FeedParserTest.class.getResourceAsStream("/news/" + name)) {
      return in.readAllBytes();
    }
  }

  private ParsedFeed rss(String items) {
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>T</title>"
            + "<link>https://feed.example.net/</link>"
            + items
            + "</channel></rss>";
    return parser.parse(xml.getBytes(StandardCharsets.UTF_8), "src", FETCHED);
  }

  @Test
  void shouldParseRss10Rdf() throws IOException {
    ParsedFeed feed = parser.parse(resource("rss10.rdf"), "rdf", FETCHED);

    assertThat(feed.title()).isEqualTo("Example Chain News");
    assertThat(feed.entries()).hasSize(2);
    NewsEntry first = feed.entries().getFirst();
    assertThat(first.title()).isEqualTo("Ether & staking: upgrade ships");
    assertThat(first.url()).isEqualTo("https://news.example.org/2024/05/eth-upgrade?id=7");
    assertThat(first.id())
        .isEqualTo(Hashes.sha256Hex("https://news.example.org/2024/05/eth-upgrade?id=7"));
    assertThat(first.summary()).isEqualTo("The upgrade shipped on time.");
    assertThat(first.author()).contains("Ada Lovelace");
    assertThat(first.published()).isEqualTo(Instant.parse("2024-05-02T06:30:00Z"));
    assertThat(first.publishedFromFeed()).isTrue();
    assertThat(first.source()).isEqualTo("rdf");

    NewsEntry undated = feed.entries().get(1);
    assertThat(undated.published()).isEqualTo(FETCHED);
    assertThat(undated.publishedFromFeed()).isFalse();
    assertThat(undated.updated()).isEmpty();
    assertThat(feed.problems()).isEmpty();
  }

  @Test
  void shouldParseAtom() throws IOException {
    ParsedFeed feed = parser.parse(resource("atom.xml"), "atom", FETCHED);

    assertThat(feed.title()).isEqualTo("Example Atom & Friends");
    assertThat(feed.entries()).hasSize(3);
    NewsEntry first = feed.entries().getFirst();
    assertThat(first.title()).isEqualTo("Bitcoin hashrate hits a record");
    assertThat(first.url()).isEqualTo("https://atom.example.com/posts/hashrate?page=2");
    assertThat(first.author()).contains("Satoshi Writer");
    assertThat(first.summary()).isEqualTo("Literal <tags> stay in plain text.");
    assertThat(first.published()).isEqualTo(Instant.parse("2024-05-03T13:15:00Z"));
    assertThat(first.updated()).contains(Instant.parse("2024-05-03T11:00:00Z"));

    NewsEntry second = feed.entries().get(1);
    assertThat(second.url()).isEqualTo("https://atom.example.com/posts/relative");
    assertThat(second.summary()).isEqualTo("Content used as summary");
    assertThat(second.published()).isEqualTo(Instant.parse("2024-05-03T10:00:00Z"));
    assertThat(second.publishedFromFeed()).isTrue();

    assertThat(feed.entries().get(2).url()).isEqualTo("https://atom.example.com/posts/by-id");
  }

  @Test
  void shouldKeepAnEntryWithAnInvalidDateAtTheFetchTimeAndReportIt() {
    ParsedFeed feed =
        rss(
            "<item><title>Bad date</title><link>https://a.example.net/1</link>"
                + "<pubDate>the 32nd of Smarch</pubDate></item>"
                + "<item><title>Good</title><link>https://a.example.net/2</link>"
                + "<pubDate>Mon, 13 Mar 2023 10:13:50 +0000</pubDate></item>");

    assertThat(feed.entries()).hasSize(2);
    NewsEntry bad = feed.entries().getFirst();
    assertThat(bad.published()).isEqualTo(FETCHED);
    assertThat(bad.publishedFromFeed()).isFalse();
    assertThat(feed.entries().get(1).published()).isEqualTo(Instant.parse("2023-03-13T10:13:50Z"));
    assertThat(feed.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.index()).isZero();
              assertThat(p.kind()).isEqualTo(Kind.INVALID_DATE);
              assertThat(p.kind().skipped()).isFalse();
              assertThat(p.detail()).contains("the 32nd of Smarch");
            });
  }

  @Test
  void shouldSkipUnusableEntriesAndKeepTheRest() {
    ParsedFeed feed =
        rss(
            "<item><title>Script link</title><link>javascript:alert(document.cookie)</link></item>"
                + "<item><description>neither link nor title</description></item>"
                + "<item><title>Kept</title><link>https://a.example.net/kept?utm_medium=rss</link></item>"
                + "<item><title>Data link</title><link>data:text/html,hi</link></item>");

    assertThat(feed.entries())
        .extracting(NewsEntry::url)
        .containsExactly("https://a.example.net/kept");
    assertThat(feed.problems())
        .extracting(EntryProblem::index, EntryProblem::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, Kind.BAD_LINK),
            org.assertj.core.groups.Tuple.tuple(1, Kind.NO_LINK),
            org.assertj.core.groups.Tuple.tuple(3, Kind.BAD_LINK));
    assertThat(feed.problems()).allSatisfy(p -> assertThat(p.kind().skipped()).isTrue());
  }

  @Test
  void shouldSkipAnEntryWhoseCanonicalLinkIsTooLongAndKeepTheRest() {
    String longest = "https://a.example.net/" + "p".repeat(FeedParser.LINK_LIMIT - 22);
    String tooLong = "https://a.example.net/" + "x".repeat(100_000);
    // Tracking parameters do not count: the link is judged as it would be published.
    String trackedLongest = longest + "?utm_source=" + "t".repeat(5_000);
    ParsedFeed feed =
        rss(
            "<item><title>Huge</title><link>"
                + tooLong
                + "</link></item>"
                + "<item><title>Longest</title><link>"
                + longest
                + "</link></item>"
                + "<item><title>Tracked</title><link>"
                + trackedLongest
                + "</link></item>");

    assertThat(longest).hasSize(FeedParser.LINK_LIMIT);
    assertThat(feed.entries()).extracting(NewsEntry::url).containsExactly(longest, longest);
    assertThat(feed.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.index()).isZero();
              assertThat(p.kind()).isEqualTo(Kind.LONG_LINK);
              assertThat(p.kind().skipped()).isTrue();
              assertThat(p.detail()).startsWith("100022 characters, the limit is 2048: ");
              assertThat(p.detail()).hasSizeLessThan(300);
            });
  }

  @Test
  void shouldGiveTheSameStoryTheSameIdAndTellAnUpdateByItsContentHash() {
    NewsEntry a =
        rss("<item><title>Story</title><link>https://a.example.net/s?utm_source=x#c</link>"
                + "<description>v1</description></item>")
            .entries()
            .getFirst();
    NewsEntry repeat =
        rss("<item><title>Story</title><link>HTTPS://A.example.net:443/s?fbclid=9</link>"
                + "<description>v1</description></item>")
            .entries()
            .getFirst();
    NewsEntry updated =
        rss("<item><title>Story</title><link>https://a.example.net/s</link>"
                + "<description>v2</description></item>")
            .entries()
            .getFirst();

    assertThat(repeat.id()).isEqualTo(a.id());
    assertThat(repeat.contentHash()).isEqualTo(a.contentHash());
    assertThat(updated.id()).isEqualTo(a.id());
    assertThat(updated.contentHash()).isNotEqualTo(a.contentHash());
    assertThat(a.id()).matches("[0-9a-f]{64}");
  }

  @Test
  void shouldGiveTheSameStoryOverHttpAndHttpsOneIdAndKeepEachUrlAsGiven() {
    NewsEntry plain =
        rss("<item><title>A</title><link>http://a.example.net/story?utm_source=x</link></item>")
            .entries()
            .getFirst();
    NewsEntry secure =
        rss("<item><title>A</title><link>HTTPS://a.example.net:443/story</link></item>")
            .entries()
            .getFirst();
    NewsEntry www =
        rss("<item><title>A</title><link>https://www.a.example.net/story</link></item>")
            .entries()
            .getFirst();

    assertThat(plain.id()).isEqualTo(secure.id());
    assertThat(plain.url()).isEqualTo("http://a.example.net/story");
    assertThat(secure.url()).isEqualTo("https://a.example.net/story");
    // https ids are what they always were: the hash of the canonical URL.
    assertThat(secure.id()).isEqualTo(Hashes.sha256Hex("https://a.example.net/story"));
    // Another host is another site, www or not.
    assertThat(www.id()).isNotEqualTo(secure.id());
  }

  @Test
  void shouldCapLongSummaries() {
    String longText = "lorem ipsum ".repeat(400);
    NewsEntry e =
        rss("<item><title>Long</title><link>https://a.example.net/l</link><description>"
                + longText
                + "</description></item>")
            .entries()
            .getFirst();
    assertThat(e.summary()).hasSizeLessThanOrEqualTo(PlainText.SUMMARY_LIMIT).endsWith("\u2026");
    assertThat(e.author()).isEqualTo(Optional.empty());
  }

  @Test
  void shouldReadADeclaredLatin1Feed() {
    byte[] head =
        ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>T</title>"
                + "<item><title>Caf\u00e9</title><link>https://a.example.net/c</link></item>"
                + "</channel></rss>")
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(parser.parse(head, "s", FETCHED).entries().getFirst().title())
        .isEqualTo("Caf\u00e9");
  }

  private static byte[] rssOf(String items) {
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
            + "<title>t</title><link>https://news.test/</link>"
            + items
            + "</channel></rss>")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void shouldCapTitlesAndAuthorsSoNoItemOutgrowsAKafkaRecord() {
    String word = "moon ";
    ParsedFeed feed =
        new FeedParser(5 * 1024 * 1024)
            .parse(
                rssOf(
                    "<item><title>"
                        + word.repeat(200_000)
                        + "</title><link>https://news.test/a</link><author>"
                        + "x".repeat(10_000)
                        + "</author></item>"),
                "test",
                FETCHED);

    NewsEntry entry = feed.entries().getFirst();
    assertThat(entry.title().length()).isLessThanOrEqualTo(FeedParser.TITLE_LIMIT);
    assertThat(entry.author().orElseThrow().length()).isLessThanOrEqualTo(FeedParser.AUTHOR_LIMIT);
  }

  @Test
  void shouldGiveTheFetchTimeToDatesNoFeedCouldHave() {
    ParsedFeed feed =
        new FeedParser(1024 * 1024)
            .parse(
                rssOf(
                    "<item><title>old</title><link>https://news.test/old</link>"
                        + "<pubDate>0000-01-01T00:00:00Z</pubDate></item>"
                        + "<item><title>future</title><link>https://news.test/future</link>"
                        + "<pubDate>9999-12-31T23:00:00-05:00</pubDate></item>"
                        + "<item><title>fine</title><link>https://news.test/fine</link>"
                        + "<pubDate>Fri, 31 May 2024 23:00:00 +0000</pubDate></item>"),
                "test",
                FETCHED);

    assertThat(feed.entries())
        .extracting(NewsEntry::published)
        .containsExactly(FETCHED, FETCHED, Instant.parse("2024-05-31T23:00:00Z"));
    assertThat(feed.entries())
        .extracting(NewsEntry::publishedFromFeed)
        .containsExactly(false, false, true);
    assertThat(feed.problems())
        .extracting(EntryProblem::kind)
        .containsExactly(EntryProblem.Kind.INVALID_DATE, EntryProblem.Kind.INVALID_DATE);
  }

  @Test
  void shouldGiveTheFetchTimeToADateThatDoesNotExist() {
    ParsedFeed feed =
        rss(
            "<item><title>a</title><link>https://a.example.net/feb</link>"
                + "<pubDate>Sat, 31 Feb 2024 10:00:00 GMT</pubDate></item>");

    assertThat(feed.entries().getFirst().published()).isEqualTo(FETCHED);
    assertThat(feed.entries().getFirst().publishedFromFeed()).isFalse();
    assertThat(feed.problems()).extracting(EntryProblem::kind).containsExactly(Kind.INVALID_DATE);
  }

  @Test
  void shouldRefuseAFeedNestedDeeperThanItCanBeRead() {
    String open = "<div>".repeat(60_000);
    String close = "</div>".repeat(60_000);
    byte[] atom =
        ("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>"
                + "<entry><title>deep</title><link href=\"https://news.test/deep\"/>"
                + "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
                + open
                + close
                + "</div></content></entry></feed>")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new FeedParser(5 * 1024 * 1024).parse(atom, "test", FETCHED))
        .isInstanceOf(FeedRejected.class);
  }
}
