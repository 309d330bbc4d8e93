package dev.sextant.ingest.news.poll;

import dev.sextant.ingest.news.parse.NewsEntry;
import dev.sextant.schemas.v1.NewsItem;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The stories already published, by id (hash of the canonical URL): the feed that published it, its
 * content hash and latest revision. Decides whether an entry is new, an update or a repeat, across
 * feeds (same URL, same id) and across restarts (seeded from what was published). Only the feed
 * that published a story updates it: another feed's copy, with its own summary, is a repeat, or two
 * feeds carrying one story would publish a revision on every poll. Not thread-safe; the poller owns
 * it.
 */
public final class SeenStories {

  /** What to do with an entry. */
  public enum Kind {
    /** Never published: publish at revision 0. */
    NEW,
    /** Published with other content: publish the next revision. */
    UPDATE,
    /** Published with this content: publish nothing. */
    REPEAT
  }

  /**
   * A decision.
   *
   * @param kind new, update or repeat
   * @param revision the revision to publish (for a repeat, the one already published)
   */
  public record Decision(Kind kind, int revision) {
    public Decision {
      Objects.requireNonNull(kind, "kind");
    }

    /** True when the entry is to be published. */
    public boolean publish() {
      return kind != Kind.REPEAT;
    }
  }

  private record Seen(String source, String contentHash, int revision) {}

  private final Map<String, Seen> seen = new HashMap<>();

  /**
   * Takes in items already published (e.g. the latest item per key of the compacted {@code
   * news.items.v1}). An item carries no content hash, so it is recomputed from its title and
   * summary with {@link NewsEntry#contentHashOf}, which is how entries are hashed: an item is
   * published with its entry's title and summary unchanged. Of two items with one id, the higher
   * revision wins.
   */
  public void seed(Iterable<NewsItem> published) {
    for (NewsItem item : published) {
      Seen candidate =
          new Seen(
              item.getSource(),
              NewsEntry.contentHashOf(item.getTitle(), item.getSummary()),
              item.getRevision());
      seen.merge(
          item.getId(), candidate, (old, now) -> now.revision() >= old.revision() ? now : old);
    }
  }

  /** Decides for {@code entry} and remembers it as published when the decision is to publish. */
  public Decision decide(NewsEntry entry) {
    Seen known = seen.get(entry.id());
    if (known == null) {
      seen.put(entry.id(), new Seen(entry.source(), entry.contentHash(), 0));
      return new Decision(Kind.NEW, 0);
    }
    if (!known.source().equals(entry.source()) || known.contentHash().equals(entry.contentHash())) {
      return new Decision(Kind.REPEAT, known.revision());
    }
    int revision = known.revision() + 1;
    seen.put(entry.id(), new Seen(entry.source(), entry.contentHash(), revision));
    return new Decision(Kind.UPDATE, revision);
  }

  /** How many stories are known. */
  public int size() {
    return seen.size();
  }
}
