package dev.sextant.ingest.market.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.FeedControl;
import dev.sextant.ingest.market.Heartbeat;
import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.RestFrame;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.schemas.registry.Instrument;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal protocol for connection tests: one subscribe frame, data frames {@code {"n":<k>}}
 * numbered by the server, and commands the server can send to make the session use its control:
 * {@code {"cmd":"reconnect"}}, {@code {"cmd":"fetch","url":...}}, {@code
 * {"cmd":"send","text":...}}, and {@code {"cmd":"throw"}} or {@code {"cmd":"error"}} to throw a
 * RuntimeException or an Error. What the session sees goes to a {@link Journal} the test reads.
 */
public final class NumberedProtocol implements MarketProtocol {

  public static final String NAME = "numbered";
  public static final String SUBSCRIBE = "{\"op\":\"subscribe\",\"channel\":\"numbers\"}";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> labels;
  private final Heartbeat heartbeat;
  private final Optional<String> ping;
  private final List<String> subscribeFrames;
  private final int subscribeFramesPerSecond;
  private final Journal journal = new Journal();

  /**
   * @param ping the application ping text, or empty for WebSocket pings
   * @param subscribeFrames what {@code onOpen} returns
   */
  public NumberedProtocol(
      Heartbeat heartbeat,
      Optional<String> ping,
      List<String> subscribeFrames,
      int subscribeFramesPerSecond) {
    this(heartbeat, ping, subscribeFrames, subscribeFramesPerSecond, List.of(""));
  }

  /**
   * @param labels one connection per label, all to the same endpoint
   */
  public NumberedProtocol(
      Heartbeat heartbeat,
      Optional<String> ping,
      List<String> subscribeFrames,
      int subscribeFramesPerSecond,
      List<String> labels) {
    this.labels = List.copyOf(labels);
    this.heartbeat = heartbeat;
    this.ping = ping;
    this.subscribeFrames = List.copyOf(subscribeFrames);
    this.subscribeFramesPerSecond = subscribeFramesPerSecond;
  }

  /** What the session saw. */
  public Journal journal() {
    return journal;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String venue() {
    return "test";
  }

  @Override
  public URI defaultEndpoint() {
    return URI.create("ws://127.0.0.1:9/ws");
  }

  @Override
  public Heartbeat heartbeat() {
    return heartbeat;
  }

  @Override
  public int subscribeFramesPerSecond() {
    return subscribeFramesPerSecond;
  }

  @Override
  public List<ConnectionPlan> plan(URI endpoint, List<Instrument> instruments) {
    return labels.stream().map(l -> new ConnectionPlan(l, endpoint, instruments)).toList();
  }

  @Override
  public ProtocolSession newSession(SessionContext context) {
    return new Session(context.control());
  }

  /** What the sessions of this protocol saw, readable from the test thread. */
  public static final class Journal {

    private final List<Long> opens = Collections.synchronizedList(new ArrayList<>());
    private final List<String> frames = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> numbers = Collections.synchronizedList(new ArrayList<>());
    private final List<RestFrame> rests = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> receivedTimes = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> threads = ConcurrentHashMap.newKeySet();

    /** The receive time of each {@code onOpen}, in order. */
    public List<Long> opens() {
      synchronized (opens) {
        return List.copyOf(opens);
      }
    }

    /** Every frame {@code onFrame} got, in order. */
    public List<String> frames() {
      synchronized (frames) {
        return List.copyOf(frames);
      }
    }

    /** The numbers of the data frames, in order. */
    public List<Long> numbers() {
      synchronized (numbers) {
        return List.copyOf(numbers);
      }
    }

    /** The REST answers, in order. */
    public List<RestFrame> rests() {
      synchronized (rests) {
        return List.copyOf(rests);
      }
    }

    /** The receive times {@code onFrame} got, in order. */
    public List<Long> receivedTimes() {
      synchronized (receivedTimes) {
        return List.copyOf(receivedTimes);
      }
    }

    /** The names of the threads that called the session. */
    public Set<String> threads() {
      return Set.copyOf(threads);
    }
  }

  private final class Session implements ProtocolSession {

    private final FeedControl control;

    Session(FeedControl control) {
      this.control = control;
    }

    @Override
    public List<String> onOpen(long receivedEpochNanos) {
      journal.threads.add(Thread.currentThread().getName());
      journal.opens.add(receivedEpochNanos);
      return subscribeFrames;
    }

    @Override
    public void onFrame(String frame, long receivedEpochNanos) {
      journal.threads.add(Thread.currentThread().getName());
      journal.frames.add(frame);
      journal.receivedTimes.add(receivedEpochNanos);
      if (RestFrame.isRest(frame)) {
        RestFrame.decode(frame).ifPresent(journal.rests::add);
        return;
      }
      JsonNode node;
      try {
        node = JSON.readTree(frame);
      } catch (IOException e) {
        return;
      }
      if (node.has("n")) {
        journal.numbers.add(node.get("n").asLong());
      }
      switch (node.path("cmd").asText("")) {
        case "reconnect" -> control.reconnect("asked by the venue");
        case "fetch" -> control.fetch(URI.create(node.path("url").asText()));
        case "send" -> control.send(node.path("text").asText());
        case "throw" -> throw new IllegalStateException(node.path("why").asText("a decoder bug"));
        case "error" -> throw new AssertionError(node.path("why").asText("a broken invariant"));
        default -> {}
      }
    }

    @Override
    public Optional<String> pingFrame() {
      journal.threads.add(Thread.currentThread().getName());
      return ping;
    }
  }
}
