package dev.sextant.ingest.news.poll;

import dev.sextant.ingest.news.fetch.PollSchedule;
import dev.sextant.ingest.sink.Batch;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one fetch outcome comes to: the batch to publish, and whether the schedule hears of a
 * success or a failure (with the publisher's {@code Retry-After}, when it gave one).
 */
public record PollOutcome(Batch batch, boolean succeeded, Optional<Duration> retryAfter) {

  public PollOutcome {
    Objects.requireNonNull(batch, "batch");
    Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /** Tells {@code schedule} how the fetch of {@code feed} went. */
  public void report(PollSchedule schedule, String feed, Instant now) {
    if (succeeded) {
      schedule.succeeded(feed, now);
    } else {
      schedule.failed(feed, now, retryAfter);
    }
  }
}
