package dev.sextant.ingest.news.poll;

import dev.sextant.ingest.news.fetch.PollSchedule;
import dev.sextant.ingest.news.poll.NewsStatus.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The news source's state for health checks: its phase, the failures of its own steps being
 * retried, and each feed's last outcomes. Written by the source's thread only; every change
 * publishes a new immutable {@link NewsStatus} that any thread may read.
 */
final class NewsStatusBoard {

  /** One feed's state. */
  private static final class FeedState {
    final PollSchedule.Feed feed;
    Instant lastSuccess;
    String lastFailure;
    int failuresInRow;
    long published;

    FeedState(PollSchedule.Feed feed) {
      this.feed = feed;
    }
  }

  private final Map<String, FeedState> feeds = new LinkedHashMap<>();
  private PollSchedule schedule;
  private Phase phase = Phase.STARTING;
  private String lastError;
  private Instant retryingSince;
  private Instant writingSince;
  private volatile NewsStatus status;

  NewsStatusBoard(List<PollSchedule.Feed> feeds) {
    for (PollSchedule.Feed feed : feeds) {
      this.feeds.put(feed.name(), new FeedState(feed));
    }
    publish();
  }

  /** The latest snapshot; from any thread. */
  NewsStatus status() {
    return status;
  }

  Phase phase() {
    return phase;
  }

  /** Each feed's next fetch is read from {@code schedule} from now on. */
  void scheduled(PollSchedule schedule) {
    this.schedule = schedule;
    publish();
  }

  /** The fetch of {@code feed} ending at {@code at} succeeded and its outcome was committed. */
  void feedSucceeded(String feed, Instant at, long published) {
    FeedState state = feeds.get(feed);
    state.lastSuccess = at;
    state.lastFailure = null;
    state.failuresInRow = 0;
    state.published += published;
    publish();
  }

  /**
   * The fetch of {@code feed} failed for {@code reason} and its dead letter was committed.
   *
   * @return the failures in a row, this one included
   */
  int feedFailed(String feed, String reason) {
    FeedState state = feeds.get(feed);
    state.lastFailure = reason;
    state.failuresInRow++;
    publish();
    return state.failuresInRow;
  }

  /**
   * A step of the source itself failed at {@code now} and is retried; {@code retryingSince} keeps
   * the first failure of the run.
   */
  void retrying(String error, Instant now) {
    lastError = error;
    if (retryingSince == null) {
      retryingSince = now;
    }
    phase = Phase.RETRYING;
    publish();
  }

  /** A write to the sink began at {@code now}. */
  void writing(Instant now) {
    writingSince = now;
    publish();
  }

  /** The write in progress returned, committed or not. */
  void written() {
    writingSince = null;
    publish();
  }

  /** The source's own steps work (again). */
  void polling() {
    lastError = null;
    retryingSince = null;
    phase = Phase.POLLING;
    publish();
  }

  void stopped() {
    phase = Phase.STOPPED;
    publish();
  }

  /** The source can publish no more until restarted, because of {@code error}. */
  void failed(String error) {
    lastError = error;
    phase = Phase.FAILED;
    publish();
  }

  /** Publishes the schedule as it stands now (a feed taken, or scheduled again). */
  void publish() {
    List<NewsStatus.Feed> snapshot = new ArrayList<>(feeds.size());
    for (FeedState state : feeds.values()) {
      snapshot.add(
          new NewsStatus.Feed(
              state.feed.name(),
              state.feed.url().toString(),
              Optional.ofNullable(state.lastSuccess),
              Optional.ofNullable(state.lastFailure),
              state.failuresInRow,
              schedule == null ? Optional.empty() : schedule.readyAt(state.feed.name()),
              state.published));
    }
    status =
        new NewsStatus(
            phase,
            snapshot,
            Optional.ofNullable(lastError),
            Optional.ofNullable(retryingSince),
            Optional.ofNullable(writingSince));
  }
}
