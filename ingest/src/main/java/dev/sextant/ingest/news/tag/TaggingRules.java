package dev.sextant.ingest.news.tag;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The data of the tagger besides the registry: which tickers and names are also English words, the
 * words that make such a ticker count, and the entity list. Bundled as {@code /news/tagging.json}.
 *
 * @param ambiguousTickers asset tickers that are also English words when capitalized ("LINK")
 * @param contextWords lower-case words that make an ambiguous ticker nearby a ticker ("token")
 * @param contextWindow how many words either side of an ambiguous ticker are searched
 * @param strictTickers asset tickers that are also words written in capitals ("the TAO of
 *     trading"), each with its own context words: such a ticker counts only next to one of them, or
 *     when the item names its asset otherwise; other tags and the general context words do not
 *     count
 * @param capitalisedNames asset names or aliases that are also ordinary lower-case words ("ether"):
 *     they tag only when written with a capital letter
 * @param entities the listed companies tagged as entities
 */
public record TaggingRules(
    Set<String> ambiguousTickers,
    Set<String> contextWords,
    int contextWindow,
    Map<String, Set<String>> strictTickers,
    Set<String> capitalisedNames,
    List<Entity> entities) {

  private static final String DEFAULT_RESOURCE = "/news/tagging.json";

  public TaggingRules {
    ambiguousTickers = Set.copyOf(ambiguousTickers);
    contextWords = lowerCase(contextWords);
    strictTickers =
        strictTickers == null
            ? Map.of()
            : strictTickers.entrySet().stream()
                .collect(
                    Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> lowerCase(e.getValue())));
    capitalisedNames = capitalisedNames == null ? Set.of() : Set.copyOf(capitalisedNames);
    entities = List.copyOf(entities);
    if (contextWindow < 1) {
      throw new IllegalArgumentException("contextWindow must be positive: " + contextWindow);
    }
  }

  private static Set<String> lowerCase(Set<String> words) {
    return words.stream()
        .map(w -> w.toLowerCase(Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet());
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
