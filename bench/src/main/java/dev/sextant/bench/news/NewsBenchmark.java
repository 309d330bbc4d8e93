package dev.sextant.bench.news;

import dev.sextant.ingest.news.NewsItems;
import dev.sextant.ingest.news.parse.FeedParser;
import dev.sextant.ingest.news.parse.NewsEntry;
import dev.sextant.ingest.news.parse.ParsedFeed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * News items per second on one thread: a 50-item RSS 2.0 feed (HTML summaries, tracking parameters,
 * dc:creator, RFC 822 dates, like the major crypto feeds) parsed, normalized, tagged and scored
 * into NewsItems; and tagging plus scoring alone on the parsed entries.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class NewsBenchmark {

  static final int ITEMS = 50;

  private static final String[] HEADLINES = {
    "Bitcoin Surges Past $70K as Spot ETF Inflows Hit Record",
    "Ether Slips as Traders Brace for Fed Decision; Solana Outperforms",
    "DeFi Protocol Exploited for $12M in Flash Loan Attack",
    "SEC Delays Decision on Spot Ether ETF Applications",
    "Chainlink Rallies After Major Bank Adopts CCIP for Tokenized Funds",
    "Bittensor's TAO Jumps as AI Tokens Extend Gains",
    "Core Scientific Signs New AI Hosting Deal, Shares Soar",
    "USDC Supply Grows as Circle Expands to New Chains",
    "Crypto Lender Files for Bankruptcy After Withdrawals Freeze",
    "Uniswap Governance Approves Fee Switch Proposal",
  };

  private byte[] feed;
  private FeedParser parser;
  private NewsItems items;
  private List<NewsEntry> entries;
  private final Instant fetched = Instant.parse("2026-11-24T12:00:00Z");

  @Setup(Level.Trial)
  public void load() {
    StringBuilder xml =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\""
                + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Wire</title>"
                + "<link>https://wire.example/</link>\n");
    for (int i = 0; i < ITEMS; i++) {
      String headline = HEADLINES[i % HEADLINES.length];
      xml.append("<item><title><![CDATA[")
          .append(headline)
          .append(" (")
          .append(i)
          .append(")]]></title><link>https://wire.example/markets/2026/11/24/story-")
          .append(i)
          .append("/?utm_source=rss&amp;utm_medium=feed&amp;ref=home</link>")
          .append("<dc:creator><![CDATA[Reporter ")
          .append(i % 7)
          .append("]]></dc:creator><pubDate>Tue, 24 Nov 2026 ")
          .append(String.format(Locale.ROOT, "%02d:%02d", 10 + i / 60, i % 60))
          .append(":00 +0000</pubDate><description><![CDATA[<p>")
          .append(headline)
          .append(", analysts said on Tuesday, as <a href=\"https://x.example\">markets</a>")
          .append(" weighed the news &amp; the outlook for the week.</p><p>Traders were not")
          .append(" convinced the move would last, citing thin liquidity.</p>]]></description>")
          .append("</item>\n");
    }
    xml.append("</channel></rss>\n");
    feed = xml.toString().getBytes(StandardCharsets.UTF_8);
    parser = new FeedParser(5 * 1024 * 1024);
    items = NewsItems.loadDefault();
    entries = parser.parse(feed, "wire", fetched).entries();
    if (entries.size() != ITEMS) {
      throw new IllegalStateException(
          "the benchmark feed parsed into " + entries.size() + " items");
    }
  }

  /** Parse, normalize, tag and score: a whole feed per invocation, counted per item. */
  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public void parseTagScore(Blackhole hole) {
    ParsedFeed parsed = parser.parse(feed, "wire", fetched);
    for (NewsEntry entry : parsed.entries()) {
      hole.consume(items.item(entry, fetched, 0));
    }
  }

  /** Tag and score only, on entries already parsed. */
  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public void tagScore(Blackhole hole) {
    for (NewsEntry entry : entries) {
      hole.consume(items.item(entry, fetched, 0));
    }
  }
}
