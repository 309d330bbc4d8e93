package dev.sextant.ingest.news.poll;

import dev.sextant.ingest.sink.Batch;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one fetch outcome comes to: the batch to publish, whether the fetch succeeded, and the
 * publisher's {@code Retry-After} when it gave one.
 */
public record PollOutcome(Batch batch, boolean succeeded, Optional<Duration> retryAfter) {

  public PollOutcome {
    Objects.requireNonNull(batch, "batch");
    Objects.requireNonNull(retryAfter, "retryAfter");
  }
}
