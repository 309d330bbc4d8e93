package dev.sextant.ingest.news.fetch;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The redirects of one fetch: whether the next one may be followed. A {@code Location} is a
 * server's word, so it is checked in full before the HTTP client sees it (syntax, scheme, host,
 * port, no credentials, a sane length), then for loops and the redirect count, then for where its
 * host's addresses lead ({@link AddressClass}): a public feed never leads the poller inside. See
 * docs/news/fetching.md.
 */
final class RedirectGuard {

  /**
   * The longest {@code Location} followed. Real redirects are a few hundred characters; servers
   * commonly refuse request lines past 8 KiB anyway.
   */
  static final int MAX_LOCATION_LENGTH = 8 * 1024;

  /** How much of a refused {@code Location} a message repeats. */
  private static final int SHOWN = 200;

  private static final Pattern USER_INFO = Pattern.compile("//[^/?#@]*@");

  /** What to do with a redirect. */
  sealed interface Verdict {}

  /** Follow it: {@link #current()} is now {@code target}. */
  record Follow(URI target) implements Verdict {}

  /** Do not: the fetch ends with this reason and message. */
  record Refuse(FetchFailure reason, String message) implements Verdict {}

  private final URI feed;
  private final int maxRedirects;
  private final HostResolver resolver;
  private final Set<URI> visited = new HashSet<>();
  // The classes of address the feed itself is on, resolved on its first redirect only: a fetch
  // without redirects costs no extra lookup.
  private Set<AddressClass> allowed;
  private URI current;
  private int followed;

  /**
   * @param feed the configured URL, trusted as configured (its own address is not judged)
   * @param maxRedirects redirects followed before giving up
   * @param resolver resolves redirect targets, and the feed's host, to judge where they lead
   */
  RedirectGuard(URI feed, int maxRedirects, HostResolver resolver) {
    this.feed = feed;
    this.maxRedirects = maxRedirects;
    this.resolver = resolver;
    this.current = feed;
    visited.add(withoutFragment(feed));
  }

  /** The URL to request next: the feed, then each redirect target followed. */
  URI current() {
    return current;
  }

  /** True once a redirect has been followed: {@link #current()} is a server's choice. */
  boolean redirected() {
    return followed > 0;
  }

  /**
   * Judges the redirect {@link #current()} answered with {@code status} and {@code location}; when
   * it is followed, the target becomes {@link #current()}.
   */
  Verdict redirect(int status, Optional<String> location) {
    if (location.isEmpty()) {
      return new Refuse(
          FetchFailure.BAD_REDIRECT, current + " answered " + status + " without a Location");
    }
    Verdict target = target(location.get());
    if (!(target instanceof Follow(URI next))) {
      return target;
    }
    if (visited.contains(next)) {
      return new Refuse(
          FetchFailure.REDIRECT_LOOP,
          "redirect loop: " + current + " -> " + next + " (visited " + visited.size() + ")");
    }
    if (followed >= maxRedirects) {
      return new Refuse(
          FetchFailure.BAD_REDIRECT, "more than " + maxRedirects + " redirects from " + feed);
    }
    Refuse forbidden = judgeAddresses(next);
    if (forbidden != null) {
      return forbidden;
    }
    visited.add(next);
    current = next;
    followed++;
    return target;
  }

