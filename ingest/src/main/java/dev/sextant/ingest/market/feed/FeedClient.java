package dev.sextant.ingest.market.feed;

import java.time.Duration;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A feed's one Jetty HTTP client, shared by its sockets and its REST fetches, with every thread
 * named after the feed ({@code <prefix>-io-N}, {@code <prefix>-scheduler}) so a leak shows.
 */
final class FeedClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FeedClient.class);

  /** Reads of many connections plus REST answers; idle threads go after a minute. */
  private static final int MAX_THREADS = 64;

  private static final int MIN_THREADS = 2;
  private static final long STOP_MILLIS = 2_000;

  private final QueuedThreadPool threads;
  private final ScheduledExecutorScheduler scheduler;
  private final HttpClient http;
  private final WebSocketClient websockets;

  /** Builds and starts the client. */
  FeedClient(String threadPrefix, Duration connectTimeout) {
    threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, 60_000);
    threads.setName(threadPrefix + "-io");
    threads.setDaemon(true);
    threads.setStopTimeout(STOP_MILLIS);
    scheduler = new ScheduledExecutorScheduler(threadPrefix + "-scheduler", true);
    http = new HttpClient();
    http.setName(threadPrefix);
    http.setExecutor(threads);
    http.setScheduler(scheduler);
    http.setConnectTimeout(connectTimeout.toMillis());
    http.setFollowRedirects(true);
    try {
      threads.start();
      scheduler.start();
      http.start();
    } catch (Exception e) {
      stop(http, scheduler, threads);
      throw new IllegalStateException("the feed's HTTP client did not start", e);
    }
    // Built once the HTTP client runs, so it reads on the client's threads rather than on a pool
    // of its own.
    websockets = new WebSocketClient(http);
    // The feed's own silence check decides when a socket is dead; a socket parked by backpressure
    // must not time out while the pump catches up.
    websockets.setIdleTimeout(Duration.ZERO);
    // Frames over Jetty's frame size arrive in parts rather than fail: the feed bounds messages.
    websockets.setAutoFragment(true);
    websockets.setStopAtShutdown(false);
    websockets.setStopTimeout(STOP_MILLIS);
    try {
      websockets.start();
    } catch (Exception e) {
      close();
      throw new IllegalStateException("the feed's WebSocket client did not start", e);
    }
  }

  HttpClient http() {
    return http;
  }

  WebSocketClient websockets() {
    return websockets;
  }

  /** Stops the client, drops its connections and ends its threads. */
  @Override
  public void close() {
    stop(websockets, http, scheduler, threads);
  }

  private static void stop(LifeCycle... parts) {
    for (LifeCycle part : parts) {
      try {
        part.stop();
      } catch (Exception e) {
        // Keep stopping the rest: the threads must end whatever failed before.
        LOG.warn("could not stop {}: {}", part, e.toString());
      }
    }
  }

  /** True once every thread of the client has ended. */
  boolean isStopped() {
    return threads.isStopped() && scheduler.isStopped();
  }
}
