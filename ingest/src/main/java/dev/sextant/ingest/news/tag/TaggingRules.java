package dev.sextant.ingest.news.tag;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The data of the tagger besides the registry: which tickers are also English words, the words that
 * make such a ticker count, and the entity list. Bundled as {@code /news/tagging.json}.
 *
 * @param ambiguousTickers asset tickers that are also English words when capitalized ("LINK")
 * @param contextWords lower-case words that make an ambiguous ticker nearby a ticker ("token")
 * @param contextWindow how many words either side of an ambiguous ticker are searched
 * @param entities the listed companies tagged as entities
 */
public record TaggingRules(
    Set<String> ambiguousTickers,
    Set<String> contextWords,
    int contextWindow,
    List<Entity> entities) {

  private static final String DEFAULT_RESOURCE = "/news/tagging.json";

  public TaggingRules {
    ambiguousTickers = Set.copyOf(ambiguousTickers);
    contextWords =
        contextWords.stream()
            .map(w -> w.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    entities = List.copyOf(entities);
    if (contextWindow < 1) {
      throw new IllegalArgumentException("contextWindow must be positive: " + contextWindow);
    }
  }

  public static TaggingRules loadDefault() {
    try (InputStream in = TaggingRules.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULT_RESOURCE + " is not on the classpath");
      }
      return load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
    }
  }

  public static TaggingRules load(InputStream json) throws IOException {
    return new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .readValue(json, TaggingRules.class);
  }
}
