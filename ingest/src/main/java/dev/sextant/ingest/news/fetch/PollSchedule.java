package dev.sextant.ingest.news.fetch;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When each feed is next fetched: every feed on its own interval, failures backing off
 * exponentially (with jitter, never sooner than a {@code Retry-After}), and never two requests to
 * one host closer than the host spacing, however many of its feeds are due. A feed can start held
 * back (a wait still running when the poller last stopped). Reads no clock: the poller passes the
 * time in. Not thread-safe; one poller thread owns it.
 */
public final class PollSchedule {

  /** One feed to poll. */
  public record Feed(String name, URI url, Duration interval) {
    public Feed {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(url, "url");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("feed " + name + ": interval must be positive");
      }
    }

    String host() {
      return url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
    }
  }

  /** The longest wait after failures, and the longest {@code Retry-After} honoured. */
  public static final Duration MAX_BACKOFF = Duration.ofHours(1);

  /**
   * The longest {@code Retry-After} honoured, and the longest a committed wait holds a feed back
   * after a start.
   */
  public static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

  private final Map<String, Feed> feeds = new LinkedHashMap<>();
  private final Map<String, Instant> next = new HashMap<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private final Map<String, Instant> hostLast = new HashMap<>();
  private final Duration hostSpacing;
  private final RandomGenerator random;

  /** All feeds due at {@code start}, in the given order. */
  public PollSchedule(
      List<Feed> feeds, Duration hostSpacing, RandomGenerator random, Instant start) {
    this(feeds, hostSpacing, random, start, Map.of());
  }

  /**
   * All feeds due at {@code start}, in the given order, except those in {@code notBefore}: each of
   * them is due at its instant when that is later (a backoff or {@code Retry-After} still running
   * when the poller last stopped), at most 24 h after {@code start}. Names of no feed are ignored.
   */
  public PollSchedule(
      List<Feed> feeds,
      Duration hostSpacing,
      RandomGenerator random,
      Instant start,
      Map<String, Instant> notBefore) {
    this.hostSpacing = hostSpacing;
    this.random = random;
    // A clock that ran far ahead when the wait was written must not hold a feed back for long.
    Instant latest = start.plus(MAX_RETRY_AFTER);
    for (Feed feed : feeds) {
      if (this.feeds.put(feed.name(), feed) != null) {
        throw new IllegalArgumentException("two feeds named " + feed.name());
      }
      Instant held = notBefore.getOrDefault(feed.name(), start);
      next.put(feed.name(), held.isAfter(latest) ? latest : held.isAfter(start) ? held : start);
      failures.put(feed.name(), 0);
    }
  }

  /**
   * The feed to fetch now: the most overdue one whose host may be asked again; empty when none.
   * Taking it marks its host as asked.
   */
  public Optional<Feed> take(Instant now) {
    Feed chosen = null;
    Instant chosenAt = null;
    for (Feed feed : feeds.values()) {
      Instant at = readyAt(feed);
      if (!at.isAfter(now) && (chosenAt == null || at.isBefore(chosenAt))) {
        chosen = feed;
        chosenAt = at;
      }
    }
    if (chosen != null) {
      hostLast.put(chosen.host(), now);
      // Not fetched again until its outcome is reported.
      next.put(chosen.name(), Instant.MAX);
    }
    return Optional.ofNullable(chosen);
  }

  /** When the next feed becomes ready, for the poller to sleep until; empty with no feed left. */
  public Optional<Instant> nextReady() {
    Instant earliest = null;
    for (Feed feed : feeds.values()) {
      Instant at = readyAt(feed);
      if (!at.equals(Instant.MAX) && (earliest == null || at.isBefore(earliest))) {
        earliest = at;
      }
    }
    return Optional.ofNullable(earliest);
  }

  /**
   * When {@code feed} may be fetched next as things stand (its own time, or later when its host was
   * asked too recently); empty while it is taken and its outcome not yet reported.
   */
  public Optional<Instant> readyAt(String feed) {
    Instant at = readyAt(known(feed));
    return at.equals(Instant.MAX) ? Optional.empty() : Optional.of(at);
  }

  /** The fetch of {@code feed} went well (new items or 304): next at its interval. */
  public void succeeded(String feed, Instant now) {
    Feed known = known(feed);
    failures.put(feed, 0);
    next.put(feed, now.plus(known.interval()));
  }

  /**
   * The fetch of {@code feed} failed: next after a wait doubling per failure in a row from the
   * feed's interval up to {@link #MAX_BACKOFF}, uniform in its upper half, and never before {@code
   * retryAfter} (capped at 24 h). The same as {@link #failedUntil} at {@link #backoff}.
   *
   * @return the wait chosen
   */
  public Duration failed(String feed, Instant now, Optional<Duration> retryAfter) {
    Instant until = backoff(feed, now, retryAfter);
    failedUntil(feed, until);
    return Duration.between(now, until);
  }

  /**
   * When {@code feed} would be fetched next if its fetch ending at {@code now} failed: the wait of
   * {@link #failed} for one more failure in a row, its jitter drawn now. Records nothing, so the
   * caller can publish the failure with this instant first and then tell {@link #failedUntil}.
   */
  public Instant backoff(String feed, Instant now, Optional<Duration> retryAfter) {
    Feed known = known(feed);
    long capNanos = capNanos(known.interval(), failures.get(feed) + 1);
    // Half fixed, half random: feeds of a host that failed together do not come back together,
    // and no wait is shorter than half the backoff.
    Instant backedOff = now.plusNanos(capNanos / 2 + random.nextLong(capNanos / 2 + 1));
    Instant asked = honouring(now, retryAfter);
    return asked.isAfter(backedOff) ? asked : backedOff;
  }

  /**
   * The earliest instant a feed may be asked again after it answered {@code retryAfter} at {@code
   * now}: the wait asked for, at most 24 h; {@code now} without one.
   */
  public static Instant honouring(Instant now, Optional<Duration> retryAfter) {
    return now.plus(
        retryAfter
            .map(d -> d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d)
            .orElse(Duration.ZERO));
  }

  /**
   * The fetch of {@code feed} failed once more in a row; next at {@code until} ({@link #backoff}).
   */
  public void failedUntil(String feed, Instant until) {
    known(feed);
    failures.merge(feed, 1, Integer::sum);
    next.put(feed, until);
  }

  /**
   * {@code feed} is fetched again at {@code at} with no failure counted: its fetch went well or
   * badly, but its outcome could not be published, which is not the feed's doing.
   */
  public void retryAt(String feed, Instant at) {
    known(feed);
    next.put(feed, at);
  }

  /** The feeds in order, for status pages. */
  public List<Feed> feeds() {
    return new ArrayList<>(feeds.values());
  }

  private static long capNanos(Duration interval, int failures) {
    long max = MAX_BACKOFF.toNanos();
    long base = Math.min(interval.toNanos(), max);
    int doublings = Math.min(failures, 62);
    return base > (max >> doublings) ? max : Math.min(max, base << doublings);
  }

  private Instant readyAt(Feed feed) {
    Instant due = next.get(feed.name());
    Instant hostFree =
        Optional.ofNullable(hostLast.get(feed.host()))
            .map(last -> last.plus(hostSpacing))
            .orElse(Instant.MIN);
    return due.isAfter(hostFree) ? due : hostFree;
  }

  private Feed known(String feed) {
    Feed known = feeds.get(feed);
    if (known == null) {
      throw new IllegalArgumentException("no feed named " + feed);
    }
    return known;
  }
}
