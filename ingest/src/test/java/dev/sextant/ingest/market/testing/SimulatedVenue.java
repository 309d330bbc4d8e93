package dev.sextant.ingest.market.testing;

import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.FeedControl;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.Protocols;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.schemas.registry.Registry;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A simulated venue on a real {@link VenueServer}: one thread answers the client's frames through a
 * {@link VenueHarness}, streams the simulator's frames at a brisk pace on command, drops or closes
 * connections between events, and keeps the ledger of every trade the venue emitted and sent.
 */
public final class SimulatedVenue implements VenueScript, AutoCloseable {

  private static final long PACE_NANOS = 200_000;
  private static final long IDLE_PING_NANOS = 1_000_000_000L;
  private static final Duration TASK_TIMEOUT = Duration.ofSeconds(20);

  private enum Step {
    DONE,
    PROGRESS,
    WAIT
  }

  private interface Task {
    Step step();
  }

  private record Pending(Task task, CompletableFuture<Void> done) {}

  /** The current connection of a channel. */
  private static final class Link {
    final ServerConnection connection;
    int answered;
    long lastSentNanos = System.nanoTime();
    boolean down;

    Link(ServerConnection connection) {
      this.connection = connection;
    }
  }

  private final VenueHarness harness;
  private final Map<String, Integer> subscribes;
  private final Object lock = new Object();
  private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<Pending> tasks = new LinkedBlockingQueue<>();
  private final Map<String, Link> links = new HashMap<>();
  private final Thread thread;
  private final VenueServer server;
  private volatile boolean running = true;
  private int turn;

  private final LinkedHashMap<String, ExpectedTrade> generated = new LinkedHashMap<>();
  private final Set<String> sent = new LinkedHashSet<>();
  private final Set<String> outage = new LinkedHashSet<>();
  private final AtomicLong streamed = new AtomicLong();

