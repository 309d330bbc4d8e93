package dev.sextant.ingest.news.parse;

import dev.sextant.ingest.news.parse.FeedRejected.Reason;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Feed bytes to text, strictly: the charset comes from the byte order mark, else the XML
 * declaration, else UTF-8 (XML's default); any byte sequence invalid in it refuses the feed rather
 * than being replaced, so a broken feed is seen, not silently garbled. The body's Content-Type
 * charset is not consulted (a parse of bytes alone must give the same answer every time).
 */
final class FeedText {

  private static final Pattern DECLARED =
      Pattern.compile("^<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");

  private FeedText() {}

  static String decode(byte[] body) {
    Charset charset;
    int skip = 0;
    if (startsWith(body, 0xEF, 0xBB, 0xBF)) {
      charset = StandardCharsets.UTF_8;
      skip = 3;
    } else if (startsWith(body, 0xFE, 0xFF) || startsWith(body, 0x00, 0x3C)) {
      charset = StandardCharsets.UTF_16BE;
      skip = body[0] == 0 ? 0 : 2;
    } else if (startsWith(body, 0xFF, 0xFE) || startsWith(body, 0x3C, 0x00)) {
      charset = StandardCharsets.UTF_16LE;
      skip = body[0] == 0x3C ? 0 : 2;
    } else {
      charset = declared(body);
    }
    try {
      CharBuffer chars =
          charset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body, skip, body.length - skip));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new FeedRejected(
          Reason.BAD_ENCODING, "bytes invalid for " + charset.name() + " (" + e + ")", e);
    }
  }

  private static Charset declared(byte[] body) {
    // The declaration is ASCII in every ASCII-compatible charset, so Latin-1 reads it safely.
    String head =
        new String(body, 0, Math.min(body.length, 200), StandardCharsets.ISO_8859_1).strip();
    Matcher m = DECLARED.matcher(head);
    if (!m.find()) {
      return StandardCharsets.UTF_8;
    }
    String name = m.group(1).toLowerCase(Locale.ROOT);
    try {
      Charset charset = Charset.forName(name);
      if (charset.name().startsWith("UTF-16") || charset.name().startsWith("UTF-32")) {
        // Declared 16/32-bit but the bytes start ASCII-compatible: the declaration is wrong.
        throw new FeedRejected(Reason.BAD_ENCODING, "declared " + name + " without matching bytes");
      }
      return charset;
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new FeedRejected(Reason.BAD_ENCODING, "unknown charset '" + name + "'", e);
    }
  }

  private static boolean startsWith(byte[] body, int... prefix) {
    if (body.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((body[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
