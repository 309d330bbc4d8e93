package dev.sextant.ingest.news.parse;

import java.util.List;

/** A parsed feed: its title, its usable entries in feed order, and what was wrong with others. */
public record ParsedFeed(String title, List<NewsEntry> entries, List<EntryProblem> problems) {

  public ParsedFeed {
    title = title == null ? "" : title;
    entries = List.copyOf(entries);
    problems = List.copyOf(problems);
  }
}
