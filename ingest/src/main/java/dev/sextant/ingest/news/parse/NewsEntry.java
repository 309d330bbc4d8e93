package dev.sextant.ingest.news.parse;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One normalized feed entry.
 *
 * @param id lowercase hex SHA-256 (64 chars) of {@code url} with http upgraded to https ({@link
 *     #idOf}): the same story has the same id in every feed, over http or https, and across
 *     restarts
 * @param title plain text, possibly empty
 * @param summary plain text, at most {@link PlainText#SUMMARY_LIMIT} chars
 * @param url the canonical URL ({@link CanonicalUrl}), with the scheme the feed gave
 * @param source the configured name of the feed the entry came from
 * @param author plain text, when the feed names one
 * @param published the entry's published (else updated) time; the fetch time when the feed has none
 *     or it does not parse
 * @param publishedFromFeed false when {@code published} is the fetch time
 * @param updated the entry's updated time, when the feed gives one
 * @param contentHash lowercase hex SHA-256 of title and summary: the same id with another hash is
 *     an update, the same hash a repeat
 */
public record NewsEntry(
    String id,
    String title,
    String summary,
    String url,
    String source,
    Optional<String> author,
    Instant published,
    boolean publishedFromFeed,
    Optional<Instant> updated,
    String contentHash) {

  public NewsEntry {
    Objects.requireNonNull(id);
    Objects.requireNonNull(title);
    Objects.requireNonNull(summary);
    Objects.requireNonNull(url);
    Objects.requireNonNull(source);
    Objects.requireNonNull(author);
    Objects.requireNonNull(published);
    Objects.requireNonNull(updated);
    Objects.requireNonNull(contentHash);
  }

  /** The id of the story at {@code canonicalUrl}: SHA-256 of {@link CanonicalUrl#identity}. */
  public static String idOf(String canonicalUrl) {
    return Hashes.sha256Hex(CanonicalUrl.identity(canonicalUrl));
  }

  /**
   * The content hash of a title and summary, as {@code contentHash} holds it. Public so that state
   * rebuilt from published items (which carry title and summary, not the hash) compares equal.
   */
  public static String contentHashOf(String title, String summary) {
    return Hashes.sha256Hex(title + "\n" + summary);
  }
}
