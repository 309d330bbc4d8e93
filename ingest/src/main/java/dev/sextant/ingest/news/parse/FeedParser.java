package dev.sextant.ingest.news.parse;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import dev.sextant.ingest.news.parse.EntryProblem.Kind;
import dev.sextant.ingest.news.parse.FeedRejected.Reason;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jdom2.Document;
import org.jdom2.Element;

/**
 * Parses one fetched RSS 2.0, RSS 1.0/RDF or Atom body into normalized entries. A body that cannot
 * be trusted or read as a whole throws {@link FeedRejected}; a bad entry is skipped or repaired and
 * reported in {@link ParsedFeed#problems()}, never failing the rest. Stateless and thread-safe.
 */
public final class FeedParser {

  /** The longest title kept, in characters; longer ones are cut at a word like summaries. */
  static final int TITLE_LIMIT = 500;

  /**
   * The longest canonical link accepted, in characters (the limit of sitemaps and of many
   * browsers'). Unlike a title, a link cannot be cut: an entry with a longer one is skipped.
   */
  public static final int LINK_LIMIT = 2_048;

  /** The longest author kept, in characters. */
  static final int AUTHOR_LIMIT = 200;

  /**
   * Dates before this are not feed dates (RSS is from 1999): the entry gets the fetch time and an
   * INVALID_DATE problem. So do dates more than a day after the fetch.
   */
  static final Instant EARLIEST_DATE = Instant.parse("1995-01-01T00:00:00Z");

  static final java.time.Duration LATEST_AHEAD = java.time.Duration.ofDays(1);

  private static final Set<String> PUBLISHED_ELEMENTS =
      Set.of("pubDate", "date", "published", "issued", "created");
  private static final Set<String> UPDATED_ELEMENTS = Set.of("updated", "modified");

  private final int maxBytes;

