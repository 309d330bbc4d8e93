package dev.sextant.ingest.news.fetch;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on one fetch, so that no feed can hold a poller: a hostile or broken server ends its own
 * fetch with a reason and nothing else.
 *
 * @param maxBytes the largest body read; a longer one is refused ({@link FetchFailure#TOO_LARGE})
 * @param connectTimeout bound on opening the connection
 * @param totalTimeout bound on the whole fetch, headers and body, redirects included: a server that
 *     drips its body slowly is cut off ({@link FetchFailure#TOO_SLOW})
 * @param maxRedirects redirects followed before giving up
 * @param userAgent the {@code User-Agent} sent, naming Sextant so publishers can reach us
 */
public record FetchLimits(
    long maxBytes,
    Duration connectTimeout,
    Duration totalTimeout,
    int maxRedirects,
    String userAgent) {

  public static final FetchLimits DEFAULT =
      new FetchLimits(
          5L * 1024 * 1024,
          Duration.ofSeconds(5),
          Duration.ofSeconds(20),
          5,
          "Sextant/0.1 (+https://sextant.dev; news poller)");

  public FetchLimits {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(totalTimeout, "totalTimeout");
    Objects.requireNonNull(userAgent, "userAgent");
    if (maxBytes < 1 || maxRedirects < 0) {
      throw new IllegalArgumentException("maxBytes must be >= 1 and maxRedirects >= 0");
    }
  }
}
