package dev.sextant.ingest.news.sentiment;

import dev.sextant.ingest.news.tag.Mention;
import dev.sextant.ingest.news.tag.Mention.Part;
import dev.sextant.ingest.news.tag.Tags;
import dev.sextant.ingest.news.text.Token;
import dev.sextant.ingest.news.text.Tokenizer;
import java.util.ArrayList;
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
 * before the term, in the same sentence, multiplies by {@value #NEGATION}. The score is {@code
 * tanh(sum / K)} with K = {@value #K}: one strong title term (weight 2) gives about 0.76, so a
 * single word cannot saturate the scale, and the result is always within [-1, 1].
 */
public final class SentimentScorer {

  static final double TITLE_WEIGHT = 2.0;
  static final double NEGATION = -0.8;
  static final int NEGATION_WINDOW = 3;
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

  private void scorePart(List<Token> tokens, Part part, double partWeight, List<Hit> hits) {
    int n = tokens.size();
    // Where each negator ends, and the multiplier and span of each modifier.
    int[] negatorEnd = new int[n];
    String[] negatorText = new String[n];
    double[] modifierAt = new double[n];
    java.util.Arrays.fill(modifierAt, 1.0);
    List<int[]> termSpans = new ArrayList<>();
    List<Lexicon.Entry> termEntries = new ArrayList<>();
    int i = 0;
    while (i < n) {
      Lexicon.Entry term = lexicon.term(tokens, i);
      Lexicon.Entry negator = lexicon.negator(tokens, i);
      Lexicon.Entry modifier = lexicon.modifier(tokens, i);
      int termLen = term == null ? 0 : term.words().length;
      int negLen = negator == null ? 0 : negator.words().length;
      int modLen = modifier == null ? 0 : modifier.words().length;
      // The longest reading wins ("fails to" is a negator, "fails" alone a term); ties go to the
      // polar term.
      if (termLen > 0 && termLen >= negLen && termLen >= modLen) {
        termSpans.add(new int[] {i, i + termLen});
        termEntries.add(term);
        i += termLen;
      } else if (negLen > 0 && negLen >= modLen) {
        negatorEnd[i + negLen - 1] = 1;
        negatorText[i + negLen - 1] = negator.text();
        i += negLen;
      } else if (modLen > 0) {
        modifierAt[i + modLen - 1] = modifier.value();
        i += modLen;
      } else {
        i++;
      }
    }
    for (int t = 0; t < termSpans.size(); t++) {
      int start = termSpans.get(t)[0];
      int end = termSpans.get(t)[1];
      Lexicon.Entry entry = termEntries.get(t);
      int sentence = tokens.get(start).sentence();
      double multiplier = 1.0;
      for (int k = Math.max(0, start - 2); k < start; k++) {
        if (tokens.get(k).sentence() == sentence) {
          multiplier *= modifierAt[k];
        }
      }
      if (end < n && tokens.get(end).sentence() == sentence) {
        multiplier *= modifierAt[end];
      }
      String label = entry.text();
      double negation = 1.0;
      for (int k = start - 1; k >= Math.max(0, start - NEGATION_WINDOW); k--) {
        if (tokens.get(k).sentence() != sentence) {
          break;
        }
        if (negatorEnd[k] == 1) {
          negation = NEGATION;
          label = negatorText[k] + " " + entry.text();
          break;
        }
      }
      hits.add(new Hit(part, sentence, label, entry.value() * partWeight * multiplier * negation));
    }
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
