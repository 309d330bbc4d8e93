package dev.sextant.deploy.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/** The node's view of the derived streams: start, health, close; the client is a stand-in. */
class StreamsPartTest {

  /** A client whose state, answers and error the test sets. */
  private static final class FakeClient implements StreamsPart.Client {
    volatile State state = State.CREATED;
    volatile Boolean runsInTime = true; // null: stops while starting
    volatile int replacements;
    volatile Throwable error;
    volatile RuntimeException onStart;
    final List<String> calls = new ArrayList<>();

    @Override
    public void start() {
      calls.add("start");
      if (onStart != null) {
        throw onStart;
      }
      state = State.REBALANCING;
    }

    @Override
    public boolean awaitRunning(Duration timeout) {
      calls.add("await " + timeout.toMillis());
      if (runsInTime == null) {
        state = State.ERROR;
        throw new IllegalStateException("streams will not run: ERROR");
      }
      if (runsInTime) {
        state = State.RUNNING;
      }
      return runsInTime;
    }

    @Override
    public State state() {
      return state;
    }

    @Override
    public int threadReplacements() {
      return replacements;
    }

    @Override
    public Optional<Throwable> lastError() {
      return Optional.ofNullable(error);
    }

    @Override
    public boolean close(Duration timeout) {
      calls.add("close " + timeout.toMillis());
      state = State.NOT_RUNNING;
      return true;
    }
  }

  private final FakeClient client = new FakeClient();
  private final StreamsPart part =
      new StreamsPart(client, Duration.ofMillis(1500), Duration.ofMillis(2500));

  @Test
  void shouldStartWaitABoundedTimeAndCloseWithItsTimeout() throws Exception {
    part.start();
    part.awaitRunning();
    part.close();

    assertThat(client.calls).containsExactly("start", "await 1500", "close 2500");
  }

  @Test
  void shouldReportNothingBeforeStartAndWhileHealthy() throws Exception {
    assertThat(part.problems()).isEmpty();
    assertThat(part.statusLines()).containsExactly("streams: not started, 0 thread replacements");

    part.start();
    part.awaitRunning();
    assertThat(part.problems()).isEmpty();
    assertThat(part.statusLines()).containsExactly("streams: RUNNING, 0 thread replacements");

    client.state = State.REBALANCING;
    assertThat(part.problems()).isEmpty();
  }

  @Test
  void shouldReturnFromStartWhenTheClientIsNotRunningInTime() throws Exception {
    client.runsInTime = false;

    part.start();
    part.awaitRunning();

    assertThat(client.calls).containsExactly("start", "await 1500");
    assertThat(part.problems()).isEmpty();
    assertThat(part.statusLines()).containsExactly("streams: REBALANCING, 0 thread replacements");
  }

  @Test
  void shouldReportAFailedClientWithTheRootCauseOfItsError() throws Exception {
    part.start();
    part.awaitRunning();
    client.replacements = 3;
    client.error = new StreamsException("task failed", new TimeoutException("broker away"));
    client.state = State.PENDING_ERROR;

    String reason =
        "org.apache.kafka.streams.errors.StreamsException: task failed (cause:"
            + " org.apache.kafka.common.errors.TimeoutException: broker away)";
    String consequence = "; no candles, prices or news scores are computed until the node restarts";
    assertThat(part.problems()).containsExactly("streams: PENDING_ERROR: " + reason + consequence);
    client.state = State.ERROR;
    assertThat(part.problems()).containsExactly("streams: ERROR: " + reason + consequence);
    assertThat(part.statusLines())
        .containsExactly("streams: ERROR, 3 thread replacements, last error: " + reason);
  }

  @Test
  void shouldReportAClientThatStoppedByItselfButNotOneThatIsClosed() throws Exception {
    part.start();
    part.awaitRunning();
    client.state = State.NOT_RUNNING;

    assertThat(part.problems())
        .containsExactly(
            "streams: NOT_RUNNING: the client stopped; no candles, prices or news scores are"
                + " computed until the node restarts");

    part.close();
    assertThat(part.problems()).isEmpty();
  }

  @Test
  void shouldCarryOnWhenTheClientFailsWhileStartingAndReportIt() throws Exception {
    client.runsInTime = null;
    client.error = new IllegalStateException("bug");

    part.start();
    part.awaitRunning();

    assertThat(part.problems())
        .containsExactly(
            "streams: ERROR: java.lang.IllegalStateException: bug; no candles, prices or news"
                + " scores are computed until the node restarts");
  }

  @Test
  void shouldLetAClientThatCannotBeCreatedFailTheStart() {
    client.onStart = new StreamsException("Unable to initialize state");

    assertThatThrownBy(part::start).isSameAs(client.onStart);
    assertThat(part.problems()).isEmpty();
  }
}
