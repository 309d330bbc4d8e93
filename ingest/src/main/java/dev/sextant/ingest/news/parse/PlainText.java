package dev.sextant.ingest.news.parse;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/** Feed text (HTML or plain) to one line of plain text. */
public final class PlainText {

  /** The longest summary kept, in UTF-16 chars, the ellipsis included. */
  public static final int SUMMARY_LIMIT = 2_000;

  private static final String ELLIPSIS = "\u2026";

  /** Parsed once: jsoup parses a selector string on every {@code select} call. */
  private static final Evaluator DROPPED =
      QueryParser.parse("script, style, noscript, template, iframe");

  private PlainText() {}

  /**
   * HTML to text: script, style, noscript, template and iframe content dropped, entities decoded,
   * block boundaries become spaces, whitespace (non-breaking spaces included) collapsed, trimmed.
   */
  public static String fromHtml(String html) {
    if (html == null || html.isBlank()) {
      return "";
    }
    if (html.indexOf('<') < 0 && html.indexOf('&') < 0) {
      // No markup and no entity: what jsoup would return is the text, whitespace collapsed.
      return collapse(html);
    }
    Document doc = Jsoup.parseBodyFragment(html);
    doc.select(DROPPED).remove();
    return collapse(doc.body().text());
  }

  /** Text that is declared plain: only whitespace collapsed (a literal "<" stays). */
  public static String fromText(String text) {
    return text == null ? "" : collapse(text);
  }

  /**
   * {@code text} cut to at most {@code limit} chars: when longer, it ends at the last whitespace in
   * the second half of the allowed length (else mid-word, never inside a surrogate pair), trailing
   * whitespace removed, followed by "…" (counted in the limit).
   */
  public static String cap(String text, int limit) {
    if (text.length() <= limit) {
      return text;
    }
    int cut = limit - ELLIPSIS.length();
    int space = -1;
    for (int i = cut; i >= cut / 2; i--) {
      if (Character.isWhitespace(text.charAt(i))) {
        space = i;
        break;
      }
    }
    if (space > 0) {
      cut = space;
    } else if (Character.isHighSurrogate(text.charAt(cut - 1))) {
      cut--;
    }
    return text.substring(0, cut).stripTrailing() + ELLIPSIS;
  }

  private static String collapse(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean pendingSpace = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
        pendingSpace = out.length() > 0;
      } else {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }
}