  private SimulatedVenue(VenueHarness harness) {
    this.harness = harness;
    this.subscribes = subscribeCounts(harness);
    this.server = VenueServer.start(this);
    harness.routes(server, lock);
    this.thread = new Thread(this::run, "venue-" + harness.protocol());
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts a venue for {@code harness} on a local server. */
  public static SimulatedVenue start(VenueHarness harness) {
    return new SimulatedVenue(harness);
  }

  public VenueServer server() {
    return server;
  }

  public VenueHarness harness() {
    return harness;
  }

  /** How many subscribe frames a connection of {@code channel} sends as it opens. */
  public int subscribeFrames(String channel) {
    return subscribes.get(channel);
  }

  // ---- commands, from the test thread; each returns once the venue has done it

  /** Streams {@code frames} frames (spread over the channels), then finishes the events begun. */
  public void stream(int frames) {
    streamUntil(frames, () -> true);
  }

  /** Streams at least {@code frames} frames and until {@code until} holds (at most 20,000 more). */
  public void streamUntil(int frames, BooleanSupplier until) {
    long[] count = {0};
    submit(
        () -> {
          if (!allReady()) {
            return Step.WAIT;
          }
          if (count[0] >= frames && (until.getAsBoolean() || count[0] >= frames + 20_000)) {
            for (String channel : harness.channels()) {
              if (!atBoundary(channel)) {
                sendNext(channel);
                return Step.PROGRESS;
              }
            }
            return Step.DONE;
          }
          List<String> channels = harness.channels();
          sendNext(channels.get(turn++ % channels.size()));
          count[0]++;
          LockSupport.parkNanos(PACE_NANOS);
          return Step.PROGRESS;
        });
  }

  /** Waits until every channel's connection is subscribed. */
  public void awaitReady() {
    submit(() -> allReady() ? Step.DONE : Step.WAIT);
  }

  /** Runs {@code action} on the venue's harness, under its lock, between frames. */
  public void act(Consumer<VenueHarness> action) {
    submit(
        () -> {
          synchronized (lock) {
            action.accept(harness);
          }
          return Step.DONE;
        });
  }

  /** Sends {@code frame} on {@code channel}'s connection, in the stream's order. */
  public void inject(String channel, String frame) {
    submit(
        () -> {
          if (!ready(channel)) {
            return Step.WAIT;
          }
          // Not the venue's own frame: it carries no trade of the ledger.
          send(links.get(channel), frame, false);
          return Step.DONE;
        });
  }

  /**
   * Ends {@code channel}'s connection between two events, abruptly (no close frame) or with a close
   * frame, and lets the market run on for {@code outageFrames} frames nobody receives.
   *
   * @return the connection ended
   */
  public ServerConnection cut(String channel, boolean abrupt, int outageFrames) {
    ServerConnection[] cut = new ServerConnection[1];
    submit(
        () -> {
          if (!ready(channel)) {
            return Step.WAIT;
          }
          if (!atBoundary(channel)) {
            sendNext(channel);
            return Step.PROGRESS;
          }
          Link link = links.get(channel);
          link.down = true;
          cut[0] = link.connection;
          if (abrupt) {
            link.connection.drop();
          } else {
            link.connection.close(1001, "going away");
          }
          synchronized (lock) {
            for (int i = 0; i < outageFrames || !harness.atBoundary(channel); i++) {
              ledger(channel, harness.next(channel), false, true);
            }
          }
          return Step.DONE;
        });
    return cut[0];
  }

  // ---- what the venue did

  /** The trades sent, once each, in the order the venue emitted them. */
  public List<ExpectedTrade> sentTrades() {
    synchronized (generated) {
      return generated.values().stream().filter(t -> sent.contains(t.key())).toList();
    }
  }

  /** The trades emitted but never sent (emitted while no client was connected, not resent). */
  public List<ExpectedTrade> unsentTrades() {
    synchronized (generated) {
      return generated.values().stream().filter(t -> !sent.contains(t.key())).toList();
    }
  }

  /** The trades emitted while no client was connected. */
  public List<ExpectedTrade> outageTrades() {
    synchronized (generated) {
      return generated.values().stream().filter(t -> outage.contains(t.key())).toList();
    }
  }

  /** The venue's books, between events. */
  public Map<String, OrderBook> books() {
    synchronized (lock) {
      return harness.books();
    }
  }

  /** The current connection of {@code channel}. */
  public Optional<ServerConnection> connection(String channel) {
    CompletableFuture<ServerConnection> current = new CompletableFuture<>();
    submit(
        () -> {
          Link link = links.get(channel);
          current.complete(link == null ? null : link.connection);
          return Step.DONE;
        });
    return Optional.ofNullable(current.join());
  }

  /** Frames streamed so far. */
  public long streamed() {
    return streamed.get();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.close();
  }

  // ---- server callbacks: queued for the venue thread

  @Override
  public void onConnect(ServerConnection connection) {
    events.add(() -> connected(connection));
  }

  @Override
  public void onText(ServerConnection connection, String text) {
    events.add(() -> answer(connection, text));
  }

  // ---- the venue thread

  private void run() {
    while (running) {
      try {
        Runnable event;
        while ((event = events.poll()) != null) {
          event.run();
        }
        Pending pending = tasks.peek();
        Step step = Step.WAIT;
        if (pending != null) {
          try {
            step = pending.task().step();
          } catch (RuntimeException | Error e) {
            tasks.poll();
            pending.done().completeExceptionally(e);
            continue;
          }
          if (step == Step.DONE) {
            tasks.poll();
            pending.done().complete(null);
            continue;
          }
        }
        if (step == Step.WAIT) {
          Runnable next = events.poll(1, TimeUnit.MILLISECONDS);
          if (next != null) {
            next.run();
          }
        }
        pingIdle();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void submit(Task task) {
    Pending pending = new Pending(task, new CompletableFuture<>());
    tasks.add(pending);
    try {
      pending.done().get(TASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      tasks.remove(pending);
      throw new AssertionError(
          harness.protocol() + ": the venue could not finish a step in " + TASK_TIMEOUT, e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError(harness.protocol() + ": the venue failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private void connected(ServerConnection connection) {
    String channel = channelOf(connection);
    Link link = new Link(connection);
    links.put(channel, link);
    List<String> greeting;
    synchronized (lock) {
      greeting = harness.connected(channel);
    }
    greeting.forEach(frame -> send(link, frame));
  }

  private void answer(ServerConnection connection, String text) {
    String channel = channelOf(connection);
    Link link = links.get(channel);
    if (link == null || link.connection != connection) {
      return; // an old connection: the venue has forgotten it
    }
    List<String> answers;
    synchronized (lock) {
      answers = harness.answer(channel, text);
    }
    link.answered++;
    answers.forEach(frame -> send(link, frame));
  }

  private void sendNext(String channel) {
    String frame;
    synchronized (lock) {
      frame = harness.next(channel);
    }
    streamed.incrementAndGet();
    send(links.get(channel), frame);
  }

  private void send(Link link, String frame) {
    send(link, frame, true);
  }

  private void send(Link link, String frame, boolean venueFrame) {
    boolean ok = link.connection.send(frame);
    link.lastSentNanos = System.nanoTime();
    if (venueFrame) {
      ledger(channelOf(link.connection), frame, ok, false);
    }
  }

  private void ledger(String channel, String frame, boolean delivered, boolean duringOutage) {
    List<ExpectedTrade> trades = harness.trades(channel, frame);
    synchronized (generated) {
      for (ExpectedTrade trade : trades) {
        generated.putIfAbsent(trade.key(), trade);
        if (delivered) {
          sent.add(trade.key());
        }
        if (duringOutage) {
          outage.add(trade.key());
        }
      }
    }
  }

  private boolean atBoundary(String channel) {
    synchronized (lock) {
      return harness.atBoundary(channel);
    }
  }

  private boolean ready(String channel) {
    Link link = links.get(channel);
    return link != null
        && !link.down
        && link.connection.isOpen()
        && link.answered >= subscribes.get(channel);
  }

  private boolean allReady() {
    return harness.channels().stream().allMatch(this::ready);
  }

  private void pingIdle() {
    long now = System.nanoTime();
    for (Link link : links.values()) {
      if (!link.down && link.connection.isOpen() && now - link.lastSentNanos > IDLE_PING_NANOS) {
        link.connection.sendPing();
        link.lastSentNanos = now;
      }
    }
  }

  private static String channelOf(ServerConnection connection) {
    String path = connection.path();
    return path.startsWith(VenueServer.WS_PATH + "/")
        ? path.substring(VenueServer.WS_PATH.length() + 1)
        : "";
  }

  /** The subscribe frames each planned connection sends as it opens, by label. */
  private static Map<String, Integer> subscribeCounts(VenueHarness harness) {
    MarketProtocol protocol = Protocols.builtIn().require(harness.protocol());
    Registry registry = Registry.loadDefault();
    Map<String, Integer> counts = new HashMap<>();
    for (ConnectionPlan plan :
        protocol.plan(java.net.URI.create("ws://127.0.0.1/ws"), harness.instruments())) {
      counts.put(
          plan.label(),
          protocol
              .newSession(
                  new SessionContext(
                      plan, Optional.empty(), registry, MarketOutput.DISCARD, FeedControl.NONE))
              .onOpen(0)
              .size());
    }
    if (!counts.keySet().equals(Set.copyOf(harness.channels()))) {
      throw new IllegalArgumentException(
          harness.protocol() + ": planned " + counts.keySet() + ", harness " + harness.channels());
    }
    return counts;
  }
}
