package dev.sextant.ingest.news.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits text into words and sentences. A word is a run of letters and digits; an apostrophe
 * between letters stays inside it ("doesn't"). Word boundaries are therefore exact: "SOL" is never
 * found inside "solution". A sentence ends at '.', '!', '?', ';' or a line break followed by
 * whitespace or the end, so "$1.5 billion" stays one sentence; a period after a single letter or a
 * common abbreviation ("U.S.", "Mr.", "vs.") does not end one.
 */
public final class Tokenizer {

  private Tokenizer() {}

  public static List<Token> tokenize(String text) {
    List<Token> tokens = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return tokens;
    }
    int sentence = 0;
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        int start = i;
        while (i < n) {
          char d = text.charAt(i);
          if (Character.isLetterOrDigit(d)) {
            i++;
          } else if (isApostrophe(d)
              && i + 1 < n
              && Character.isLetter(text.charAt(i + 1))
              && i > start
              && Character.isLetter(text.charAt(i - 1))) {
            i++;
          } else {
            break;
          }
        }
        String word = stripPossessive(text.substring(start, i));
        boolean cashtag =
            start > 0 && text.charAt(start - 1) == '$' && Character.isLetter(text.charAt(start));
        tokens.add(new Token(word, word.toLowerCase(Locale.ROOT), start, sentence, cashtag));
        continue;
      }
      if (endsSentence(text, i)) {
        sentence++;
      }
      i++;
    }
    return tokens;
  }

  private static boolean endsSentence(String text, int i) {
    char c = text.charAt(i);
    if (c == '\n') {
      return true;
    }
    if (c != '.' && c != '!' && c != '?' && c != ';') {
      return false;
    }
    if (i + 1 < text.length() && !Character.isWhitespace(text.charAt(i + 1))) {
      return false;
    }
    return c != '.' || !afterAbbreviation(text, i);
  }

  /** Words whose period is not a full stop: "U.S. Stock Futures" is one sentence. */
  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "inc", "corp", "ltd", "co", "no",
          "etc", "approx", "est", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
          "oct", "nov", "dec");

  /**
   * Whether the period at {@code dot} closes an abbreviation: a single letter (U.S., J.P. Morgan)
   * or a listed word, and the text goes on with a word that is not capitalized, or the listed word
   * is a title (Mr. Smith).
   */
  private static boolean afterAbbreviation(String text, int dot) {
    int start = dot;
    while (start > 0 && Character.isLetter(text.charAt(start - 1))) {
      start--;
    }
    String word = text.substring(start, dot).toLowerCase(Locale.ROOT);
    if (word.isEmpty()) {
      return false;
    }
    return word.length() == 1 || ABBREVIATIONS.contains(word);
  }

  private static boolean isApostrophe(char c) {
    return c == '\'' || c == '\u2019';
  }

  private static String stripPossessive(String word) {
    int len = word.length();
    if (len > 2
        && (word.charAt(len - 1) == 's' || word.charAt(len - 1) == 'S')
        && isApostrophe(word.charAt(len - 2))) {
      return word.substring(0, len - 2);
    }
    return word;
  }
}
