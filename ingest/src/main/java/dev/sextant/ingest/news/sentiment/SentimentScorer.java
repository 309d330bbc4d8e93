package dev.sextant.ingest.news.sentiment;

import dev.sextant.ingest.news.tag.Mention;
import dev.sextant.ingest.news.tag.Mention.Part;
import dev.sextant.ingest.news.tag.Tags;
import dev.sextant.ingest.news.text.Token;
import dev.sextant.ingest.news.text.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lexicon-based sentiment of a news item (see docs/news/sentiment.md). Each lexicon term found
 * contributes {@code weight x part x modifiers x negation}: part is {@value #TITLE_WEIGHT} in the
 * title and 1 in the text; modifiers are the multipliers of intensifiers or diminishers up to two
 * words before the term or right after it; a negator ending up to {@value #NEGATION_WINDOW} words
 * before the term, in the same sentence, with no other polar term in between, multiplies by {@value
 * #NEGATION}. A reverser (a verb of relief: "assuage", "ease") followed by a negative term turns
 * it, times {@value #REVERSAL}, and is negated with it as one unit: "assuage fears" is good,
 * "failed to assuage fears" bad. Terms after a background word ("after", "despite", "amid") in the
 * same sentence count times its value: the main clause carries the news. The score is {@code
 * tanh(sum / K)} with K = {@value #K}: one strong title term (weight 2) gives about 0.76, so a
 * single word cannot saturate the scale, and the result is always within [-1, 1].
 */
public final class SentimentScorer {

  static final double TITLE_WEIGHT = 2.0;
  static final double NEGATION = -0.8;
  static final int NEGATION_WINDOW = 3;
  static final double REVERSAL = -0.8;
  static final int REVERSER_GAP = 1;
  static final double K = 4.0;
  static final int TOP_TERMS = 5;

  private record Hit(Part part, int sentence, String term, double contribution) {}

  private final Lexicon lexicon;

  public SentimentScorer(Lexicon lexicon) {
    this.lexicon = lexicon;
  }

  public static SentimentScorer loadDefault() {
    return new SentimentScorer(Lexicon.loadDefault());
  }

  public Sentiment score(String title, String text, Tags tags) {
    List<Token> titleTokens = Tokenizer.tokenize(title);
    List<Token> textTokens = Tokenizer.tokenize(text);
    List<Hit> hits = new ArrayList<>();
    scorePart(titleTokens, Part.TITLE, TITLE_WEIGHT, hits);
    scorePart(textTokens, Part.TEXT, 1.0, hits);

    double sum = 0;
    Map<String, Double> byTerm = new LinkedHashMap<>();
    for (Hit hit : hits) {
      sum += hit.contribution();
      byTerm.merge(hit.term(), hit.contribution(), Double::sum);
    }
    List<Term> top =
        byTerm.entrySet().stream()
            .filter(e -> e.getValue() != 0)
            .map(e -> new Term(e.getKey(), e.getValue()))
            .sorted(Comparator.comparingDouble((Term t) -> -Math.abs(t.weight())))
            .limit(TOP_TERMS)
            .toList();

    Map<String, Set<String>> sentencesByAsset = new HashMap<>();
    for (Mention m : tags.mentions()) {
      if (m.asset() == null) {
        continue;
      }
      List<Token> tokens = m.part() == Part.TITLE ? titleTokens : textTokens;
      sentencesByAsset
          .computeIfAbsent(m.asset(), k -> new HashSet<>())
          .add(m.part() + ":" + sentenceAt(tokens, m.position()));
    }
    Map<String, Double> perAsset = new LinkedHashMap<>();
    for (String asset : tags.assets()) {
      Set<String> sentences = sentencesByAsset.getOrDefault(asset, Set.of());
      double assetSum = 0;
      for (Hit hit : hits) {
        if (sentences.contains(hit.part() + ":" + hit.sentence())) {
          assetSum += hit.contribution();
        }
      }
      perAsset.put(asset, normalize(assetSum));
    }
    return new Sentiment(normalize(sum), perAsset, top);
  }

  static double normalize(double sum) {
    return Math.tanh(sum / K);
  }

  /** Words the lexicon knows as polar: a term, or a reverser. */
  private record Span(int start, int end, Lexicon.Entry entry, boolean reverser) {}

  private void scorePart(List<Token> tokens, Part part, double partWeight, List<Hit> hits) {
    int n = tokens.size();
    // Where each negator ends, the multiplier of each modifier, and the polar spans in order.
    boolean[] negatorEnds = new boolean[n];
    String[] negatorText = new String[n];
    double[] modifierAt = new double[n];
    Arrays.fill(modifierAt, 1.0);
    List<Span> spans = new ArrayList<>();
    double[] clauseAt = clauseWeights(tokens);
    int i = 0;
    while (i < n) {
      Lexicon.Entry term = lexicon.term(tokens, i);
      Lexicon.Entry reverser = lexicon.reverser(tokens, i);
      Lexicon.Entry negator = lexicon.negator(tokens, i);
      Lexicon.Entry modifier = lexicon.modifier(tokens, i);
      int termLen = length(term);
      int revLen = length(reverser);
      int negLen = length(negator);
      int modLen = length(modifier);
      // The longest reading wins ("fails to" is a negator, "fails" alone a term); ties go to the
      // polar term, then the reverser.
      if (termLen > 0 && termLen >= revLen && termLen >= negLen && termLen >= modLen) {
        spans.add(new Span(i, i + termLen, term, false));
        i += termLen;
      } else if (revLen > 0 && revLen >= negLen && revLen >= modLen) {
        spans.add(new Span(i, i + revLen, reverser, true));
        i += revLen;
      } else if (negLen > 0 && negLen >= modLen) {
        negatorEnds[i + negLen - 1] = true;
        negatorText[i + negLen - 1] = negator.text();
        i += negLen;
      } else if (modLen > 0) {
        modifierAt[i + modLen - 1] = modifier.value();
        i += modLen;
      } else {
        i++;
      }
    }
    // A negator governs the first unit after it only: "does not approve, delays" negates approve.
    int previousEnd = 0;
    for (int u = 0; u < spans.size(); u++) {
      Span head = spans.get(u);
      Span object = u + 1 < spans.size() ? governed(tokens, head, spans.get(u + 1)) : null;
      if (object != null) {
        u++;
      }
      Span scored = object != null ? object : head;
      int sentence = tokens.get(head.start()).sentence();
      double value = object != null ? object.entry().value() * REVERSAL : head.entry().value();
      String label =
          object != null ? head.entry().text() + " " + object.entry().text() : head.entry().text();
      double multiplier = 1.0;
      for (int k = Math.max(0, scored.start() - 2); k < scored.start(); k++) {
        if (tokens.get(k).sentence() == sentence) {
          multiplier *= modifierAt[k];
        }
      }
      if (scored.end() < n && tokens.get(scored.end()).sentence() == sentence) {
        multiplier *= modifierAt[scored.end()];
      }
      double negation = 1.0;
      for (int k = head.start() - 1;
          k >= Math.max(previousEnd, head.start() - NEGATION_WINDOW);
          k--) {
        if (tokens.get(k).sentence() != sentence) {
          break;
        }
        if (negatorEnds[k]) {
          negation = NEGATION;
          label = negatorText[k] + " " + label;
          break;
        }
      }
      multiplier *= clauseAt[head.start()];
      previousEnd = scored.end();
      hits.add(new Hit(part, sentence, label, value * partWeight * multiplier * negation));
    }
  }

  /**
   * The weight of each word's clause: 1, or from a background word ("after", "despite", "amid") to
   * the end of its sentence that word's value. What follows such a word is the setting of the news,
   * not the news: "rebounds after week of losses" is a rebound.
   */
  private double[] clauseWeights(List<Token> tokens) {
    double[] weights = new double[tokens.size()];
    double weight = 1.0;
    for (int k = 0; k < tokens.size(); k++) {
      if (k > 0 && tokens.get(k).sentence() != tokens.get(k - 1).sentence()) {
        weight = 1.0;
      }
      Lexicon.Entry background = lexicon.background(tokens, k);
      if (background != null) {
        weight = Math.min(weight, background.value());
      }
      weights[k] = weight;
    }
    return weights;
  }

  /**
   * The negative term a reverser governs: the next span, when it is a negative term in the same
   * sentence at most {@value #REVERSER_GAP} word after it ("assuage investor fears"); else null.
   */
  private static Span governed(List<Token> tokens, Span reverser, Span next) {
    if (!reverser.reverser()
        || next.reverser()
        || next.entry().value() >= 0
        || next.start() - reverser.end() > REVERSER_GAP
        || tokens.get(next.start()).sentence() != tokens.get(reverser.start()).sentence()) {
      return null;
    }
    return next;
  }

  private static int length(Lexicon.Entry entry) {
    return entry == null ? 0 : entry.words().length;
  }

  private static int sentenceAt(List<Token> tokens, int position) {
    for (Token token : tokens) {
      if (token.start() >= position) {
        return token.sentence();
      }
    }
    return tokens.isEmpty() ? 0 : tokens.get(tokens.size() - 1).sentence();
  }
}
