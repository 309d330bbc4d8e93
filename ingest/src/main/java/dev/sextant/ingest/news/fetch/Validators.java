package dev.sextant.ingest.news.fetch;

import java.util.Objects;
import java.util.Optional;

/**
 * What a feed's last answer said about its version, sent back on the next request so an unchanged
 * feed costs a 304 and no parsing (conditional GET, RFC 9110 §13).
 *
 * @param etag the {@code ETag} header, sent back as {@code If-None-Match}
 * @param lastModified the {@code Last-Modified} header, sent back as {@code If-Modified-Since}
 */
public record Validators(Optional<String> etag, Optional<String> lastModified) {

  /** Nothing known yet: an unconditional request. */
  public static final Validators NONE = new Validators(Optional.empty(), Optional.empty());

  public Validators {
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(lastModified, "lastModified");
  }
}
