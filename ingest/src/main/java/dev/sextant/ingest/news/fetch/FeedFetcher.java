package dev.sextant.ingest.news.fetch;

import dev.sextant.ingest.http.RetryAfter;
import dev.sextant.ingest.news.fetch.FetchResult.Failed;
import dev.sextant.ingest.news.fetch.FetchResult.Fetched;
import dev.sextant.ingest.news.fetch.FetchResult.NotModified;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches one feed over HTTP within {@link FetchLimits}: conditional GET, redirects followed by
 * hand once {@link RedirectGuard} allows them (so loops are seen, and no redirect leads from a
 * public feed into loopback, private or link-local addresses), the body read with a size cap and
 * the whole fetch under one deadline. Never throws for what a server does; every way a fetch can
 * end is a {@link FetchResult}.
 */
public final class FeedFetcher implements AutoCloseable {

  private final HttpClient client;
  private final FetchLimits limits;
  private final Clock clock;
  private final HostResolver resolver;
  // Bodies are read on virtual threads so that a server dripping bytes can be cut off at the
  // deadline: a blocked read gives way to an interrupt.
  private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();

  /** A fetcher judging redirect targets with the system's resolver. */
  public FeedFetcher(FetchLimits limits, Clock clock) {
    this(limits, clock, HostResolver.SYSTEM);
  }

  /**
   * @param resolver resolves redirect targets (and, on the first redirect, the feed's own host) to
   *     judge where they lead; the connection itself resolves as the HTTP client does
   */
  public FeedFetcher(FetchLimits limits, Clock clock, HostResolver resolver) {
    this.limits = limits;
    this.clock = clock;
    this.resolver = resolver;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(limits.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            // Never the JVM's default proxy selector (http.proxyHost and the like): a proxy
            // resolves names itself, so the redirect address check would judge addresses the
            // connection never uses. Fetching through a proxy is not supported yet.
            .proxy(HttpClient.Builder.NO_PROXY)
            .build();
  }

  /** Fetches {@code url}, sending {@code validators} so an unchanged feed answers 304. */
  public FetchResult fetch(URI url, Validators validators) {
    long deadline = System.nanoTime() + limits.totalTimeout().toNanos();
    RedirectGuard redirects = new RedirectGuard(url, limits.maxRedirects(), resolver);
    while (true) {
      URI current = redirects.current();
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      if (left.isNegative() || left.isZero()) {
        return tooSlow(url);
      }
      HttpResponse<InputStream> response;
      try {
        response =
            client.send(
                request(current, validators, left), HttpResponse.BodyHandlers.ofInputStream());
      } catch (HttpTimeoutException e) {
        return tooSlow(url);
      } catch (IOException e) {
        return new Failed(FetchFailure.CONNECTION, current + ": " + shown(e), 0, Optional.empty());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Failed(FetchFailure.CONNECTION, "interrupted", 0, Optional.empty());
      } catch (RuntimeException e) {
        // The client refuses a request it cannot make (a port out of range, no host). Redirect
        // targets are checked before this, so it is a last line: a server's answer never escapes.
        return new Failed(
            redirects.redirected() ? FetchFailure.BAD_REDIRECT : FetchFailure.CONNECTION,
            current + ": the HTTP client refused the request: " + shown(e),
            0,
            Optional.empty());
      }
      int status = response.statusCode();
      if (isRedirect(status)) {
        closeQuietly(response.body());
        if (redirects.redirect(status, response.headers().firstValue("Location"))
            instanceof RedirectGuard.Refuse(FetchFailure reason, String message)) {
          return new Failed(reason, message, status, Optional.empty());
        }
        continue;
      }
      if (status == 304) {
        closeQuietly(response.body());
        return new NotModified();
      }
      if (status == 429
          || (status == 503 && response.headers().firstValue("Retry-After").isPresent())) {
        closeQuietly(response.body());
        return new Failed(
            FetchFailure.RATE_LIMITED,
            current + " answered " + status,
            status,
            response
                .headers()
                .firstValue("Retry-After")
                .flatMap(h -> RetryAfter.parse(h, clock.instant())));
      }
      if (status < 200 || status > 299) {
        closeQuietly(response.body());
        return new Failed(
            FetchFailure.HTTP_STATUS, current + " answered " + status, status, Optional.empty());
      }
      return read(current, response, deadline);
    }
  }

  private FetchResult read(URI url, HttpResponse<InputStream> response, long deadline) {
    InputStream body = response.body();
    Future<byte[]> reading = readers.submit(() -> readCapped(body));
    try {
      byte[] bytes = reading.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (bytes == null) {
        return new Failed(
            FetchFailure.TOO_LARGE,
            url + ": body over " + limits.maxBytes() + " bytes",
            response.statusCode(),
            Optional.empty());
      }
      return new Fetched(
          url,
          bytes,
          response.headers().firstValue("Content-Type"),
          new Validators(
              response.headers().firstValue("ETag"),
              response.headers().firstValue("Last-Modified")));
    } catch (TimeoutException e) {
      reading.cancel(true);
      closeQuietly(body);
      return tooSlow(url);
    } catch (ExecutionException e) {
      return new Failed(
          FetchFailure.CONNECTION,
          url + ": reading the body failed: " + shown(e.getCause()),
          response.statusCode(),
          Optional.empty());
    } catch (InterruptedException e) {
      reading.cancel(true);
      closeQuietly(body);
      Thread.currentThread().interrupt();
      return new Failed(FetchFailure.CONNECTION, "interrupted", 0, Optional.empty());
    }
  }

  /** The body, or null when it is longer than the limit (reading stops there). */
  private byte[] readCapped(InputStream in) throws IOException {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[16 * 1024];
      long total = 0;
      int n;
      while ((n = in.read(buffer)) >= 0) {
        total += n;
        if (total > limits.maxBytes()) {
          return null;
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }

  private HttpRequest request(URI url, Validators validators, Duration timeout) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .GET()
            .timeout(timeout)
            .header("User-Agent", limits.userAgent())
            .header(
                "Accept",
                "application/rss+xml, application/atom+xml, application/rdf+xml,"
                    + " application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1");
    validators.etag().ifPresent(etag -> headerIfSendable(request, "If-None-Match", etag));
    validators
        .lastModified()
        .ifPresent(date -> headerIfSendable(request, "If-Modified-Since", date));
    return request.build();
  }

  /**
   * Validators are a server's words, kept across restarts: one the client refuses to send (a
   * control character) is left out, and the request goes unconditional rather than not at all.
   */
  private static void headerIfSendable(HttpRequest.Builder request, String name, String value) {
    try {
      request.header(name, value);
    } catch (IllegalArgumentException e) {
      // Unconditional: the feed is fetched in full and its answer brings new validators.
    }
  }

  /** An exception for a message: it may quote what the server sent. */
  private static String shown(Throwable e) {
    return Printable.of(String.valueOf(e), 300);
  }

  private Failed tooSlow(URI url) {
    return new Failed(
        FetchFailure.TOO_SLOW,
        url + ": not fetched within " + limits.totalTimeout(),
        0,
        Optional.empty());
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException | RuntimeException e) {
      // Closing is cleanup: the fetch already has its outcome.
    }
  }

  @Override
  public void close() {
    readers.shutdownNow();
    client.close();
  }
}
