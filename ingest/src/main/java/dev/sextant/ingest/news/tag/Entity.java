package dev.sextant.ingest.news.tag;

import java.util.List;

/**
 * A named entity that is not an asset: a listed company tagged when an item names it.
 *
 * @param name the name the entity is tagged with ("Core Scientific")
 * @param names names and former names matched case-insensitively as whole words
 * @param tickers stock tickers matched only in upper case as whole words, or as cashtags
 * @param cashtagOnlyTickers tickers that are also ordinary words ("HUT", "RIOT"): only as cashtags
 * @param why why the entity is on the list
 */
public record Entity(
    String name,
    List<String> names,
    List<String> tickers,
    List<String> cashtagOnlyTickers,
    String why) {

  public Entity {
    names = names == null ? List.of() : List.copyOf(names);
    tickers = tickers == null ? List.of() : List.copyOf(tickers);
    cashtagOnlyTickers = cashtagOnlyTickers == null ? List.of() : List.copyOf(cashtagOnlyTickers);
  }
}
