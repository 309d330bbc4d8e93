package dev.sextant.ingest.news.tag;

import dev.sextant.ingest.news.tag.Mention.Part;
import dev.sextant.ingest.news.text.Token;
import dev.sextant.ingest.news.text.Tokenizer;
import dev.sextant.schemas.registry.Asset;
import dev.sextant.schemas.registry.Registry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tags the assets and entities a news item names. The rules, in the order they are tried at each
 * word (see docs/news/tagging.md):
 *
 * <ol>
 *   <li>a cashtag ({@code $ETH}, {@code $btc}) of a non-fiat asset or an entity ticker, any case;
 *   <li>a name or alias, case-insensitive, whole words, the longest match first ("Wrapped Bitcoin"
 *       before "Bitcoin"); a name that is also an ordinary word ("Ether") only with a capital;
 *   <li>a ticker written exactly in upper case as a whole word ("SOL", never "Sol", "sol" or the
 *       "SOL" of "SOLUTION"-free text: words never match inside longer words). A ticker that is
 *       also an English word (LINK, ONE, UNI) counts only with a crypto context word or another tag
 *       within the context window in the same sentence, and never in a part written all in
 *       capitals, where every word looks like a ticker. A strict ticker (TAO, as in "the TAO of
 *       trading") counts only with a word of its own context list nearby (not in a part written in
 *       capitals), or when the item names its asset otherwise (Bittensor, $TAO).
 * </ol>
 *
 * Fiat assets (USD, EUR) are never tagged: every price quote would name them.
 */
public final class AssetTagger {

  private record Target(String asset, String entity) {}

  /**
   * @param capitalised whether each word must start with a capital ("Ether", never "ether")
   */
  private record Phrase(String[] norms, Target target, boolean capitalised) {}

  /** One part tagged, strict tickers still waiting for the whole item. */
  private record PartTags(
      String text,
      Part part,
      List<Token> tokens,
      Map<Integer, Mention> found,
      List<Integer> strictPending) {}

  private final Map<String, List<Phrase>> phrasesByFirstWord = new HashMap<>();
  private final Map<String, Target> tickers = new HashMap<>();
  private final Map<String, Target> cashtags = new HashMap<>();
  private final Set<String> ambiguous;
  private final Set<String> contextWords;
  private final Map<String, Set<String>> strict;
  private final Set<String> capitalisedNames;
  private final int window;

  public AssetTagger(Collection<Asset> assets, TaggingRules rules) {
    this.ambiguous = rules.ambiguousTickers();
    this.contextWords = rules.contextWords();
    this.strict = rules.strictTickers();
    this.capitalisedNames = rules.capitalisedNames();
    this.window = rules.contextWindow();
    for (Asset asset : assets) {
      if (asset.kind() == Asset.Kind.FIAT) {
        continue;
      }
      Target target = new Target(asset.symbol(), null);
      addPhrase(asset.name(), target);
      asset.aliases().forEach(alias -> addPhrase(alias, target));
      tickers.put(asset.symbol(), target);
      cashtags.put(asset.symbol().toUpperCase(Locale.ROOT), target);
    }
    for (Entity entity : rules.entities()) {
      Target target = new Target(null, entity.name());
      entity.names().forEach(name -> addPhrase(name, target));
      for (String ticker : entity.tickers()) {
        tickers.put(ticker, target);
        cashtags.put(ticker.toUpperCase(Locale.ROOT), target);
      }
      entity
          .cashtagOnlyTickers()
          .forEach(ticker -> cashtags.put(ticker.toUpperCase(Locale.ROOT), target));
    }
    Comparator<Phrase> longestFirst = Comparator.comparingInt(p -> -p.norms().length);
    phrasesByFirstWord.values().forEach(list -> list.sort(longestFirst));
  }

  /** The tagger of the bundled registry and rules. */
  public static AssetTagger loadDefault() {
    return new AssetTagger(Registry.loadDefault().assets(), TaggingRules.loadDefault());
  }

  private void addPhrase(String phrase, Target target) {
    List<Token> words = Tokenizer.tokenize(phrase);
    if (words.isEmpty()) {
      return;
    }
    String[] norms = words.stream().map(Token::norm).toArray(String[]::new);
    phrasesByFirstWord
        .computeIfAbsent(norms[0], k -> new ArrayList<>())
        .add(new Phrase(norms, target, capitalisedNames.contains(phrase)));
  }

  public Tags tag(String title, String text) {
    PartTags titleTags = tagPart(title, Part.TITLE);
    PartTags textTags = tagPart(text, Part.TEXT);
    if (!titleTags.strictPending().isEmpty() || !textTags.strictPending().isEmpty()) {
      // Before strict tickers are added: the assets the item names by name, cashtag or ticker.
      Set<String> named = new HashSet<>();
      for (PartTags p : List.of(titleTags, textTags)) {
        p.found().values().stream()
            .filter(m -> m.asset() != null)
            .forEach(m -> named.add(m.asset()));
      }
      resolveStrict(titleTags, named);
      resolveStrict(textTags, named);
    }
    List<Mention> mentions = new ArrayList<>();
    for (PartTags p : List.of(titleTags, textTags)) {
      p.found().keySet().stream().sorted().forEach(k -> mentions.add(p.found().get(k)));
    }
    Set<String> assets = new LinkedHashSet<>();
    Set<String> entities = new LinkedHashSet<>();
    for (Mention m : mentions) {
      if (m.asset() != null) {
        assets.add(m.asset());
      } else {
        entities.add(m.entity());
      }
    }
    return new Tags(List.copyOf(assets), List.copyOf(entities), mentions);
  }

