package dev.sextant.ingest.news;

import dev.sextant.ingest.news.parse.NewsEntry;
import dev.sextant.ingest.news.sentiment.Sentiment;
import dev.sextant.ingest.news.sentiment.SentimentScorer;
import dev.sextant.ingest.news.sentiment.Term;
import dev.sextant.ingest.news.tag.AssetTagger;
import dev.sextant.ingest.news.tag.Tags;
import dev.sextant.ingest.time.ProtoTime;
import dev.sextant.schemas.v1.AssetSentiment;
import dev.sextant.schemas.v1.NewsItem;
import dev.sextant.schemas.v1.SentimentTerm;
import java.time.Instant;

/**
 * Turns a normalized feed entry into the NewsItem published on {@code news.items.v1}: tagged with
 * the assets and entities it is about and scored for sentiment. Stateless and thread-safe.
 */
public final class NewsItems {

  private final AssetTagger tagger;
  private final SentimentScorer scorer;

  public NewsItems(AssetTagger tagger, SentimentScorer scorer) {
    this.tagger = tagger;
    this.scorer = scorer;
  }

  /** With the project's tagging rules and lexicon. */
  public static NewsItems loadDefault() {
    return new NewsItems(AssetTagger.loadDefault(), SentimentScorer.loadDefault());
  }

  /**
   * The item of {@code entry} fetched at {@code fetched}, at {@code revision} (0 for the first time
   * a story is seen, one more for each changed version).
   */
  public NewsItem item(NewsEntry entry, Instant fetched, int revision) {
    // Tagger and scorer see the same strings: per-asset scores use the mention positions.
    Tags tags = tagger.tag(entry.title(), entry.summary());
    Sentiment sentiment = scorer.score(entry.title(), entry.summary(), tags);
    NewsItem.Builder item =
        NewsItem.newBuilder()
            .setId(entry.id())
            .setTitle(entry.title())
            .setSummary(entry.summary())
            .setUrl(entry.url())
            .setSource(entry.source())
            .setPublished(ProtoTime.of(entry.published()))
            .setFetched(ProtoTime.of(fetched))
            .addAllAssets(tags.assets())
            .addAllEntities(tags.entities())
            .setSentiment(sentiment.score())
            .setRevision(revision);
    entry.author().ifPresent(item::setAuthor);
    for (String asset : tags.assets()) {
      Double score = sentiment.perAsset().get(asset);
      if (score != null) {
        item.addAssetSentiments(
            AssetSentiment.newBuilder().setAsset(asset).setSentiment(score).build());
      }
    }
    for (Term term : sentiment.topTerms()) {
      item.addTopTerms(SentimentTerm.newBuilder().setTerm(term.term()).setWeight(term.weight()));
    }
    return item.build();
  }
}
