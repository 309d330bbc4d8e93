package dev.sextant.deploy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /health}: starting, serving, and not serving with the name and reason of each problem. */
class HttpEndpointTest {

  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicReference<List<String>> problems = new AtomicReference<>(List.of());
  private final HttpEndpoint http = new HttpEndpoint(0, meters, ready::get, problems::get);

  @AfterEach
  void tearDown() {
    http.close();
    meters.close();
  }

  private HttpResponse<String> health() throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.boundPort() + "/health"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  @Test
  void shouldSayStartingThenServingThenNameEachFailedFeed() throws Exception {
    http.start();

    assertThat(health().statusCode()).isEqualTo(503);
    assertThat(health().body()).isEqualTo("STARTING\n");

    ready.set(true);
    assertThat(health().statusCode()).isEqualTo(200);
    assertThat(health().body()).isEqualTo("SERVING\n");

    problems.set(
        List.of(
            "live feed 'market-okx': stopped: java.lang.IllegalStateException: bug",
            "live feed 'market-bybit': disconnected: connection spot down for 120 s"));
    HttpResponse<String> unhealthy = health();
    assertThat(unhealthy.statusCode()).isEqualTo(503);
    assertThat(unhealthy.body())
        .isEqualTo(
            "NOT_SERVING\n"
                + "live feed 'market-okx': stopped: java.lang.IllegalStateException: bug\n"
                + "live feed 'market-bybit': disconnected: connection spot down for 120 s\n");

    problems.set(List.of());
    assertThat(health().statusCode()).isEqualTo(200);
  }

  @Test
  void shouldListEachSourcesStateAfterTheStatusWhetherHealthyOrNot() throws Exception {
    AtomicReference<List<String>> details =
        new AtomicReference<>(List.of("chain 'demo': TAIL at block 12"));
    try (HttpEndpoint withDetails =
        new HttpEndpoint(0, meters, ready::get, problems::get, details::get)) {
      withDetails.start();
      URI health = URI.create("http://127.0.0.1:" + withDetails.boundPort() + "/health");
      ready.set(true);

      HttpResponse<String> healthy = get(health);
      assertThat(healthy.statusCode()).isEqualTo(200);
      assertThat(healthy.body()).isEqualTo("SERVING\nchain 'demo': TAIL at block 12\n");

      problems.set(List.of("chain 'demo': FAILED: boom"));
      details.set(List.of("chain 'demo': FAILED at block 12"));
      HttpResponse<String> failed = get(health);
      assertThat(failed.statusCode()).isEqualTo(503);
      assertThat(failed.body())
          .isEqualTo("NOT_SERVING\nchain 'demo': FAILED: boom\nchain 'demo': FAILED at block 12\n");
    }
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
