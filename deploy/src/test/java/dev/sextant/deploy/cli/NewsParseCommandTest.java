package dev.sextant.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.sextant.ingest.market.Protocols;
import dev.sextant.schemas.v1.NewsItem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NewsParseCommandTest {

  private static final String FEED =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <rss version="2.0"><channel><title>Test wire</title><link>https://wire.example/</link>
      <item>
        <title>Bitcoin surges to record high as ETF inflows soar</title>
        <link>https://wire.example/btc-record?utm_source=rss&amp;id=7#top</link>
        <description>&lt;p&gt;BTC rallied &lt;b&gt;sharply&lt;/b&gt;.&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;</description>
        <author>Ada</author>
        <pubDate>Tue, 24 Nov 2026 09:30:00 +0100</pubDate>
      </item>
      <item>
        <title>Solana DeFi protocol hacked, $40 million drained</title>
        <link>https://wire.example/sol-hack</link>
        <description>Attackers exploited a bug; the solution is not yet clear.</description>
      </item>
      </channel></rss>
      """;

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = SextantMain.commandLine(Protocols.builtIn());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void shouldPrintEachEntryAsATaggedAndScoredNewsItem() throws Exception {
    Path feed = dir.resolve("wire.xml");
    Files.writeString(feed, FEED);

    assertThat(run("news", "parse", feed.toString())).isZero();

    List<NewsItem> items = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      NewsItem.Builder item = NewsItem.newBuilder();
      JsonFormat.parser().merge(line, item);
      items.add(item.build());
    }
    assertThat(items).hasSize(2);
    NewsItem btc = items.get(0);
    assertThat(btc.getSource()).isEqualTo("wire");
    assertThat(btc.getUrl()).isEqualTo("https://wire.example/btc-record?id=7");
    assertThat(btc.getId()).hasSize(64);
    assertThat(btc.getSummary()).isEqualTo("BTC rallied sharply.");
    assertThat(btc.getAuthor()).isEqualTo("Ada");
    assertThat(btc.getPublished().getSeconds())
        .isEqualTo(java.time.Instant.parse("2026-11-24T08:30:00Z").getEpochSecond());
    assertThat(btc.getAssetsList()).containsExactly("BTC");
    assertThat(btc.getSentiment()).isPositive();
    assertThat(btc.getTopTermsList()).isNotEmpty();
    NewsItem sol = items.get(1);
    assertThat(sol.getAssetsList()).containsExactly("SOL");
    assertThat(sol.getSentiment()).isNegative();
    assertThat(err.toString()).contains("news parse: 2 items from 1 of 1 files");
  }

  @Test
  void shouldRefuseAHostileFileWithItsReasonAndStillPrintTheOthers() throws Exception {
    Path good = dir.resolve("wire.xml");
    Files.writeString(good, FEED);
    Path hostile = dir.resolve("xxe.xml");
    Files.writeString(
        hostile,
        """
        <?xml version="1.0"?>
        <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
        <rss version="2.0"><channel><title>&xxe;</title></channel></rss>
        """);

    assertThat(run("news", "parse", hostile.toString(), good.toString()))
        .isEqualTo(NewsCommand.FILE_REFUSED);

    assertThat(out.toString().split("\n")).hasSize(2);
    assertThat(out.toString()).doesNotContain("root:");
    assertThat(err.toString()).contains(hostile + ": refused (DOCTYPE)");
    assertThat(err.toString()).contains("news parse: 2 items from 1 of 2 files");
  }
}
