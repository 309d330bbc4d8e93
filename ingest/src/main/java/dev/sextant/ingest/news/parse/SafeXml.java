package dev.sextant.ingest.news.parse;

import com.rometools.rome.io.impl.XmlFixerReader;
import dev.sextant.ingest.news.parse.FeedRejected.Reason;
import java.io.IOException;
import java.io.StringReader;
import java.util.Locale;
import org.jdom2.Document;
import org.jdom2.JDOMException;
import org.jdom2.input.SAXBuilder;
import org.jdom2.input.sax.XMLReaders;
import org.xml.sax.InputSource;

/**
 * Text to a JDOM document with DTDs refused outright. Rome 2.x already refuses DOCTYPEs by default
 * ({@code WireFeedInput.allowDoctypes} is false), but we build the parser ourselves so the refusal
 * does not hang on a library default, and name it with a stable reason: a prolog check first, then
 * the parser's own {@code disallow-doctype-decl}, external entities and external DTD loading off,
 * and an entity resolver that resolves nothing.
 */
final class SafeXml {

  private SafeXml() {}

  static Document parse(String text) {
    checkProlog(text);
    return build(text);
  }

  /** The parser alone, without the prolog check (package-private so tests can reach it). */
  static Document build(String text) {
    SAXBuilder builder = new SAXBuilder(XMLReaders.NONVALIDATING);
    builder.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    builder.setFeature("http://xml.org/sax/features/external-general-entities", false);
    builder.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    builder.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    builder.setExpandEntities(false);
    builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
    try {
      // Rome's healer, as Rome itself applies it: HTML entities such as &nbsp; that feeds use
      // without declaring them become character references.
      return builder.build(new XmlFixerReader(new StringReader(text)));
    } catch (JDOMException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("DOCTYPE")) {
        throw new FeedRejected(Reason.DOCTYPE, "DOCTYPE declarations are not accepted", e);
      }
      throw new FeedRejected(Reason.NOT_XML, "not well-formed XML: " + message, e);
    } catch (IOException e) {
      throw new FeedRejected(Reason.NOT_XML, "unreadable XML: " + e.getMessage(), e);
    }
  }

  /** Names the common refusals before the parser sees the text: JSON, HTML pages, DOCTYPEs. */
  private static void checkProlog(String text) {
    int i = 0;
    int n = text.length();
    while (true) {
      while (i < n && (Character.isWhitespace(text.charAt(i)) || text.charAt(i) == '\uFEFF')) {
        i++;
      }
      if (text.startsWith("<?", i)) {
        int end = text.indexOf("?>", i);
        i = end < 0 ? n : end + 2;
      } else if (text.startsWith("<!--", i)) {
        int end = text.indexOf("-->", i);
        i = end < 0 ? n : end + 3;
      } else {
        break;
      }
    }
    if (i >= n) {
      throw new FeedRejected(Reason.NOT_XML, "no root element");
    }
    String head = text.substring(i, Math.min(n, i + 20)).toLowerCase(Locale.ROOT);
    if (head.startsWith("<!doctype html") || head.startsWith("<html")) {
      throw new FeedRejected(Reason.NOT_XML, "an HTML page, not a feed");
    }
    if (head.startsWith("<!doctype")) {
      throw new FeedRejected(Reason.DOCTYPE, "DOCTYPE declarations are not accepted");
    }
    if (text.charAt(i) != '<') {
      throw new FeedRejected(
          Reason.NOT_XML, "does not start with markup (starts with '" + text.charAt(i) + "')");
    }
  }
}