  /**
   * The absolute URL {@code location} leads to from {@link #current()}, or why it leads nowhere.
   */
  private Verdict target(String raw) {
    // Optional whitespace around a field value is not part of it (RFC 9110 §5.5).
    String location = stripOptionalWhitespace(raw);
    if (location.isEmpty()) {
      return unusable(location, "it is empty");
    }
    if (location.length() > MAX_LOCATION_LENGTH) {
      return unusable(location, "longer than " + MAX_LOCATION_LENGTH + " characters");
    }
    for (int i = 0; i < location.length(); i++) {
      char c = location.charAt(i);
      if (c > 0x7f) {
        // A Location is a URI reference, ASCII only (RFC 9110 §10.2.2); other bytes have no agreed
        // charset (the client reads them as ISO-8859-1), so an international name is not guessed.
        return unusable(
            location,
            "a non-ASCII character at index "
                + i
                + " (an international host must be written in its xn-- form)");
      }
      if (c <= 0x20 || c == 0x7f) {
        return unusable(location, "a space or control character at index " + i);
      }
    }
    URI next;
    try {
      next = resolve(new URI(location));
    } catch (URISyntaxException e) {
      return unusable(location, "not a URI: " + e.getReason());
    } catch (IllegalArgumentException e) {
      return unusable(location, "not a URI: " + e.getMessage());
    }
    String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return new Refuse(
          FetchFailure.BAD_REDIRECT, current + " redirects outside HTTP: " + shown(location));
    }
    if (next.isOpaque() || next.getHost() == null || next.getHost().isEmpty()) {
      // Also what java.net.URI makes of a host it cannot read as one (an underscore, "127.1").
      return unusable(location, "no host");
    }
    int port = next.getPort();
    if (port == 0 || port > 65_535) {
      return unusable(location, "port " + port + " is out of range (1 to 65535)");
    }
    if (next.getRawUserInfo() != null) {
      // Never sent by the client, and only good for disguising the host from a reader.
      return unusable(location, "credentials in it");
    }
    try {
      return new Follow(clean(next));
    } catch (URISyntaxException e) {
      return unusable(location, "not a URI: " + e.getReason());
    }
  }

  /**
   * {@code reference} resolved against {@link #current()} as RFC 3986 §5.2 does where {@link
   * URI#resolve} (RFC 2396) differs: a query alone keeps the current path.
   */
  private URI resolve(URI reference) throws URISyntaxException {
    String raw = reference.toString();
    if (raw.startsWith("?")) {
      URI base = current;
      return new URI(base.getScheme() + "://" + base.getRawAuthority() + rawPathOf(base) + raw);
    }
    return current.resolve(reference);
  }

  /**
   * {@code uri} with its dot segments removed, those above the root too (RFC 3986 §5.2.4: {@code
   * ../../x} cannot leave the host's root), and without its fragment, which is never sent: two URLs
   * that differ only there are one request, for the loop check too.
   */
  private static URI clean(URI uri) throws URISyntaxException {
    URI normal = uri.normalize();
    String path = rawPathOf(normal);
    while (path.startsWith("/../")) {
      path = path.substring(3);
    }
    if (path.equals("/..") || path.equals("/.")) {
      path = "/";
    }
    String query = normal.getRawQuery() == null ? "" : "?" + normal.getRawQuery();
    return new URI(normal.getScheme() + "://" + normal.getRawAuthority() + path + query);
  }

  private static String rawPathOf(URI uri) {
    return uri.getRawPath() == null ? "" : uri.getRawPath();
  }

  private static URI withoutFragment(URI uri) {
    if (uri.getRawFragment() == null) {
      return uri;
    }
    String text = uri.toString();
    return URI.create(text.substring(0, text.indexOf('#')));
  }

  /**
   * A refusal when {@code next}'s host resolves to an address of a class the feed is not on, or
   * does not resolve; null when every address may be reached.
   */
  private Refuse judgeAddresses(URI next) {
    if (allowed == null) {
      allowed = allowedFor(feed);
    }
    String host = next.getHost();
    List<InetAddress> addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException | RuntimeException e) {
      // Not followed unjudged: the client would resolve the name itself, perhaps differently.
      return new Refuse(
          FetchFailure.CONNECTION, current + " redirects to " + host + ", which does not resolve");
    }
    // The client may connect to any of them: one refused address refuses the redirect.
    for (InetAddress address : addresses) {
      AddressClass kind = AddressClass.of(address);
      if (!allowed.contains(kind)) {
        return new Refuse(
            FetchFailure.FORBIDDEN_ADDRESS,
            current
                + " redirects to "
                + next
                + ": host "
                + host
                + " resolves to "
                + address.getHostAddress()
                + ", a "
                + kind.label()
                + " address");
      }
    }
    return null;
  }

  /**
   * Public addresses, and whatever classes the feed's own host resolves to: a feed configured on
   * loopback or a private network may redirect within it; a public feed may not redirect there.
   */
  private Set<AddressClass> allowedFor(URI url) {
    Set<AddressClass> classes = EnumSet.of(AddressClass.PUBLIC);
    try {
      for (InetAddress address : resolver.resolve(url.getHost())) {
        classes.add(AddressClass.of(address));
      }
    } catch (UnknownHostException | RuntimeException e) {
      // The feed answered, so its name did resolve; judged as public, its redirects get no
      // exception.
    }
    return classes;
  }

  private Refuse unusable(String location, String why) {
    return new Refuse(
        FetchFailure.BAD_REDIRECT,
        current + " redirects to an unusable Location: " + shown(location) + ": " + why);
  }

  /** The location for a message: escaped, cut short, and without the credentials it may carry. */
  private static String shown(String location) {
    return Printable.of(USER_INFO.matcher(location).replaceFirst("//***@"), SHOWN);
  }

  private static String stripOptionalWhitespace(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && isOptionalWhitespace(value.charAt(start))) {
      start++;
    }
    while (end > start && isOptionalWhitespace(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(start, end);
  }

  private static boolean isOptionalWhitespace(char c) {
    return c == ' ' || c == '\t';
  }
}
