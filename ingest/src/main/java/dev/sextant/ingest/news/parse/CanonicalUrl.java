package dev.sextant.ingest.news.parse;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The canonical form of an article URL, so that the same story linked with different tracking
 * decorations has one id. Rules (docs/news/parsing.md): http and https only; scheme and host
 * lowercased; default ports (80, 443) and user info dropped; an empty path becomes {@code /}; the
 * fragment is removed; tracking query parameters ({@link #isTracking}) are removed and the others
 * kept, in order and as written (percent-encoding untouched). The scheme is kept; {@link #identity}
 * is what ids hash.
 */
public final class CanonicalUrl {

  /** Query parameter names (compared case-insensitively) that only track the reader. */
  public static final Set<String> TRACKING_PARAMETERS =
      Set.of(
          "fbclid",
          "gclid",
          "dclid",
          "gbraid",
          "wbraid",
          "msclkid",
          "yclid",
          "twclid",
          "ttclid",
          "igshid",
          "mc_cid",
          "mc_eid",
          "_hsenc",
          "_hsmi",
          "mkt_tok",
          "ref",
          "ref_src",
          "ref_url",
          "ocid",
          "cmpid",
          "wt_mc",
          "wt_zmc",
          "s_cid",
          "sr_share",
          "vero_id",
          "oly_enc_id",
          "oly_anon_id",
          "__twitter_impression",
          "_ga",
          "_gl",
          "spm",
          "rss_source");

  /** Name prefixes that only track the reader: {@code utm_source}, {@code utm_medium}, ... */
  public static final Set<String> TRACKING_PREFIXES = Set.of("utm_");

  private CanonicalUrl() {}

  /**
   * The canonical form of {@code url}.
   *
   * @throws IllegalArgumentException when {@code url} is not an absolute http(s) URL with a host
   */
  public static String canonicalize(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("no URL");
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("unparsable URL: " + e.getMessage(), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("not an http(s) URL: scheme '" + scheme + "'");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("no host");
    }
    StringBuilder out = new StringBuilder(url.length());
    out.append(scheme).append("://").append(uri.getHost().toLowerCase(Locale.ROOT));
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (port == 80 && scheme.equals("http"))
            || (port == 443 && scheme.equals("https"));
    if (!defaultPort) {
      out.append(':').append(port);
    }
    String path = uri.getRawPath();
    out.append(path == null || path.isEmpty() ? "/" : path);
    String query = keptQuery(uri.getRawQuery());
    if (!query.isEmpty()) {
      out.append('?').append(query);
    }
    return out.toString();
  }

  /**
   * What a story's id hashes: its canonical URL with {@code http} upgraded to {@code https}, so the
   * same story linked over http by one feed and over https by another has one id. The host is
   * compared as written: {@code www.example.com} may be another site than {@code example.com}.
   *
   * @param canonical a URL as {@link #canonicalize} returns it
   */
  public static String identity(String canonical) {
    return canonical.startsWith("http://") ? "https://" + canonical.substring(7) : canonical;
  }

  /** Whether the query parameter {@code name} (decoded) only tracks the reader. */
  public static boolean isTracking(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (TRACKING_PARAMETERS.contains(lower)) {
      return true;
    }
    for (String prefix : TRACKING_PREFIXES) {
      if (lower.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static String keptQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    StringJoiner kept = new StringJoiner("&");
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      if (!isTracking(decode(name))) {
        kept.add(part);
      }
    }
    return kept.toString();
  }

  private static String decode(String name) {
    try {
      return URLDecoder.decode(name, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return name;
    }
  }
}
