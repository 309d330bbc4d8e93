package dev.sextant.ingest.news.tag;

import java.util.List;

/**
 * What an item is about.
 *
 * @param assets registry symbols in order of first mention (title before text)
 * @param entities entity names in order of first mention
 * @param mentions every match, title first then text, in text order
 */
public record Tags(List<String> assets, List<String> entities, List<Mention> mentions) {

  public Tags {
    assets = List.copyOf(assets);
    entities = List.copyOf(entities);
    mentions = List.copyOf(mentions);
  }
}
