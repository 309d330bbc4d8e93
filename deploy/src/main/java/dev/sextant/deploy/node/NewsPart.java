package dev.sextant.deploy.node;

import dev.sextant.deploy.config.SextantConfig;
import dev.sextant.ingest.news.NewsItems;
import dev.sextant.ingest.news.fetch.FeedFetcher;
import dev.sextant.ingest.news.fetch.FetchLimits;
import dev.sextant.ingest.news.fetch.PollSchedule;
import dev.sextant.ingest.news.poll.KafkaPublishedNews;
import dev.sextant.ingest.news.poll.NewsIngestor;
import dev.sextant.ingest.news.poll.NewsSourceConfig;
import dev.sextant.ingest.news.poll.NewsStatus;
import dev.sextant.ingest.news.poll.PublishedNews;
import dev.sextant.ingest.sink.BatchSink;
import dev.sextant.ingest.sink.TransactionalSink;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's news source: one poller thread for every feed, into one transactional sink. A feed
 * that fails is a line in {@code /health}, not a node problem (publishers go down, the others still
 * deliver); the source failing, retrying for long, or every feed failing is.
 */
final class NewsPart implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NewsPart.class);

  /** How long a stopping poller may take to finish its fetch before its clients are closed. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  /** After an interrupt, how long a busy poller gets to leave its call. */
  static final Duration INTERRUPT_GRACE = Duration.ofSeconds(2);

  /**
   * The source retrying its own failures (sink, read-back) for longer than this is out of service:
   * a broker restart passes within it.
   */
  static final Duration RETRYING_TOO_LONG = Duration.ofSeconds(60);

  /**
   * A write to the sink in progress for longer than this is as bad as retrying that long: a broker
   * that is away blocks the first write for minutes before it fails and the source retries.
   */
  static final Duration WRITING_TOO_LONG = RETRYING_TOO_LONG;

  /**
   * Failed fetches in a row of every feed at once that mean the node cannot reach the publishers
   * (no network, a proxy, DNS), not that one publisher is down.
   */
  static final int ALL_FEEDS_FAILING = 3;

  /** The poller and what it owns, as the part runs it. */
  interface Ingestor {
    /** Polls until stopped, or until the source fails for good. */
    void run();

    NewsStatus status();

    /** Makes {@link #run()} return after the fetch in progress; from any thread. */
    void stop();

    /** Closes the sink, then the fetcher, once {@link #run()} has returned. */
    void release();
  }

  /** Builds the poller of a news source. */
  @FunctionalInterface
  interface IngestorFactory {
    Ingestor create(NewsSourceConfig news);
  }

  private final NewsSourceConfig news;
  private final IngestorFactory factory;
  private final Clock clock;
  private final Duration stopTimeout;
  private volatile Ingestor ingestor;
  private volatile Thread thread;
  private volatile Throwable failure;
  private volatile boolean stopping; // set once, by close()

  NewsPart(NewsSourceConfig news, IngestorFactory factory, Clock clock) {
    this(news, factory, clock, STOP_TIMEOUT);
  }

  NewsPart(NewsSourceConfig news, IngestorFactory factory, Clock clock, Duration stopTimeout) {
    this.news = news;
    this.factory = factory;
    this.clock = clock;
    this.stopTimeout = stopTimeout;
  }

  /**
   * What the production poller is built from. The sink and the fetcher are clients the part closes
   * once the poller is done, or at once when the poller cannot be built.
   */
  interface Wiring {
    /** The sink of {@code sourceId}; it touches Kafka only once started. */
    BatchSink sink(String sourceId);

    FeedFetcher fetcher(FetchLimits limits);

    /** The reader of what {@code news.items.v1} already holds. */
    PublishedNews published();

    /** Tagging and sentiment. */
    NewsItems items();
  }

  /**
   * The production wiring: a Kafka sink of the node's batching, a fetcher within the source's
   * limits, the project's tagging and sentiment, and a read-back of what {@code news.items.v1}
   * already holds.
   */
  static NewsPart kafka(
      NewsSourceConfig news, String bootstrap, SextantConfig config, MeterRegistry meters) {
    Wiring kafka =
        new Wiring() {
          @Override
          public BatchSink sink(String sourceId) {
            return new TransactionalSink(bootstrap, IngestPart.sinkConfig(sourceId, config));
          }

          @Override
          public FeedFetcher fetcher(FetchLimits limits) {
            return new FeedFetcher(limits, Clock.systemUTC());
          }

          @Override
          public PublishedNews published() {
            return new KafkaPublishedNews(bootstrap);
          }

          @Override
          public NewsItems items() {
            return NewsItems.loadDefault();
          }
        };
    return new NewsPart(news, wired(kafka, meters, Clock.systemUTC()), Clock.systemUTC());
  }

  /** Builds a {@link NewsIngestor} from {@code wiring}, releasing its clients if it cannot. */
  static IngestorFactory wired(Wiring wiring, MeterRegistry meters, Clock clock) {
    return news -> {
      BatchSink sink = wiring.sink(news.sourceId());
      FeedFetcher fetcher = null;
      try {
        fetcher = wiring.fetcher(news.limits());
        NewsIngestor ingestor =
            new NewsIngestor(
                news, fetcher, sink, wiring.published(), wiring.items(), meters, clock);
        return new ClientsIngestor(ingestor, sink, fetcher);
      } catch (RuntimeException | Error e) {
        try {
          new ClientsIngestor(null, sink, fetcher).release();
        } catch (RuntimeException closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
    };
  }

  /** A {@link NewsIngestor} and the clients it was given, released together. */
  private record ClientsIngestor(NewsIngestor ingestor, BatchSink sink, FeedFetcher fetcher)
      implements Ingestor {

    @Override
    public void run() {
      ingestor.run();
    }

    @Override
    public NewsStatus status() {
      return ingestor.status();
    }

    @Override
    public void stop() {
      ingestor.close();
    }

    @Override
    public void release() {
      // The sink first: it commits or aborts what the poller left, and needs no fetcher.
      try {
        sink.close();
      } finally {
        if (fetcher != null) {
          fetcher.close();
        }
      }
    }
  }

  /** Starts the poller thread; a poller that cannot be built is reported as failed. */
  void start() {
    try {
      ingestor = factory.create(news);
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    log.info(
        "news: polling {} feeds ({}) as source '{}'",
        news.feeds().size(),
        String.join(", ", news.feeds().stream().map(PollSchedule.Feed::name).toList()),
        news.sourceId());
    thread = Thread.ofPlatform().name("sextant-news").start(this::run);
  }

  private void run() {
    try {
      ingestor.run();
      if (!stopping) {
        log.error("news: the poller returned without being stopped; no news until restart");
      }
    } catch (RuntimeException | Error e) {
      fail(e);
    }
  }

  private void fail(Throwable e) {
    failure = e;
    // One line: the poller logs its own failure with the trace.
    log.error("news failed: {}; it publishes nothing until the node restarts", e.toString());
  }

  /** What keeps the news source from delivering, one {@code news: ...} line each; empty if none. */
  List<String> problems() {
    Throwable failed = failure;
    if (failed != null) {
      return List.of(failedLine(failed.toString()));
    }
    Optional<NewsStatus> found = status();
    if (found.isEmpty()) {
      return List.of();
    }
    NewsStatus s = found.get();
    if (s.phase() == NewsStatus.Phase.FAILED) {
      return List.of(failedLine(s.lastError().orElse("the poller failed")));
    }
    if (!stopping && finished()) {
      return List.of(failedLine("the poller stopped (" + s.phase() + ")"));
    }
    List<String> problems = new ArrayList<>();
    Optional<Instant> since = s.retryingSince();
    Optional<Instant> writing = s.writingSince();
    if (since.isPresent() && since.get().plus(RETRYING_TOO_LONG).isBefore(clock.instant())) {
      problems.add(
          "news: retrying since "
              + since.get()
              + ": "
              + s.lastError().orElse("unknown error")
              + "; nothing is published meanwhile");
    } else if (writing.isPresent()
        && writing.get().plus(WRITING_TOO_LONG).isBefore(clock.instant())) {
      // The first write to a broker that went away: the source retries only once it fails.
      problems.add(
          "news: a write to Kafka in progress since "
              + writing.get()
              + " (is the broker away?); nothing is published meanwhile");
    }
    if (!s.feeds().isEmpty()
        && s.feeds().stream().allMatch(f -> f.failuresInRow() >= ALL_FEEDS_FAILING)) {
      NewsStatus.Feed first = s.feeds().getFirst();
      problems.add(
          "news: every feed is failing ("
              + ALL_FEEDS_FAILING
              + " or more fetches in a row each: is the network or a proxy in the way?); '"
              + first.name()
              + "': "
              + first.lastFailure().orElse("unknown error"));
    }
    return problems;
  }

  /**
   * The problem line of a failed source: why, and what to do. A failed source never recovers by
   * itself (as a failed chain tailer): a fenced sink stays fenced, a broken build stays broken.
   */
  private String failedLine(String reason) {
    return "news: FAILED: "
        + reason
        + "; nothing is published until the node restarts: fix the cause and restart it (if"
        + " another node polls news as source '"
        + news.sourceId()
        + "' on this Kafka, it took the source over: stop one of the two first)";
  }

  /** Where the source stands, then one line per feed, for {@code /health}. */
  List<String> statusLines() {
    Throwable failed = failure;
    if (failed != null) {
      return List.of("news: FAILED: " + failed);
    }
    Optional<NewsStatus> found = status();
    if (found.isEmpty()) {
      return List.of("news: not started");
    }
    NewsStatus s = found.get();
    List<String> lines = new ArrayList<>();
    long failing = s.feeds().stream().filter(f -> f.failuresInRow() > 0).count();
    StringBuilder source =
        new StringBuilder("news: ")
            .append(s.phase())
            .append(", ")
            .append(s.feeds().size())
            .append(s.feeds().size() == 1 ? " feed" : " feeds")
            .append(", ")
            .append(failing)
            .append(" failing");
    s.retryingSince().ifPresent(t -> source.append(", retrying since ").append(t));
    s.writingSince().ifPresent(t -> source.append(", writing since ").append(t));
    s.lastError().ifPresent(e -> source.append(", last error: ").append(e));
    lines.add(source.toString());
    for (NewsStatus.Feed f : s.feeds()) {
      lines.add(describe(f));
    }
    return lines;
  }

  private static String describe(NewsStatus.Feed f) {
    StringBuilder line = new StringBuilder("news feed '").append(f.name()).append("' (");
    line.append(f.url()).append("): ");
    line.append(f.lastSuccess().map(t -> "last success " + t).orElse("no success yet"));
    line.append(", ").append(f.failuresInRow()).append(" failures in a row");
    f.lastFailure().ifPresent(r -> line.append(", last failure: ").append(r));
    f.nextFetch().ifPresent(t -> line.append(", next fetch ").append(t));
    line.append(", ").append(f.published()).append(" published");
    return line.toString();
  }

  private boolean finished() {
    Thread t = thread;
    return t != null && !t.isAlive();
  }

  private Optional<NewsStatus> status() {
    Ingestor i = ingestor;
    if (i == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(i.status());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Stops the poller, waits for its fetch to end, then closes the sink and the fetcher. */
  @Override
  public void close() {
    if (stopping) {
      return;
    }
    stopping = true;
    Ingestor i = ingestor;
    if (i == null) {
      return;
    }
    try {
      i.stop();
    } catch (RuntimeException e) {
      log.warn("news: stopping failed: {}", e.toString());
    }
    Thread th = thread;
    if (th != null) {
      try {
        if (!th.join(stopTimeout)) {
          // Blocked in a call: the interrupt ends a fetch, closing the sink below the rest.
          log.warn("news: poller still busy after {}; interrupting it", stopTimeout);
          th.interrupt();
          th.join(INTERRUPT_GRACE);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      i.release();
    } catch (RuntimeException e) {
      log.warn("news: closing its sink and fetcher failed: {}", e.toString());
    }
  }
}
