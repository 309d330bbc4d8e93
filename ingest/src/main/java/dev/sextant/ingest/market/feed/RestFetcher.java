package dev.sextant.ingest.market.feed;

import dev.sextant.ingest.market.RestFrame;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;

/**
 * Runs a session's REST GETs (book snapshots) and turns each answer, or failure, into a {@link
 * RestFrame}. Bodies are bounded like frames: a larger one is a failure, not a memory spike.
 */
final class RestFetcher {

  private final HttpClient client;
  private final Duration timeout;
  private final int maxBytes;

  /**
   * @param client the feed's HTTP client, the one its sockets use
   * @param timeout how long the whole request may take, response body included
   * @param maxBytes the largest body accepted
   */
  RestFetcher(HttpClient client, Duration timeout, int maxBytes) {
    this.client = client;
    this.timeout = timeout;
    this.maxBytes = maxBytes;
  }

  /** The answer to {@code GET uri}; never completes exceptionally (a failure is status 0). */
  CompletableFuture<RestFrame> fetch(URI uri) {
    CompletableFuture<RestFrame> answer = new CompletableFuture<>();
    try {
      client
          .newRequest(uri)
          .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .accept("application/json")
          // Past maxBytes the listener aborts the response: the result is a failure.
          .send(
              new BufferingResponseListener(maxBytes) {
                @Override
                public void onComplete(Result result) {
                  answer.complete(
                      result.isFailed()
                          ? new RestFrame(uri, 0, describe(result.getFailure()))
                          : new RestFrame(
                              uri,
                              result.getResponse().getStatus(),
                              getContentAsString(StandardCharsets.UTF_8)));
                }
              });
    } catch (RuntimeException e) {
      // A client already stopped, or a URI it cannot use.
      answer.complete(new RestFrame(uri, 0, describe(e)));
    }
    return answer;
  }

  /** A failure as one line: its class and message, without the wrapper of the future. */
  static String describe(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
