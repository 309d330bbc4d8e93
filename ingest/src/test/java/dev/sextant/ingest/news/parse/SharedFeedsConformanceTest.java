package dev.sextant.ingest.news.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.market.testkit.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Real third-party feeds from {@code ../shared/data}, read in place and skipped when absent. */
class SharedFeedsConformanceTest {

  private static final Instant FETCHED = Instant.parse("2030-01-01T00:00:00Z");

  private static ParsedFeed parse(String name) throws IOException {
    byte[] body = Files.readAllBytes(SharedData.require(name));
    return new FeedParser(1 << 20).parse(body, "test", FETCHED);
  }

  @Test
  void shouldParseAllFiftyCoinDeskItemsWithoutTrackingParameters() throws IOException {
    ParsedFeed feed = parse("coindesk_rss_2023-03-13.xml");

    assertThat(feed.title()).isEqualTo("CoinDesk: Bitcoin, Ethereum, Crypto News and Price Data");
    assertThat(feed.entries()).hasSize(50);
    assertThat(feed.problems()).isEmpty();
    assertThat(feed.entries()).allSatisfy(e -> assertThat(e.url()).doesNotContain("utm_", "#"));
    assertThat(feed.entries()).allSatisfy(e -> assertThat(e.publishedFromFeed()).isTrue());
    assertThat(feed.entries()).extracting(NewsEntry::id).doesNotHaveDuplicates();

    NewsEntry first = feed.entries().getFirst();
    assertThat(first.title())
        .isEqualTo(
            "Bitcoin, U.S. Stock Futures Erase Early Gains as First Republic Bank Tanks 50% in"
                + " Pre-Market Trading");
    assertThat(first.url())
        .isEqualTo(
            "https://www.coindesk.com/markets/2023/03/13/bitcoin-us-stock-futures-erase-early-gains"
                + "-as-first-republic-bank-tanks-50-in-pre-market-trading/");
    assertThat(first.author()).contains("Omkar Godbole");
    assertThat(first.published()).isEqualTo(Instant.parse("2023-03-13T10:13:50Z"));
    assertThat(first.updated()).contains(Instant.parse("2023-03-13T10:13:51.231Z"));
    assertThat(first.id())
        .isEqualTo("ce87272a2c25cea11ad328dcb0c110a7fafe083c173ea665c0b3be41ae887a21")
        .isEqualTo(Hashes.sha256Hex(first.url()));
    assertThat(first.source()).isEqualTo("test");

    NewsEntry second = feed.entries().get(1);
    assertThat(second.title()).isEqualTo("Euler DeFi Protocol Exploited for Nearly $185M");
    assertThat(second.url())
        .isEqualTo(
            "https://www.coindesk.com/business/2023/03/13/euler-defi-protocol-exploited-for-nearly-185m/");
    assertThat(second.author()).contains("Jamie Crawley");
    assertThat(second.published()).isEqualTo(Instant.parse("2023-03-13T09:55:15Z"));
    assertThat(second.summary())
        .isEqualTo(
            "The losses occurred over four transactions in dai (DAI), wrapped bitcoin (WBTC), staked"
                + " ether (sETH) and USDC.");

    NewsEntry last = feed.entries().getLast();
    assertThat(last.title()).isEqualTo("Cathie Wood's Ark Invest Buys $22M in Coinbase Shares");
    assertThat(last.published()).isEqualTo(Instant.parse("2023-03-10T13:08:01Z"));
    assertThat(last.id())
        .isEqualTo("a85dcb7892b4393aa93458d7636889200b3c92a7b4f1d57fb25c9eb0e8f19238");
  }

  @Test
  void shouldParseTheGuardianWithHtmlDescriptionsAsPlainText() throws IOException {
    ParsedFeed feed = parse("guardian_rss_2018-01-31.xml");

    assertThat(feed.title()).isEqualTo("The Guardian");
    assertThat(feed.entries()).hasSize(55);
    assertThat(feed.problems()).isEmpty();
    assertThat(feed.entries())
        .allSatisfy(e -> assertThat(e.summary()).doesNotContain("<", "&lt;", "&amp;", "  "));

    NewsEntry first = feed.entries().getFirst();
    assertThat(first.title())
        .isEqualTo("Trump State of the Union address promised unity but emphasized discord");
    assertThat(first.url())
        .isEqualTo(
            "https://www.theguardian.com/us-news/2018/jan/31/donald-trump-state-of-the-union-address-unity-discord");
    assertThat(first.author()).contains("David Smith in Washington");
    assertThat(first.published()).isEqualTo(Instant.parse("2018-01-31T07:26:05Z"));
    assertThat(first.summary())
        .startsWith("The president\u2019s \u2018new American moment\u2019 speech stirred")
        .contains("Related: Fact check: Donald Trump's State of the Union address analyzed")
        .endsWith("Continue reading...");
    assertThat(first.id())
        .isEqualTo("3ca0bed585d4d199ac501dafe6ac31ba4d101a23c9f8cc956d5cf4e0d1b18649");

    NewsEntry last = feed.entries().getLast();
    assertThat(last.title()).isEqualTo("Earth's ultimate yogis \u2013 in pictures");
    assertThat(last.author()).isEqualTo(Optional.empty());
  }

  @Test
  void shouldParseHeiseAtomDroppingItsTrackingParameter() throws IOException {
    ParsedFeed feed = parse("heise_developer_atom_2016-02-01.xml");

    assertThat(feed.title()).isEqualTo("heise developer neueste Meldungen");
    assertThat(feed.entries()).hasSize(15);
    assertThat(feed.problems()).isEmpty();
    assertThat(feed.entries()).allSatisfy(e -> assertThat(e.url()).doesNotContain("wt_mc"));

    NewsEntry first = feed.entries().getFirst();
    assertThat(first.title()).isEqualTo("Java-Anwendungsserver: Red Hat gibt WildFly 10 frei");
    assertThat(first.url())
        .isEqualTo(
            "http://www.heise.de/developer/meldung/Java-Anwendungsserver-Red-Hat-gibt-WildFly-10-frei-3088438.html");
    assertThat(first.published()).isEqualTo(Instant.parse("2016-02-01T16:22:00Z"));
    assertThat(first.updated()).contains(Instant.parse("2016-02-01T16:54:50Z"));
    assertThat(first.summary())
        .startsWith("Die nun verfügbare Version 10 des Enterprise-Java-Servers");
    // An http URL's id hashes its https form, so the story has one id over either scheme.
    assertThat(first.id())
        .isEqualTo("59cfc750807e4a579dc74e2039deb93b97f85a86b03c276352a4c9c28b88c77d");
  }
}
