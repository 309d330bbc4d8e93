package dev.sextant.ingest.market.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FeedConfig;
import dev.sextant.ingest.market.FrameListener;
import dev.sextant.ingest.market.Heartbeat;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.RestFrame;
import dev.sextant.ingest.market.testing.CollectingOutput;
import dev.sextant.ingest.market.testing.NumberedProtocol;
import dev.sextant.ingest.market.testing.RecordingListener;
import dev.sextant.ingest.market.testing.ServerConnection;
import dev.sextant.ingest.market.testing.VenueScript;
import dev.sextant.ingest.market.testing.VenueServer;
import dev.sextant.schemas.registry.Registry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A feed against a real local WebSocket server: order, reconnects, silence, bounds, pings, REST.
 */
class MarketFeedIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String PUMP = "sextant-feed-" + NumberedProtocol.NAME;
  private static final Registry REGISTRY = Registry.loadDefault();

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final RecordingListener listener = new RecordingListener();
  private VenueServer server;
  private MarketFeed feed;

  @AfterEach
  void tearDown() {
    if (feed != null) {
      feed.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static NumberedProtocol protocol(Heartbeat heartbeat, Optional<String> ping) {
    return new NumberedProtocol(heartbeat, ping, List.of(NumberedProtocol.SUBSCRIBE), 50);
  }

  private static Heartbeat quietHeartbeat() {
    return new Heartbeat(Duration.ZERO, Duration.ofSeconds(30));
  }

  private MarketFeed startFeed(NumberedProtocol protocol, int maxFrameBytes) {
    FeedConfig config =
        FeedConfig.of(NumberedProtocol.NAME, List.of())
            .withEndpoints(server.uri(), null)
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400))
            .withMaxFrameBytes(maxFrameBytes);
    feed = new MarketFeed(protocol, config, REGISTRY, MarketOutput.DISCARD, listener, meters);
    feed.start();
    return feed;
  }

  private static String number(long n) {
    return "{\"n\":" + n + "}";
  }

  private double reconnects(String reason) {
    Counter counter =
        meters
            .find(FeedMetrics.RECONNECTS)
            .tag("reason", reason)
            .tag("connection", "main")
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private double counted(String name, String tag, String value) {
    Counter counter = meters.find(name).tag(tag, value).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void shouldDeliverEveryFrameOnceInOrderOnThePumpThread() {
    long before = epochNanos();
    server =
        VenueServer.start(
            new VenueScript() {
              @Override
              public void onText(ServerConnection c, String text) {
                if (text.equals(NumberedProtocol.SUBSCRIBE)) {
                  for (long n = 1; n <= 2000; n++) {
                    c.send(number(n));
                  }
                }
              }
            });
    NumberedProtocol protocol = protocol(quietHeartbeat(), Optional.empty());
    startFeed(protocol, FeedConfig.DEFAULT_MAX_FRAME_BYTES);

    await().atMost(WAIT).until(() -> protocol.journal().numbers().size() >= 2000);

    List<Long> expected = LongStream.rangeClosed(1, 2000).boxed().toList();
    assertThat(protocol.journal().numbers()).isEqualTo(expected);
    assertThat(listener.frames())
        .extracting(RecordingListener.Seen::frame)
        .isEqualTo(protocol.journal().frames());
    assertThat(listener.frames()).extracting(RecordingListener.Seen::connection).containsOnly("");
    assertThat(protocol.journal().threads()).containsExactly(PUMP);
    assertThat(listener.threads()).containsExactly(PUMP);
    List<Long> times = protocol.journal().receivedTimes();
    assertThat(times).isSorted();
    assertThat(times.getFirst()).isGreaterThanOrEqualTo(before);
    assertThat(times.getLast()).isLessThanOrEqualTo(epochNanos());
    assertThat(server.connection(0).received()).containsExactly(NumberedProtocol.SUBSCRIBE);
    assertThat(counted(FeedMetrics.FRAMES, "connection", "main")).isEqualTo(2000);
    // A tick after each frame, and more while idle.
    long ticks = listener.ticks();
    assertThat(ticks).isGreaterThanOrEqualTo(2000);
    await().atMost(WAIT).until(() -> listener.ticks() >= ticks + 20);
    assertThat(counted(FeedMetrics.CONNECTS, "protocol", NumberedProtocol.NAME)).isEqualTo(1);
    assertThat(feed.status())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.connected()).isTrue();
              assertThat(s.reconnects()).isZero();
              assertThat(s.lastFrameAge()).isPresent();
            });
  }

  @Test
  void shouldKeepOneConnectionPerPlanUnderItsLabel() {
    server =
        VenueServer.start(
            new VenueScript() {
              @Override
              public void onText(ServerConnection c, String text) {
                for (long n = 1; n <= 100; n++) {
                  c.send(number(n));
                }
              }
            });
    NumberedProtocol protocol =
        new NumberedProtocol(
            quietHeartbeat(),
            Optional.empty(),
            List.of(NumberedProtocol.SUBSCRIBE),
            50,
            List.of("spot", "linear"));
    startFeed(protocol, FeedConfig.DEFAULT_MAX_FRAME_BYTES);

    await().atMost(WAIT).until(() -> listener.frames().size() == 200);

    List<Long> expected = LongStream.rangeClosed(1, 100).boxed().toList();
    for (String label : List.of("spot", "linear")) {
      assertThat(listener.frames())
          .filteredOn(seen -> seen.connection().equals(label))
          .extracting(seen -> numberOf(seen.frame()))
          .isEqualTo(expected);
      assertThat(counted(FeedMetrics.FRAMES, "connection", label)).isEqualTo(100);
    }
    assertThat(server.connections()).isEqualTo(2);
    assertThat(feed.status()).extracting(ConnectionStatus::label).containsExactly("spot", "linear");
    assertThat(protocol.journal().threads()).containsExactly(PUMP);
  }

  private static long numberOf(String frame) {
    return Long.parseLong(frame.replaceAll("\\D", ""));
  }

  @Test
  void shouldReconnectAndResendExactlyTheSubscribeFramesAfterADrop() {
    List<String> subscribes =
        List.of(NumberedProtocol.SUBSCRIBE, "{\"op\":\"subscribe\",\"channel\":\"more\"}");
    server =
        VenueServer.start(
            new VenueScript() {
              @Override
              public void onText(ServerConnection c, String text) {
                if (!text.equals(subscribes.getLast())) {
                  return;
                }
                if (c.index() == 0) {
                  for (long n = 1; n <= 50; n++) {
                    c.send(number(n));
                  }
                  c.drop();
                } else {
                  for (long n = 51; n <= 100; n++) {
                    c.send(number(n));
                  }
                }
              }
            });
    // The silence timeout is longer than the wait: the cut itself must end the connection.
    NumberedProtocol protocol =
        new NumberedProtocol(quietHeartbeat(), Optional.empty(), subscribes, 20);
    startFeed(protocol, FeedConfig.DEFAULT_MAX_FRAME_BYTES);

    await().atMost(WAIT).until(() -> protocol.journal().numbers().contains(100L));

    assertThat(server.connections()).isEqualTo(2);
    assertThat(server.connection(0).received()).isEqualTo(subscribes);
    assertThat(server.connection(1).received()).isEqualTo(subscribes);
    assertThat(protocol.journal().opens()).hasSize(2);
    // The listener hears of each open before the frames of that connection (a capture's marker).
    List<RecordingListener.Opened> opens = listener.opens();
    assertThat(opens).hasSize(2);
    assertThat(opens.getFirst().framesBefore()).isZero();
    List<Long> seen = listener.frames().stream().map(f -> numberOf(f.frame())).toList();
    assertThat(opens.getLast().framesBefore()).isEqualTo(seen.indexOf(51L));
    // Every frame written before the cut arrives, in order, none twice, then all after it.
    assertThat(protocol.journal().numbers())
        .isEqualTo(LongStream.rangeClosed(1, 100).boxed().toList());
    assertThat(reconnects("silent")).isZero();
    assertThat(reconnects("closed") + reconnects("error")).isEqualTo(1);
    assertThat(counted(FeedMetrics.CONNECTS, "connection", "main")).isEqualTo(2);
    assertThat(feed.status().getFirst().reconnects()).isEqualTo(1);
  }

  @Test
  void shouldDeliverTheFrameThatAnAbruptCloseFollowsAtOnce() {
    // Each of the first connections gets one frame and then a TCP cut with no close frame: the
    // frame and the end of the stream reach the client together, again and again.
    int cuts = 30;
    server =
        VenueServer.start(
            new VenueScript() {
              @Override
              public void onText(ServerConnection c, String text) {
                c.send(number(c.index() + 1));
                if (c.index() < cuts) {
                  c.drop();
                }
              }
            });
    NumberedProtocol protocol =
        protocol(new Heartbeat(Duration.ZERO, Duration.ofSeconds(1)), Optional.empty());
    FeedConfig config =
        FeedConfig.of(NumberedProtocol.NAME, List.of())
            .withEndpoints(server.uri(), null)
            .withBackoff(Duration.ofMillis(1), Duration.ofMillis(20));
    feed = new MarketFeed(protocol, config, REGISTRY, MarketOutput.DISCARD, listener, meters);
    feed.start();

    await().atMost(WAIT).until(() -> protocol.journal().numbers().contains(cuts + 1L));

    assertThat(protocol.journal().opens()).hasSize(cuts + 1);
    assertThat(protocol.journal().numbers())
        .isEqualTo(LongStream.rangeClosed(1, cuts + 1).boxed().toList());
    assertThat(reconnects("silent")).isZero();
    assertThat(reconnects("closed") + reconnects("error")).isEqualTo(cuts);
  }

  @Test
  void shouldDeliverEveryFrameSentBeforeACutWhileThePumpWasBlocked() {
    // More frames than the inbox holds: some wait parked or unread in the socket when the cut
    // comes, and must still come through, before the end is reported.
    int total = MarketFeed.QUEUE_EVENTS + 4_000;
    CountDownLatch dropped = new CountDownLatch(1);
    server =
        VenueServer.start(
            new VenueScript() {
              @Override
              public void onText(ServerConnection c, String text) {
                if (c.index() > 0) {
                  c.send(number(total + 1));
                  return;
                }
                for (long n = 1; n <= total; n++) {
                  c.send(number(n));
                }
                c.drop();
                dropped.countDown();
              }
            });
    CountDownLatch gate = new CountDownLatch(1);
    FrameListener blocking =
        new FrameListener() {
          @Override
          public void frame(String connection, String frame, long receivedEpochNanos) {
            try {
              gate.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }

          @Override
          public void oversized(String connection, String head, long size, long received) {}
        };
    NumberedProtocol protocol = protocol(quietHeartbeat(), Optional.empty());
    FeedConfig config =
        FeedConfig.of(NumberedProtocol.NAME, List.of())
            .withEndpoints(server.uri(), null)
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400));
    feed = new MarketFeed(protocol, config, REGISTRY, MarketOutput.DISCARD, blocking, meters);
    feed.start();
    await().atMost(WAIT).until(() -> dropped.getCount() == 0);
    // The cut is written; the reader fills the inbox from what the socket holds and parks.
    await()
        .atMost(WAIT)
        .until(
            () -> meters.find(FeedMetrics.QUEUE_DEPTH).gauge().value() > MarketFeed.QUEUE_EVENTS);

    gate.countDown();
    await().atMost(WAIT).until(() -> protocol.journal().numbers().contains(total + 1L));

    assertThat(protocol.journal().numbers())
        .isEqualTo(LongStream.rangeClosed(1, total + 1).boxed().toList());
    assertThat(reconnects("silent")).isZero();
    assertThat(reconnects("closed") + reconnects("error")).isEqualTo(1);
  }

  @Test
  void shouldDeclareASilentConnectionDeadAndReconnect() {
    server =
        VenueServer.start(
            new VenueScript() {
              @Override
              public void onText(ServerConnection c, String text) {
                c.send(number(c.index() + 1));
                if (c.index() == 0) {
                  c.goSilent();
                }
              }
            });
    NumberedProtocol protocol =
        protocol(new Heartbeat(Duration.ZERO, Duration.ofMillis(600)), Optional.empty());
    startFeed(protocol, FeedConfig.DEFAULT_MAX_FRAME_BYTES);

    await().atMost(WAIT).until(() -> protocol.journal().numbers().contains(2L));

    assertThat(reconnects("silent")).isEqualTo(1);
    assertThat(server.connection(1).received()).containsExactly(NumberedProtocol.SUBSCRIBE);
    await().atMost(WAIT).until(() -> !server.connection(0).isOpen());
  }

  @Test
  void shouldDropAnOversizedFrameAndKeepTheConnection() {
    String big = "{\"n\":2,\"pad\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
    server =
        VenueServer.start(
            new VenueScript() {
              @Override
              public void onText(ServerConnection c, String text) {
                c.send(number(1));
                c.send(big);
                c.send(number(3));
              }
            });
    NumberedProtocol protocol = protocol(quietHeartbeat(), Optional.empty());
    startFeed(protocol, 1024 * 1024);

    await().atMost(WAIT).until(() -> protocol.journal().numbers().contains(3L));

    assertThat(protocol.journal().numbers()).containsExactly(1L, 3L);
    assertThat(listener.oversized())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.totalBytes()).isEqualTo(big.length());
              assertThat(big).startsWith(o.head());
              assertThat(o.head()).startsWith("{\"n\":2").hasSizeLessThanOrEqualTo(1024);
            });
    assertThat(server.connections()).isEqualTo(1);
    assertThat(feed.status().getFirst().connected()).isTrue();
    assertThat(counted(FeedMetrics.OVERSIZED, "connection", "main")).isEqualTo(1);
    assertThat(counted(FeedMetrics.BYTES, "connection", "main"))
        .isEqualTo(big.length() + 2.0 * number(1).length());
  }

  @Test
  void shouldSendTheApplicationPingAtTheInterval() {
    server = VenueServer.start(new VenueScript() {});
    NumberedProtocol protocol =
        protocol(
            new Heartbeat(Duration.ofMillis(100), Duration.ofSeconds(30)), Optional.of("ping"));
    startFeed(protocol, FeedConfig.DEFAULT_MAX_FRAME_BYTES);

    await()
        .atMost(WAIT)
        .until(
            () ->
                server.connections() == 1
                    && server.connection(0).received().stream().filter("ping"::equals).count()
                        >= 3);

    assertThat(server.connection(0).received().getFirst()).isEqualTo(NumberedProtocol.SUBSCRIBE);
    assertThat(server.connection(0).pings()).isZero();
    assertThat(protocol.journal().threads()).containsExactly(PUMP);
  }

  @Test
  void shouldSendAWebSocketPingWhenTheProtocolHasNoPingFrame() {
    server = VenueServer.start(new VenueScript() {});
    NumberedProtocol protocol =
        protocol(new Heartbeat(Duration.ofMillis(100), Duration.ofSeconds(30)), Optional.empty());
    startFeed(protocol, FeedConfig.DEFAULT_MAX_FRAME_BYTES);

    await()
        .atMost(WAIT)
        .until(() -> server.connections() == 1 && server.connection(0).pings() >= 3);

    assertThat(server.connection(0).received()).containsExactly(NumberedProtocol.SUBSCRIBE);
  }

  @Test
  void shouldAnswerTheVenuesPingsAndReadOnAfterThem() {
    server =
        VenueServer.start(
            new VenueScript() {
              @Override
              public void onText(ServerConnection c, String text) {
                c.sendPing();
                c.send(number(1));
                c.sendPing();
                c.sendPing();
                c.send(number(2));
              }
            });
    NumberedProtocol protocol = protocol(quietHeartbeat(), Optional.empty());
    startFeed(protocol, FeedConfig.DEFAULT_MAX_FRAME_BYTES);

    await()
        .atMost(WAIT)
        .until(
            () -> protocol.journal().numbers().contains(2L) && server.connection(0).pongs() == 3);

    assertThat(protocol.journal().numbers()).containsExactly(1L, 2L);
    assertThat(feed.status().getFirst().reconnects()).isZero();
  }

  @Test
  void shouldDeliverRestAnswersAsFramesInOrderWithTheSocket() throws IOException {
    URI refused = refusedUri();
    AtomicReference<VenueServer> self = new AtomicReference<>();
    server =
        VenueServer.start(
            new VenueScript() {
              @Override
              public void onText(ServerConnection c, String text) {
                if (text.equals(NumberedProtocol.SUBSCRIBE)) {
                  c.send(number(1));
                  c.send(fetch(self.get().http("/depth?symbol=BTCUSDT&limit=5")));
                } else if (text.equals("after-depth")) {
                  c.send(number(2));
                  c.send(fetch(self.get().http("/broken")));
                } else if (text.equals("after-broken")) {
                  c.send(number(3));
                  c.send(fetch(refused));
                } else if (text.equals("after-refused")) {
                  c.send(number(4));
                }
              }
            });
    self.set(server);
    server.rest("/depth", 200, "{\"lastUpdateId\":7,\"bids\":[],\"asks\":[]}");
    server.rest("/broken", 500, "{\"error\":\"down\"}");
    // The test asks for the next step only after each answer, so the next frames follow it.
    NumberedProtocol protocol = protocol(quietHeartbeat(), Optional.empty());
    startFeed(protocol, FeedConfig.DEFAULT_MAX_FRAME_BYTES);
    await().atMost(WAIT).until(() -> protocol.journal().rests().size() == 1);
    venueAsks("after-depth");
    await().atMost(WAIT).until(() -> protocol.journal().rests().size() == 2);
    venueAsks("after-broken");
    await().atMost(WAIT).until(() -> protocol.journal().rests().size() == 3);
    venueAsks("after-refused");
    await().atMost(WAIT).until(() -> protocol.journal().numbers().contains(4L));

    List<RestFrame> rests = protocol.journal().rests();
    assertThat(rests.get(0).status()).isEqualTo(200);
    assertThat(rests.get(0).body()).isEqualTo("{\"lastUpdateId\":7,\"bids\":[],\"asks\":[]}");
    assertThat(rests.get(0).url()).isEqualTo(server.http("/depth?symbol=BTCUSDT&limit=5"));
    assertThat(rests.get(1).status()).isEqualTo(500);
    assertThat(rests.get(1).body()).isEqualTo("{\"error\":\"down\"}");
    assertThat(rests.get(2).status()).isZero();
    assertThat(rests.get(2).body()).isNotBlank();
    assertThat(server.restRequests()).containsExactly("/depth?symbol=BTCUSDT&limit=5", "/broken");
    // In the session's stream each answer sits after the frame that asked for it.
    List<String> frames = protocol.journal().frames();
    assertThat(frames).filteredOn(RestFrame::isRest).hasSize(3);
    assertThat(frames.indexOf(rests.get(0).encode()))
        .isGreaterThan(frames.indexOf(number(1)))
        .isLessThan(frames.indexOf(number(2)));
    assertThat(frames.indexOf(rests.get(1).encode()))
        .isGreaterThan(frames.indexOf(number(2)))
        .isLessThan(frames.indexOf(number(3)));
    assertThat(frames.indexOf(rests.get(2).encode()))
        .isGreaterThan(frames.indexOf(number(3)))
        .isLessThan(frames.indexOf(number(4)));
    assertThat(listener.frames()).extracting(RecordingListener.Seen::frame).isEqualTo(frames);
    assertThat(counted(FeedMetrics.REST_FETCHES, "outcome", "ok")).isEqualTo(1);
    assertThat(counted(FeedMetrics.REST_FETCHES, "outcome", "http_error")).isEqualTo(1);
    assertThat(counted(FeedMetrics.REST_FETCHES, "outcome", "failed")).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterAndReconnectWhenTheSessionThrows() {
    server =
        VenueServer.start(
            new VenueScript() {
              @Override
              public void onText(ServerConnection c, String text) {
                if (!text.equals(NumberedProtocol.SUBSCRIBE)) {
                  return;
                }
                if (c.index() == 0) {
                  c.send(number(1));
                  c.send("{\"cmd\":\"throw\",\"why\":\"decoder bug\"}");
                } else {
                  c.send(number(2));
                }
              }
            });
    NumberedProtocol protocol = protocol(quietHeartbeat(), Optional.empty());
    CollectingOutput output = new CollectingOutput();
    FeedConfig config =
        FeedConfig.of(NumberedProtocol.NAME, List.of())
            .withEndpoints(server.uri(), null)
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400));
    feed = new MarketFeed(protocol, config, REGISTRY, output, listener, meters);
    feed.start();

    await().atMost(WAIT).until(() -> protocol.journal().numbers().contains(2L));

    // A session bug costs the frame and a reconnect, not the feed.
    assertThat(feed.isRunning()).isTrue();
    assertThat(feed.failure()).isEmpty();
    assertThat(output.deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(ErrorKind.ADAPTER_ERROR);
              assertThat(d.error()).contains("IllegalStateException").contains("decoder bug");
            });
    assertThat(reconnects("requested")).isEqualTo(1);
    assertThat(protocol.journal().opens()).hasSize(2);
    assertThat(protocol.journal().numbers()).containsExactly(1L, 2L);
  }

  @Test
  void shouldReconnectWhenTheSessionAsks() {
    server =
        VenueServer.start(
            new VenueScript() {
              @Override
              public void onText(ServerConnection c, String text) {
                if (!text.equals(NumberedProtocol.SUBSCRIBE)) {
                  return;
                }
                c.send(number(c.index() + 1));
                if (c.index() == 0) {
                  c.send("{\"cmd\":\"reconnect\"}");
                }
              }
            });
    NumberedProtocol protocol = protocol(quietHeartbeat(), Optional.empty());
    startFeed(protocol, FeedConfig.DEFAULT_MAX_FRAME_BYTES);

    await().atMost(WAIT).until(() -> protocol.journal().numbers().contains(2L));

    assertThat(protocol.journal().numbers()).containsExactly(1L, 2L);
    assertThat(protocol.journal().opens()).hasSize(2);
    assertThat(reconnects("requested")).isEqualTo(1);
    assertThat(server.connection(1).received()).containsExactly(NumberedProtocol.SUBSCRIBE);
    await().atMost(WAIT).until(() -> !server.connection(0).isOpen());
  }

  @Test
  void shouldReconnectEveryConnectionWhenAskedToReconnectAll() {
    server =
        VenueServer.start(
            new VenueScript() {
              @Override
              public void onText(ServerConnection c, String text) {
                if (text.equals(NumberedProtocol.SUBSCRIBE)) {
                  c.send(number(c.index() + 1));
                }
              }
            });
    NumberedProtocol protocol =
        new NumberedProtocol(
            quietHeartbeat(),
            Optional.empty(),
            List.of(NumberedProtocol.SUBSCRIBE),
            50,
            List.of("spot", "linear"));
    startFeed(protocol, FeedConfig.DEFAULT_MAX_FRAME_BYTES);
    await().atMost(WAIT).until(() -> protocol.journal().numbers().size() == 2);

    feed.reconnectAll("records dropped");

    await().atMost(WAIT).until(() -> protocol.journal().numbers().size() == 4);
    assertThat(protocol.journal().opens()).hasSize(4);
    assertThat(server.connections()).isEqualTo(4);
    assertThat(feed.status()).allSatisfy(s -> assertThat(s.reconnects()).isEqualTo(1));
    for (String label : List.of("spot", "linear")) {
      assertThat(counted(FeedMetrics.RECONNECTS, "connection", label)).isEqualTo(1);
    }
    await()
        .atMost(WAIT)
        .until(() -> !server.connection(0).isOpen() && !server.connection(1).isOpen());
  }

  @Test
  void shouldStopThePumpAndCloseSocketsOnClose() {
    server = VenueServer.start(new VenueScript() {});
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    NumberedProtocol protocol = protocol(quietHeartbeat(), Optional.empty());
    startFeed(protocol, FeedConfig.DEFAULT_MAX_FRAME_BYTES);
    await()
        .atMost(WAIT)
        .until(() -> server.connections() == 1 && server.connection(0).received().size() == 1);
    assertThat(feedThreads()).contains(PUMP);

    // Every thread the feed started (the pump, the client's readers and scheduler) is named
    // after it, so the check that none survives covers them all.
    assertThat(startedSince(before)).isNotEmpty().allMatch(name -> name.startsWith(PUMP));

    assertThat(feed.isStopped()).isFalse();
    feed.close();

    assertThat(feed.isStopped()).isTrue();
    assertThat(feedThreads()).isEmpty();
    assertThat(startedSince(before)).isEmpty();
    assertThat(feed.isRunning()).isFalse();
    assertThat(feed.status().getFirst().connected()).isFalse();
    await().atMost(Duration.ofSeconds(5)).until(() -> !server.connection(0).isOpen());
    // The gauges read the closed feed's state: they go with it.
    assertThat(meters.find(FeedMetrics.CONNECTED).gauge()).isNull();
    assertThat(meters.find(FeedMetrics.QUEUE_DEPTH).gauge()).isNull();
  }

  @Test
  void shouldReconnectAfterACloseFrameWithEveryFrameDelivered() {
    server =
        VenueServer.start(
            new VenueScript() {
              @Override
              public void onText(ServerConnection c, String text) {
                for (long n = 1; n <= 20; n++) {
                  c.send(number(c.index() * 20 + n));
                }
                if (c.index() == 0) {
                  c.close(1001, "going away");
                }
              }
            });
    NumberedProtocol protocol = protocol(quietHeartbeat(), Optional.empty());
    startFeed(protocol, FeedConfig.DEFAULT_MAX_FRAME_BYTES);

    await().atMost(WAIT).until(() -> protocol.journal().numbers().contains(40L));

    assertThat(protocol.journal().numbers())
        .isEqualTo(LongStream.rangeClosed(1, 40).boxed().toList());
    assertThat(reconnects("closed")).isEqualTo(1);
    assertThat(server.connection(1).received()).containsExactly(NumberedProtocol.SUBSCRIBE);
  }

  @Test
  void shouldKeepRetryingWhileTheVenueRefusesConnections() throws IOException {
    URI refused = URI.create(refusedUri().toString().replace("http:", "ws:"));
    NumberedProtocol protocol = protocol(quietHeartbeat(), Optional.empty());
    FeedConfig config =
        FeedConfig.of(NumberedProtocol.NAME, List.of())
            .withEndpoints(refused, null)
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(100));
    feed = new MarketFeed(protocol, config, REGISTRY, MarketOutput.DISCARD, listener, meters);
    feed.start();

    await().atMost(WAIT).until(() -> reconnects("error") >= 3);

    assertThat(feed.status().getFirst().connected()).isFalse();
    assertThat(feed.status().getFirst().reconnects()).isGreaterThanOrEqualTo(3);
    assertThat(protocol.journal().opens()).isEmpty();
    assertThat(counted(FeedMetrics.CONNECTS, "connection", "main")).isZero();
  }

  @Test
  void shouldPushBackOnTheVenueWhileThePumpIsBlocked() throws InterruptedException {
    int total = 80_000;
    String pad = "p".repeat(1000);
    AtomicLong sent = new AtomicLong();
    server =
        VenueServer.start(
            new VenueScript() {
              @Override
              public void onText(ServerConnection c, String text) {
                for (long n = 1;
                    n <= total && c.send("{\"n\":" + n + ",\"pad\":\"" + pad + "\"}");
                    n++) {
                  sent.incrementAndGet();
                }
              }
            });
    CountDownLatch gate = new CountDownLatch(1);
    FrameListener blocking =
        new FrameListener() {
          @Override
          public void frame(String connection, String frame, long receivedEpochNanos) {
            try {
              gate.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }

          @Override
          public void oversized(String connection, String head, long total, long received) {}
        };
    NumberedProtocol protocol = protocol(quietHeartbeat(), Optional.empty());
    FeedConfig config =
        FeedConfig.of(NumberedProtocol.NAME, List.of()).withEndpoints(server.uri(), null);
    feed = new MarketFeed(protocol, config, REGISTRY, MarketOutput.DISCARD, blocking, meters);
    feed.start();

    // Wait until the venue can write no more: its sends block on a full TCP window.
    long[] last = {-1};
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              long now = sent.get();
              boolean stalled = now > 0 && now == last[0];
              last[0] = now;
              return stalled;
            });
    assertThat(sent.get()).isLessThan(total);
    double depth = meters.find(FeedMetrics.QUEUE_DEPTH).gauge().value();
    assertThat(depth).isLessThanOrEqualTo(MarketFeed.QUEUE_EVENTS + 1);

    gate.countDown();
    await().atMost(WAIT).until(() -> protocol.journal().numbers().size() == total);
    assertThat(protocol.journal().numbers())
        .isEqualTo(LongStream.rangeClosed(1, total).boxed().toList());
    assertThat(feed.status().getFirst().reconnects()).isZero();
  }

  /**
   * Has the venue ask the session to send {@code text} back, which starts the script's next step.
   */
  private void venueAsks(String text) {
    ServerConnection c = server.connection(0);
    c.send("{\"cmd\":\"send\",\"text\":\"" + text + "\"}");
  }

  private static String fetch(URI uri) {
    return "{\"cmd\":\"fetch\",\"url\":\"" + uri + "\"}";
  }

  private static URI refusedUri() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    return URI.create("http://127.0.0.1:" + port + "/refused");
  }

  /** Live threads started since {@code before}, the venue's own left out. */
  private static List<String> startedSince(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !before.contains(t))
        .map(Thread::getName)
        .filter(name -> !name.startsWith("venue-server"))
        .toList();
  }

  private static List<String> feedThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith(PUMP))
        .toList();
  }

  private static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
