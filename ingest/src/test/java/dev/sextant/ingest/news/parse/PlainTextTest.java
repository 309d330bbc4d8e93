package dev.sextant.ingest.news.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainTextTest {

  @Test
  void shouldStripHtmlDecodeEntitiesAndDropScripts() {
    String html =
        "<p>Bitcoin &amp; ether&nbsp;rise</p>\n<script>var x = 1;</script>"
            + "<style>p { color: red }</style><noscript>enable js</noscript>"
            + "<div>  second\t\tblock &lt;b&gt; </div>";
    assertThat(PlainText.fromHtml(html)).isEqualTo("Bitcoin & ether rise second block <b>");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Bitcoin tops $100k",
        "  leading and trailing  ",
        "tabs\tand\nnew\r\nlines",
        "non\u00a0breaking\u2003em space",
        "a > b, c \" d ' e",
        "control\u0007char",
        "\u00e9t\u00e9 \u2014 \u20ac 5 \ud83d\ude80",
        ""
      })
  void shouldGiveForTextWithoutMarkupWhatTheHtmlParserGives(String text) {
    // Text without '<' or '&' skips jsoup: the result must be the one jsoup would give.
    String viaJsoup = PlainText.fromText(Jsoup.parseBodyFragment(text).body().text());
    assertThat(PlainText.fromHtml(text)).isEqualTo(viaJsoup);
  }

  @Test
  void shouldKeepPlainTextLiterally() {
    assertThat(PlainText.fromText("  a <b>  c\n d ")).isEqualTo("a <b> c d");
  }

  @Test
  void shouldCapAtAWordBoundaryWithAnEllipsisInsideTheLimit() {
    String text = "word ".repeat(1_000).strip();
    String capped = PlainText.cap(text, PlainText.SUMMARY_LIMIT);
    assertThat(capped).hasSizeLessThanOrEqualTo(PlainText.SUMMARY_LIMIT).endsWith("word\u2026");
    assertThat(PlainText.cap("short", 10)).isEqualTo("short");
  }

  @Test
  void shouldCutALongWordWithoutSplittingASurrogatePair() {
    String text = "a".repeat(8) + "\uD83D\uDE00" + "b".repeat(10);
    assertThat(PlainText.cap(text, 10)).isEqualTo("a".repeat(8) + "\u2026");
  }
}
