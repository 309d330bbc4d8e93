package dev.sextant.ingest.news.sentiment;

import dev.sextant.ingest.news.text.Token;
import dev.sextant.ingest.news.text.Tokenizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sentiment lexicon: polar terms with weights, negators, intensity modifiers, reversers and
 * background words, each possibly several words. Read from a tab-separated file of {@code kind term
 * value} lines where kind is {@code term} (value = weight in [-3, 3]), {@code negator} (no value),
 * {@code modifier} (value = multiplier, above 1 intensifies, below 1 diminishes), {@code reverser}
 * (a verb of relief such as "assuage" that turns the bad thing it governs good; value = its weight
 * when it governs none) or {@code background} (a word such as "after" that opens the setting of the
 * news; value = multiplier of the terms after it in its sentence). Blank lines and lines starting
 * with '#' are skipped. The bundled file is {@code /news/sentiment-lexicon.tsv}.
 */
public final class Lexicon {

  /** An entry; {@code words} are lower case. */
  public record Entry(String[] words, String text, double value) {}

  private static final String DEFAULT_RESOURCE = "/news/sentiment-lexicon.tsv";

  private final Map<String, List<Entry>> terms = new HashMap<>();
  private final Map<String, List<Entry>> negators = new HashMap<>();
  private final Map<String, List<Entry>> modifiers = new HashMap<>();
  private final Map<String, List<Entry>> reversers = new HashMap<>();
  private final Map<String, List<Entry>> backgrounds = new HashMap<>();
  private int size;

  private Lexicon() {}

  public static Lexicon loadDefault() {
    try (InputStream in = Lexicon.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULT_RESOURCE + " is not on the classpath");
      }
      return load(in, DEFAULT_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
    }
  }

  /**
   * @throws IllegalArgumentException naming the line when a line is malformed
   */
  public static Lexicon load(InputStream in, String origin) throws IOException {
    Lexicon lexicon = new Lexicon();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cols = line.split("\t");
      String where = origin + ":" + number;
      if (cols.length < 2) {
        throw new IllegalArgumentException(where + ": expected kind<TAB>term[<TAB>value]");
      }
      List<Token> words = Tokenizer.tokenize(cols[1]);
      if (words.isEmpty()) {
        throw new IllegalArgumentException(where + ": empty term");
      }
      String[] norms = words.stream().map(Token::norm).toArray(String[]::new);
      String text = String.join(" ", norms);
      switch (cols[0]) {
        case "term" -> add(lexicon.terms, new Entry(norms, text, value(cols, where)));
        case "negator" -> add(lexicon.negators, new Entry(norms, text, -1));
        case "modifier" -> add(lexicon.modifiers, new Entry(norms, text, value(cols, where)));
        case "reverser" -> add(lexicon.reversers, new Entry(norms, text, value(cols, where)));
        case "background" -> add(lexicon.backgrounds, new Entry(norms, text, value(cols, where)));
        default -> throw new IllegalArgumentException(where + ": unknown kind " + cols[0]);
      }
      lexicon.size++;
    }
    Comparator<Entry> longestFirst = Comparator.comparingInt(e -> -e.words().length);
    for (Map<String, List<Entry>> map :
        List.of(
            lexicon.terms,
            lexicon.negators,
            lexicon.modifiers,
            lexicon.reversers,
            lexicon.backgrounds)) {
      map.values().forEach(list -> list.sort(longestFirst));
    }
    return lexicon;
  }

  private static double value(String[] cols, String where) {
    if (cols.length < 3) {
      throw new IllegalArgumentException(where + ": missing value");
    }
    try {
      return Double.parseDouble(cols[2].trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + ": bad value " + cols[2]);
    }
  }

  private static void add(Map<String, List<Entry>> map, Entry entry) {
    map.computeIfAbsent(entry.words()[0], k -> new ArrayList<>()).add(entry);
  }

  /** Number of entries of all kinds. */
  public int size() {
    return size;
  }

  Entry term(List<Token> tokens, int at) {
    return longest(terms, tokens, at);
  }

  Entry negator(List<Token> tokens, int at) {
    return longest(negators, tokens, at);
  }

  Entry modifier(List<Token> tokens, int at) {
    return longest(modifiers, tokens, at);
  }

  Entry background(List<Token> tokens, int at) {
    return longest(backgrounds, tokens, at);
  }

  Entry reverser(List<Token> tokens, int at) {
    return longest(reversers, tokens, at);
  }

  private static Entry longest(Map<String, List<Entry>> map, List<Token> tokens, int at) {
    List<Entry> candidates = map.get(tokens.get(at).norm());
    if (candidates == null) {
      return null;
    }
    int sentence = tokens.get(at).sentence();
    for (Entry entry : candidates) {
      int len = entry.words().length;
      if (at + len > tokens.size()) {
        continue;
      }
      boolean all = true;
      for (int k = 1; k < len && all; k++) {
        Token t = tokens.get(at + k);
        all = t.sentence() == sentence && t.norm().equals(entry.words()[k]);
      }
      if (all) {
        return entry;
      }
    }
    return null;
  }
}
