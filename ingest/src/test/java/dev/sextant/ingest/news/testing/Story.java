package dev.sextant.ingest.news.testing;

/**
 * One story as a feed carries it, and the stories the news source tests share: two feeds carrying
 * one story under two URLs that canonicalise to one, each with a story of its own, and an update.
 */
public record Story(String link, String title, String summary) {

  /** In alpha's feed, with tracking parameters. */
  public static final Story SHARED_IN_ALPHA =
      new Story(
          "https://news.test/eth-etf?utm_source=alpha&utm_medium=rss",
          "Ether ETF approved",
          "Regulators approve the first Ether ETF.");

  /** The same story in beta's feed, with a fragment and beta's own summary. */
  public static final Story SHARED_IN_BETA =
      new Story(
          "https://news.test/eth-etf#comments",
          "Ether ETF approved",
          "Beta's own summary of the approval.");

  /** Alpha's own story; its canonical URL is {@code https://news.test/btc-record}. */
  public static final Story ALPHA_ONLY =
      new Story(
          "https://news.test/btc-record?utm_campaign=x", "Bitcoin hits a record", "BTC is up.");

  /** Alpha's own story rewritten by its publisher: an update, not a new story. */
  public static final Story ALPHA_UPDATED =
      new Story(
          "https://news.test/btc-record?utm_campaign=x",
          "Bitcoin hits a record, then gives it back",
          "BTC is up, then down.");

  /** Beta's own story. */
  public static final Story BETA_ONLY =
      new Story("https://news.test/sol-outage", "Solana halts for an hour", "Validators restart.");

  /** An RSS 2.0 feed of {@code stories}, all dated Tue, 01 Jul 2025 10:00:00 GMT. */
  public static String rss(Story... stories) {
    StringBuilder rss =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
                + "<title>Test</title><link>https://news.test/</link>");
    for (Story story : stories) {
      rss.append("<item><title>")
          .append(story.title())
          .append("</title><link>")
          .append(story.link().replace("&", "&amp;"))
          .append("</link><description>")
          .append(story.summary())
          .append("</description><pubDate>Tue, 01 Jul 2025 10:00:00 GMT</pubDate></item>");
    }
    return rss.append("</channel></rss>").toString();
  }
}
