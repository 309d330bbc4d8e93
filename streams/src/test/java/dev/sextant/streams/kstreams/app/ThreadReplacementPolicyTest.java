package dev.sextant.streams.kstreams.app;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class ThreadReplacementPolicyTest {

  private static StreamsException transientError() {
    // How Kafka Streams hands a timed-out request to the handler: wrapped.
    return new StreamsException("task failed", new TimeoutException("broker away"));
  }

  @Test
  void shouldReplaceTheThreadForTransientErrorsUpToTheBudgetThenShutDown() {
    ThreadReplacementPolicy policy = new ThreadReplacementPolicy(2);

    assertThat(policy.handle(transientError())).isEqualTo(REPLACE_THREAD);
    assertThat(policy.handle(transientError())).isEqualTo(REPLACE_THREAD);
    assertThat(policy.replaced()).isEqualTo(2);
    assertThat(policy.handle(transientError())).isEqualTo(SHUTDOWN_CLIENT);
    assertThat(policy.handle(transientError())).isEqualTo(SHUTDOWN_CLIENT);
    assertThat(policy.replaced()).isEqualTo(2);
  }

  @Test
  void shouldShutDownOnAnyOtherError() {
    ThreadReplacementPolicy policy = new ThreadReplacementPolicy(3);

    assertThat(policy.handle(new StreamsException(new IllegalStateException("bug"))))
        .isEqualTo(SHUTDOWN_CLIENT);
    assertThat(policy.handle(new UnknownServerException("not retriable")))
        .isEqualTo(SHUTDOWN_CLIENT);
    assertThat(policy.handle(new OutOfMemoryError())).isEqualTo(SHUTDOWN_CLIENT);
    assertThat(policy.replaced()).isZero();
  }

  @Test
  void shouldShutDownAtOnceWithNoBudget() {
    assertThat(new ThreadReplacementPolicy(0).handle(transientError())).isEqualTo(SHUTDOWN_CLIENT);
  }

  @Test
  void shouldKeepTheLatestErrorAsTheReason() {
    ThreadReplacementPolicy policy = new ThreadReplacementPolicy(1);
    assertThat(policy.lastError()).isEmpty();

    StreamsException first = transientError();
    policy.handle(first);
    assertThat(policy.lastError()).containsSame(first);
    IllegalStateException bug = new IllegalStateException("bug");
    policy.handle(bug);
    assertThat(policy.lastError()).containsSame(bug);
  }
}
