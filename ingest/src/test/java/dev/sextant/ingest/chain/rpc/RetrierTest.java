package dev.sextant.ingest.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.ingest.chain.rpc.RpcException.Kind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetrierTest {

  private static final Duration INITIAL = Duration.ofMillis(100);
  private static final Duration MAX = Duration.ofSeconds(2);

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<Long> waits = new ArrayList<>();

  private Retrier retrier(int maxAttempts) {
    return new Retrier(
        "test",
        maxAttempts,
        new Backoff(INITIAL, MAX, new Random(7)),
        new RpcMetrics(meters, "test"),
        waits::add);
  }

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  /** Fails with each of {@code failures} in turn, then answers {@code "ok"}. */
  private static Supplier<String> failing(RpcException... failures) {
    Deque<RpcException> left = new ArrayDeque<>(List.of(failures));
    return () -> {
      RpcException next = left.poll();
      if (next != null) {
        throw next;
      }
      return "ok";
    };
  }

  private double errors(Kind kind) {
    return meters
        .get(RpcMetrics.ERRORS)
        .tags("chain", "test", "kind", RpcMetrics.tag(kind))
        .counter()
        .count();
  }

  private double retries() {
    return meters.get(RpcMetrics.RETRIES).counter().count();
  }

  @Test
  void shouldRetryRetryableFailuresThenAnswer() {
    String answer =
        retrier(5)
            .call(
                "eth_blockNumber",
                failing(
                    new RpcException(Kind.TIMEOUT, "slow"),
                    new RpcException(Kind.TRANSPORT, "reset"),
                    new RpcException(Kind.RATE_LIMITED, "429")));

    assertThat(answer).isEqualTo("ok");
    assertThat(waits).hasSize(3);
    for (int i = 0; i < waits.size(); i++) {
      assertThat(waits.get(i)).isBetween(0L, INITIAL.toNanos() << i);
    }
    assertThat(errors(Kind.TIMEOUT)).isEqualTo(1);
    assertThat(errors(Kind.TRANSPORT)).isEqualTo(1);
    assertThat(errors(Kind.RATE_LIMITED)).isEqualTo(1);
    assertThat(retries()).isEqualTo(3);
    assertThat(meters.get(RpcMetrics.REQUESTS).tag("method", "eth_blockNumber").timer().count())
        .isEqualTo(4);
  }

  @Test
  void shouldWaitAtLeastWhatTheNodeAskedFor() {
    RpcException limited =
        new RpcException(Kind.RATE_LIMITED, 429, Duration.ofSeconds(30), "429", null);

    retrier(3).call("eth_getLogs", failing(limited));

    assertThat(waits).containsExactly(Duration.ofSeconds(30).toNanos());
  }

  @Test
  void shouldThrowAFailureThatIsNotRetryableAtOnce() {
    RpcException refused = new RpcException(Kind.RANGE_REFUSED, "too many results");

    assertThatThrownBy(() -> retrier(5).call("eth_getLogs", failing(refused))).isSameAs(refused);
    assertThat(waits).isEmpty();
    assertThat(errors(Kind.RANGE_REFUSED)).isEqualTo(1);
    assertThat(retries()).isZero();
  }

  @Test
  void shouldThrowTheLastFailureOnceTheAttemptsAreSpent() {
    RpcException last = new RpcException(Kind.TRANSPORT, "third");

    assertThatThrownBy(
            () ->
                retrier(3)
                    .call(
                        "eth_chainId",
                        failing(
                            new RpcException(Kind.TRANSPORT, "first"),
                            new RpcException(Kind.TRANSPORT, "second"),
                            last,
                            new RpcException(Kind.TRANSPORT, "never tried"))))
        .isSameAs(last);
    assertThat(waits).hasSize(2);
    assertThat(errors(Kind.TRANSPORT)).isEqualTo(3);
    assertThat(retries()).isEqualTo(2);
  }

  @Test
  void shouldStopWaitingWhenInterruptedAndKeepTheFlag() {
    Retrier interrupted =
        new Retrier(
            "test",
            5,
            new Backoff(INITIAL, MAX, new Random(7)),
            new RpcMetrics(meters, "test"),
            nanos -> {
              throw new InterruptedException();
            });

    assertThatThrownBy(
            () ->
                interrupted.call(
                    "eth_blockNumber", failing(new RpcException(Kind.TIMEOUT, "slow"))))
        .isInstanceOf(CancellationException.class);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }
}