  /**
   * @param maxBytes the largest body accepted; larger ones are refused before any parsing
   */
  public FeedParser(int maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  public ParsedFeed parse(byte[] body, String source, Instant fetchedAt) {
    if (body.length > maxBytes) {
      throw new FeedRejected(
          Reason.TOO_LARGE, body.length + " bytes, the limit is " + maxBytes + " bytes");
    }
    if (body.length == 0) {
      throw new FeedRejected(Reason.NOT_XML, "empty body");
    }
    Document doc = SafeXml.parse(FeedText.decode(body));
    List<Element> rawEntries = entryElements(doc);
    // The entries' dates are read here, once, with java.time (FeedDates); taken out of the
    // document, Rome does not parse them again its slow way.
    List<List<Element>> rawDates = new ArrayList<>(rawEntries.size());
    for (Element raw : rawEntries) {
      List<Element> dates = new ArrayList<>();
      for (Element child : List.copyOf(raw.getChildren())) {
        if (PUBLISHED_ELEMENTS.contains(child.getName())
            || UPDATED_ELEMENTS.contains(child.getName())) {
          dates.add(child.detach());
        }
      }
      rawDates.add(dates);
    }
    SyndFeed feed;
    try {
      SyndFeedInput input = new SyndFeedInput();
      input.setAllowDoctypes(false);
      feed = input.build(doc);
    } catch (StackOverflowError e) {
      // Rome walks nested content recursively: a feed nested deep enough to exhaust the stack is
      // refused, and costs no other feed anything.
      throw new FeedRejected(Reason.NOT_A_FEED, "nested too deeply to read", null);
    } catch (IllegalArgumentException | FeedException e) {
      throw new FeedRejected(
          Reason.NOT_A_FEED,
          "<" + doc.getRootElement().getQualifiedName() + "> is not RSS or Atom: " + e.getMessage(),
          e);
    }
    List<SyndEntry> syndEntries = feed.getEntries();
    boolean aligned = rawEntries.size() == syndEntries.size();
    List<NewsEntry> entries = new ArrayList<>(syndEntries.size());
    List<EntryProblem> problems = new ArrayList<>();
    for (int i = 0; i < syndEntries.size(); i++) {
      List<Element> dates = aligned ? rawDates.get(i) : List.of();
      entry(i, syndEntries.get(i), dates, feed.getLink(), source, fetchedAt, problems)
          .ifPresent(entries::add);
    }
    return new ParsedFeed(PlainText.fromHtml(feed.getTitle()), entries, problems);
  }

  private static Optional<NewsEntry> entry(
      int index,
      SyndEntry e,
      List<Element> dates,
      String feedLink,
      String source,
      Instant fetchedAt,
      List<EntryProblem> problems) {
    String link = link(e);
    if (link == null) {
      problems.add(new EntryProblem(index, Kind.NO_LINK, "no link, permalink guid or URL id"));
      return Optional.empty();
    }
    String url;
    try {
      url = CanonicalUrl.canonicalize(resolve(link, feedLink));
    } catch (IllegalArgumentException ex) {
      problems.add(new EntryProblem(index, Kind.BAD_LINK, ex.getMessage() + ": " + clip(link)));
      return Optional.empty();
    }
    if (url.length() > LINK_LIMIT) {
      problems.add(
          new EntryProblem(
              index,
              Kind.LONG_LINK,
              url.length() + " characters, the limit is " + LINK_LIMIT + ": " + clip(url)));
      return Optional.empty();
    }
    Instant published = null;
    Instant updated = null;
    for (Element child : dates) {
      boolean isPublished = PUBLISHED_ELEMENTS.contains(child.getName());
      String text = child.getTextNormalize();
      if (text.isEmpty()) {
        continue;
      }
      Instant parsed = FeedDates.parse(text);
      if (parsed != null
          && (parsed.isBefore(EARLIEST_DATE) || parsed.isAfter(fetchedAt.plus(LATEST_AHEAD)))) {
        parsed = null;
      }
      if (parsed == null) {
        problems.add(
            new EntryProblem(
                index,
                Kind.INVALID_DATE,
                "<" + child.getQualifiedName() + "> '" + clip(text) + "'"));
      } else if (isPublished && published == null) {
        published = parsed;
      } else if (!isPublished && updated == null) {
        updated = parsed;
      }
    }
    boolean fromFeed = published != null || updated != null;
    Instant when = published != null ? published : updated != null ? updated : fetchedAt;
    // Capped like the summary: one oversized title must not make a record Kafka refuses.
    String title = PlainText.cap(text(e.getTitleEx(), e.getTitle()), TITLE_LIMIT);
    String summary = PlainText.cap(summary(e), PlainText.SUMMARY_LIMIT);
    String author = PlainText.cap(PlainText.fromHtml(e.getAuthor()), AUTHOR_LIMIT);
    return Optional.of(
        new NewsEntry(
            NewsEntry.idOf(url),
            title,
            summary,
            url,
            source,
            author.isEmpty() ? Optional.empty() : Optional.of(author),
            when,
            fromFeed,
            Optional.ofNullable(updated),
            NewsEntry.contentHashOf(title, summary)));
  }

  /** The article link; RSS guids with isPermaLink and Atom ids that are URLs stand in for it. */
  private static String link(SyndEntry e) {
    if (e.getLink() != null && !e.getLink().isBlank()) {
      return e.getLink().strip();
    }
    String uri = e.getUri();
    if (uri != null && (uri.startsWith("http://") || uri.startsWith("https://"))) {
      return uri.strip();
    }
    return null;
  }

  private static String resolve(String link, String feedLink) {
    try {
      URI uri = new URI(link);
      if (!uri.isAbsolute() && feedLink != null && feedLink.startsWith("http")) {
        return new URI(feedLink.strip()).resolve(uri).toString();
      }
    } catch (Exception ignored) {
      // CanonicalUrl reports the unparsable link.
    }
    return link;
  }

  private static String summary(SyndEntry e) {
    String summary = text(e.getDescription(), null);
    if (summary.isEmpty() && !e.getContents().isEmpty()) {
      summary = text(e.getContents().get(0), null);
    }
    return summary;
  }

  /**
   * Atom's type="text" is kept literally; everything else is read as HTML, including RSS text that
   * Rome labels text/plain, since RSS feeds put escaped HTML in it in practice.
   */
  private static String text(SyndContent content, String fallback) {
    if (content == null) {
      return PlainText.fromHtml(fallback);
    }
    String type = content.getType() == null ? "" : content.getType().toLowerCase(Locale.ROOT);
    return type.equals("text")
        ? PlainText.fromText(content.getValue())
        : PlainText.fromHtml(content.getValue());
  }

  private static List<Element> entryElements(Document doc) {
    List<Element> out = new ArrayList<>();
    for (Element child : doc.getRootElement().getChildren()) {
      switch (child.getName()) {
        case "item", "entry" -> out.add(child);
        case "channel" -> {
          for (Element item : child.getChildren()) {
            if (item.getName().equals("item")) {
              out.add(item);
            }
          }
        }
        default -> {}
      }
    }
    return out;
  }

  private static String clip(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "\u2026";
  }
}
