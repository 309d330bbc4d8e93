package dev.sextant.ingest.news.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.ingest.news.parse.FeedRejected.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each hostile or broken body is refused with its stable reason. */
class HostileFeedTest {

  private static final Instant FETCHED = Instant.parse("2024-06-01T00:00:00Z");
  private final FeedParser parser = new FeedParser(64 * 1024);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private Reason reasonFor(byte[] body) {
    try {
      parser.parse(body, "hostile", FETCHED);
    } catch (FeedRejected e) {
      return e.reason();
    }
    throw new AssertionError("accepted");
  }

  private static String xxe(Path secret) {
    return "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM \""
        + secret.toUri()
        + "\">]>\n<rss version=\"2.0\"><channel><title>&xxe;</title><item><title>&xxe;</title>"
        + "<link>https://a.example.net/x</link></item></channel></rss>";
  }

  @Test
  void shouldRefuseAnExternalFileEntityWithoutReadingTheFile(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT");

    assertThatThrownBy(() -> parser.parse(utf8(xxe(secret)), "hostile", FETCHED))
        .isInstanceOf(FeedRejected.class)
        .hasMessageNotContaining("TOP-SECRET-CONTENT")
        .extracting(e -> ((FeedRejected) e).reason())
        .isEqualTo(Reason.DOCTYPE);
  }

  @Test
  void shouldHaveTheParserItselfRefuseADoctypeBehindTheProlog(@TempDir Path dir) throws Exception {
    // Defence in depth: the XML parser refuses on its own, without the prolog check.
    Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT");

    assertThatThrownBy(() -> SafeXml.build(xxe(secret)))
        .isInstanceOf(FeedRejected.class)
        .hasMessageNotContaining("TOP-SECRET-CONTENT")
        .extracting(e -> ((FeedRejected) e).reason())
        .isEqualTo(Reason.DOCTYPE);
  }

  @Test
  void shouldRefuseBillionLaughs() {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    dtd.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">");
    for (int i = 2; i <= 9; i++) {
      dtd.append("<!ENTITY lol").append(i).append(" \"");
      dtd.append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
    }
    dtd.append("]>");
    String body =
        "<?xml version=\"1.0\"?>"
            + dtd
            + "<rss version=\"2.0\"><channel><title>&lol9;</title></channel></rss>";

    assertThat(reasonFor(utf8(body))).isEqualTo(Reason.DOCTYPE);
    assertThatThrownBy(() -> SafeXml.build(body))
        .extracting(e -> ((FeedRejected) e).reason())
        .isEqualTo(Reason.DOCTYPE);
  }

  @Test
  void shouldRefuseADoctypeWithInternalEntitiesEvenAfterAComment() {
    String body =
        "<?xml version=\"1.0\"?><!-- harmless --><!DOCTYPE rss [<!ENTITY name \"value\">]>"
            + "<rss version=\"2.0\"><channel><title>&name;</title></channel></rss>";
    assertThat(reasonFor(utf8(body))).isEqualTo(Reason.DOCTYPE);
  }

  @Test
  void shouldRefuseAnOversizeFeedBeforeParsing() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(utf8("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>"));
    while (out.size() <= 64 * 1024) {
      out.writeBytes(utf8("<item><title>x</title><link>https://a.example.net/x</link></item>"));
    }
    out.writeBytes(utf8("</channel></rss>"));

    assertThat(reasonFor(out.toByteArray())).isEqualTo(Reason.TOO_LARGE);
    // Even garbage is refused for size, before anything reads it.
    assertThat(reasonFor(new byte[64 * 1024 + 1])).isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void shouldRefuseJson() {
    assertThat(reasonFor(utf8("{\"items\":[{\"title\":\"x\"}]}"))).isEqualTo(Reason.NOT_XML);
  }

  @Test
  void shouldRefuseHtmlPages() {
    assertThat(reasonFor(utf8("<!DOCTYPE html><html><head><title>Login</title></head></html>")))
        .isEqualTo(Reason.NOT_XML);
    assertThat(reasonFor(utf8("\n<html><body><p>Service unavailable<br></body></html>")))
        .isEqualTo(Reason.NOT_XML);
  }

  @Test
  void shouldRefuseBrokenAndEmptyXml() {
    assertThat(reasonFor(utf8("<rss version=\"2.0\"><channel><title>cut off")))
        .isEqualTo(Reason.NOT_XML);
    assertThat(reasonFor(new byte[0])).isEqualTo(Reason.NOT_XML);
    assertThat(reasonFor(utf8("  \n "))).isEqualTo(Reason.NOT_XML);
  }

  @Test
  void shouldRefuseXmlThatIsNotAFeed() {
    assertThat(reasonFor(utf8("<?xml version=\"1.0\"?><note><to>you</to></note>")))
        .isEqualTo(Reason.NOT_A_FEED);
  }

  @Test
  void shouldRefuseInvalidUtf8InAUtf8Feed() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>"));
    out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
    out.writeBytes(utf8("</title></channel></rss>"));

    assertThat(reasonFor(out.toByteArray())).isEqualTo(Reason.BAD_ENCODING);
  }

  @Test
  void shouldRefuseAnUnknownDeclaredCharset() {
    String body =
        "<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?><rss version=\"2.0\">"
            + "<channel><title>T</title></channel></rss>";
    assertThat(reasonFor(utf8(body))).isEqualTo(Reason.BAD_ENCODING);
  }
}