  private PartTags tagPart(String text, Part part) {
    List<Token> tokens = Tokenizer.tokenize(text);
    // Ambiguous tickers wait until every other match is known, since another tag is context.
    List<Integer> pending = new ArrayList<>();
    // Strict tickers wait for the whole item, since their asset may be named in the other part.
    List<Integer> strictPending = new ArrayList<>();
    Map<Integer, Mention> found = new HashMap<>();
    Set<Integer> tagged = new HashSet<>();
    int i = 0;
    while (i < tokens.size()) {
      Token token = tokens.get(i);
      if (token.cashtag()) {
        Target target = cashtags.get(token.word().toUpperCase(Locale.ROOT));
        if (target != null) {
          found.put(i, mention("$" + token.word(), part, token.start() - 1, target));
          tagged.add(i);
          i++;
          continue;
        }
      }
      int matched = matchPhrase(tokens, i, text, part, found);
      if (matched > 0) {
        for (int k = i; k < i + matched; k++) {
          tagged.add(k);
        }
        i += matched;
        continue;
      }
      Target target = tickers.get(token.word());
      if (target != null) {
        if (target.asset() != null && strict.containsKey(target.asset())) {
          strictPending.add(i);
        } else if (target.asset() != null && ambiguous.contains(target.asset())) {
          pending.add(i);
        } else {
          found.put(i, mention(token.word(), part, token.start(), target));
          tagged.add(i);
        }
      }
      i++;
    }
    if (!pending.isEmpty() && !isShouting(text)) {
      for (int p : pending) {
        if (hasContext(tokens, p, tagged, contextWords)) {
          Token token = tokens.get(p);
          found.put(p, mention(token.word(), part, token.start(), tickers.get(token.word())));
        }
      }
    }
    return new PartTags(text, part, tokens, found, strictPending);
  }

  /**
   * Adds the strict tickers of {@code p} whose asset the item names otherwise, or that have a word
   * of their own context list nearby in a part not written in capitals.
   */
  private void resolveStrict(PartTags p, Set<String> named) {
    if (p.strictPending().isEmpty()) {
      return;
    }
    boolean shouting = isShouting(p.text());
    for (int at : p.strictPending()) {
      Token token = p.tokens().get(at);
      Target target = tickers.get(token.word());
      if (named.contains(target.asset())
          || (!shouting && hasContext(p.tokens(), at, Set.of(), strict.get(target.asset())))) {
        p.found().put(at, mention(token.word(), p.part(), token.start(), target));
      }
    }
  }

  private int matchPhrase(
      List<Token> tokens, int i, String text, Part part, Map<Integer, Mention> found) {
    List<Phrase> candidates = phrasesByFirstWord.get(tokens.get(i).norm());
    if (candidates == null) {
      return 0;
    }
    for (Phrase phrase : candidates) {
      int len = phrase.norms().length;
      if (i + len > tokens.size()) {
        continue;
      }
      boolean all = true;
      for (int k = 1; k < len && all; k++) {
        all = tokens.get(i + k).norm().equals(phrase.norms()[k]);
      }
      for (int k = 0; k < len && all && phrase.capitalised(); k++) {
        all = Character.isUpperCase(tokens.get(i + k).word().charAt(0));
      }
      if (all) {
        Token first = tokens.get(i);
        Token last = tokens.get(i + len - 1);
        String term = text.substring(first.start(), last.start() + last.word().length());
        found.put(i, mention(term, part, first.start(), phrase.target()));
        return len;
      }
    }
    return 0;
  }

  private boolean hasContext(
      List<Token> tokens, int at, Set<Integer> tagged, Set<String> contextWords) {
    int sentence = tokens.get(at).sentence();
    int from = Math.max(0, at - window);
    int to = Math.min(tokens.size() - 1, at + window);
    for (int k = from; k <= to; k++) {
      if (k == at || tokens.get(k).sentence() != sentence) {
        continue;
      }
      if (tagged.contains(k) || contextWords.contains(tokens.get(k).norm())) {
        return true;
      }
    }
    return false;
  }

  /** A part written in capitals ("BREAKING: LINK UP") gives no case signal for tickers. */
  private static boolean isShouting(String text) {
    int letters = 0;
    int upper = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetter(c)) {
        letters++;
        if (Character.isUpperCase(c)) {
          upper++;
        }
      }
    }
    return letters >= 12 && upper * 5 >= letters * 4;
  }

  private static Mention mention(String term, Part part, int position, Target target) {
    return new Mention(term, part, position, target.asset(), target.entity());
  }
}
