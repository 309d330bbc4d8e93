package dev.sextant.ingest.news.fetch;

/** Why a fetch ended without a feed: the {@code reason} tag of the fetch-failure counter. */
public enum FetchFailure {
  /** HTTP 429, or 503 with {@code Retry-After}: the publisher asks us to wait. */
  RATE_LIMITED,
  /** Any other status that is neither 2xx, 304 nor a redirect. */
  HTTP_STATUS,
  /** The body is longer than {@link FetchLimits#maxBytes()}. */
  TOO_LARGE,
  /** The whole fetch took longer than {@link FetchLimits#totalTimeout()}. */
  TOO_SLOW,
  /** A redirect led back to a URL already visited. */
  REDIRECT_LOOP,
  /**
   * More redirects than {@link FetchLimits#maxRedirects()}, or one without a usable Location: none,
   * not a URI, not http(s), no host, a port out of range, credentials, a control or non-ASCII
   * character, longer than 8 KiB ({@link RedirectGuard}).
   */
  BAD_REDIRECT,
  /**
   * A redirect to a host that resolves to a loopback, private, link-local, unspecified or multicast
   * address ({@link AddressClass}) of a class the feed's own host does not resolve to.
   */
  FORBIDDEN_ADDRESS,
  /**
   * The connection could not be made or broke, the answer was not readable HTTP, or the HTTP client
   * refused to make the request.
   */
  CONNECTION
}
