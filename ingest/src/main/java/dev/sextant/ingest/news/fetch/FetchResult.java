package dev.sextant.ingest.news.fetch;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** How a fetch ended. */
public sealed interface FetchResult {

  /**
   * A body to parse.
   *
   * @param url where it came from, after redirects
   * @param body the bytes, at most the size limit
   * @param contentType the {@code Content-Type} header, when given
   * @param validators what to send back next time
   */
  record Fetched(URI url, byte[] body, Optional<String> contentType, Validators validators)
      implements FetchResult {
    public Fetched {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(body, "body");
    }
  }

  /** 304: the feed has not changed since the validators sent. */
  record NotModified() implements FetchResult {}

  /**
   * No feed this time.
   *
   * @param reason the class of failure
   * @param message what happened, for the dead letter and the log
   * @param status the HTTP status when there was one, else 0
   * @param retryAfter the wait the publisher asked for, when it did
   */
  record Failed(FetchFailure reason, String message, int status, Optional<Duration> retryAfter)
      implements FetchResult {}
}
