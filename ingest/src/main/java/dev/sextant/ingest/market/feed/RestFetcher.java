package dev.sextant.ingest.market.feed;

import dev.sextant.ingest.market.RestFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Runs a session's REST GETs (book snapshots) and turns each answer, or failure, into a {@link
 * RestFrame}. Bodies are bounded like frames: a larger one is a failure, not a memory spike.
 */
final class RestFetcher {

  private final HttpClient client;
  private final Duration timeout;
  private final long maxBytes;

  /**
   * @param timeout how long the whole request may take, response body included
   * @param maxBytes the largest body accepted
   */
  RestFetcher(HttpClient client, Duration timeout, long maxBytes) {
    this.client = client;
    this.timeout = timeout;
    this.maxBytes = maxBytes;
  }

  /** The answer to {@code GET uri}; never completes exceptionally (a failure is status 0). */
  CompletableFuture<RestFrame> fetch(URI uri) {
    HttpRequest request =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").build();
    try {
      return client
          .sendAsync(request, info -> new BoundedBody(maxBytes))
          .handle(
              (response, error) ->
                  error == null
                      ? new RestFrame(uri, response.statusCode(), response.body())
                      : new RestFrame(uri, 0, describe(error)));
    } catch (RuntimeException e) {
      // A client already shut down, or a URI it cannot use.
      return CompletableFuture.completedFuture(new RestFrame(uri, 0, describe(e)));
    }
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

  /** Collects a UTF-8 body up to a bound, cancelling the response past it. */
  private static final class BoundedBody implements BodySubscriber<String> {

    private final long maxBytes;
    private final CompletableFuture<String> body = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    BoundedBody(long maxBytes) {
      this.maxBytes = maxBytes;
    }

    @Override
    public CompletionStage<String> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (body.isDone()) {
        return;
      }
      for (ByteBuffer buffer : buffers) {
        if (out.size() + (long) buffer.remaining() > maxBytes) {
          subscription.cancel();
          body.completeExceptionally(new IOException("response body over " + maxBytes + " bytes"));
          return;
        }
        byte[] chunk = new byte[buffer.remaining()];
        buffer.get(chunk);
        out.writeBytes(chunk);
      }
    }

    @Override
    public void onError(Throwable error) {
      body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      body.complete(out.toString(StandardCharsets.UTF_8));
    }
  }
}
