package dev.sextant.ingest.news.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTest {

  @Test
  void shouldStripHtmlDecodeEntitiesAndDropScripts() {
    String html =
        "<p>Bitcoin &amp; ether&nbsp;rise</p>\n<script>var x = 1;</script>"
            + "<style>p { color: red }</style><noscript>enable js</noscript>"
            + "<div>  second\t\tblock &lt;b&gt; </div>";
    assertThat(PlainText.fromHtml(html)).isEqualTo("Bitcoin & ether rise second block <b>");
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
