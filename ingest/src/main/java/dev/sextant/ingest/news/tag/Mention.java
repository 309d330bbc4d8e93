package dev.sextant.ingest.news.tag;

/**
 * One place where an item names an asset or an entity, to explain a tag.
 *
 * @param term the text that matched, as written ("$eth", "Bitcoin", "Core Scientific")
 * @param part whether the match is in the title or the text
 * @param position character offset of the match in that part
 * @param asset the registry symbol, or null for an entity mention
 * @param entity the entity name, or null for an asset mention
 */
public record Mention(String term, Part part, int position, String asset, String entity) {

  public enum Part {
    TITLE,
    TEXT
  }
}
