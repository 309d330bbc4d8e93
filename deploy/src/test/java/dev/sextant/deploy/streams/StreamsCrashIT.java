package dev.sextant.deploy.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sextant.deploy.kafka.EmbeddedKafka;
import dev.sextant.deploy.kafka.TestBroker;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.streams.kstreams.app.ProcessingGuarantee;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The derived streams application killed with SIGKILL mid-stream on a real broker, against an
 * uninterrupted run of the same deterministic input (docs/streams/application.md, "Guarantees,
 * tested"). Each run has its own broker, so every output topic holds that run's records only.
 */
class StreamsCrashIT {

  private static final Duration COMMIT = Duration.ofMillis(100);
  private static final Duration AWAIT = Duration.ofSeconds(90);

  /** Whole hours, two back: 5 min windows align the same in every run; Kafka keeps the trades. */
  private static final Instant T0 =
      Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));

  /** 12 instruments x 1000 trades, 1.8 s apart: 12,000 trades over 30 minutes of event time. */
  private static final CrashInput INPUT = CrashInput.generate(T0, 1000, Duration.ofMillis(1800));

  /**
   * The children's logs (their standard error): kept after the run, under the module's build
   * directory, to read when a comparison fails.
   */
  private static final Path LOGS = Path.of("target", "streams-crash-it");

  @TempDir static Path dir;

  /** The uninterrupted run's outputs and the tasks of the topology, made once. */
  private record Reference(DerivedOutputs outputs, Set<String> tasks) {}

  private static Reference reference;

  @Test
  void shouldWriteExactlyTheUninterruptedOutputAfterSigkillsUnderExactlyOnce() throws Exception {
    Reference expected = reference();
    try (Run run = new Run("eos-crash", ProcessingGuarantee.EXACTLY_ONCE_V2)) {
      run.startAndKillMidStream(expected);
      // Killed again as soon as it runs: restored, nothing or little processed.
      try (ChildStreams child = run.child("eos-crash-2", 0)) {
        child.awaitRunning(AWAIT);
        child.kill();
      }
      run.progress.removeMembers(run.app);
      try (ChildStreams child = run.child("eos-crash-3", 0)) {
        child.awaitRunning(AWAIT);
        run.awaitDone();
      }

      DerivedOutputs actual = DerivedOutputs.read(run.kafka.bootstrapServers());
      // Every key's whole sequence of values, in order: nothing lost, nothing written twice.
      assertThat(actual.differences(expected.outputs())).isEmpty();
      assertThat(actual.size()).isEqualTo(expected.outputs().size());
    }
  }

  @Test
  void shouldEndWithTheUninterruptedLatestValuesAfterSigkillUnderAtLeastOnce() throws Exception {
    Reference expected = reference();
    try (Run run = new Run("alos-crash", ProcessingGuarantee.AT_LEAST_ONCE)) {
      run.startAndKillMidStream(expected);
      try (ChildStreams child = run.child("alos-crash-2", 0)) {
        child.awaitRunning(AWAIT);
        run.awaitDone();
      }

      DerivedOutputs actual = DerivedOutputs.read(run.kafka.bootstrapServers());
      assertThat(actual.indicators().keySet()).isEqualTo(expected.outputs().indicators().keySet());
      assertThat(actual.prices().keySet()).isEqualTo(expected.outputs().prices().keySet());
      assertThat(actual.latest().differences(expected.outputs().latest())).isEmpty();
      // Replayed outputs may repeat; none is missing from the count.
      assertThat(actual.size()).isGreaterThanOrEqualTo(expected.outputs().size());
    }
  }

  @Test
  void shouldSplitThePartitionsBetweenTwoInstancesAndTakeOverAfterAKill() throws Exception {
    Reference expected = reference();
    try (Run run = new Run("two", ProcessingGuarantee.EXACTLY_ONCE_V2, false);
        ChildStreams first = run.child("two-a", 1);
        ChildStreams second = run.child("two-b", 1)) {
      // Both in the group before any trade: the work is split from the first record on.
      await("tasks split")
          .atMost(AWAIT)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> split(first.tasks(), second.tasks(), expected.tasks()));
      assertThat(first.tasks()).isNotEmpty();
      assertThat(second.tasks()).isNotEmpty();

      INPUT.produce(run.kafka.bootstrapServers());
      run.awaitOutputs(expected.outputs().size() / 3);
      first.kill();
      assertThat(run.progress.caughtUp(run.app, run.inputs()))
          .as("killed before the input was processed")
          .isFalse();
      run.progress.removeMembers(run.app);
      await("the second instance takes every task")
          .atMost(AWAIT)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> second.tasks().equals(expected.tasks()));
      run.awaitDone();

      DerivedOutputs actual = DerivedOutputs.read(run.kafka.bootstrapServers());
      assertThat(actual.differences(expected.outputs())).isEmpty();
    }
  }

  /** Each instance has tasks, none has one of the other's, and together they have them all. */
  private static boolean split(Set<String> a, Set<String> b, Set<String> all) {
    Set<String> both = new HashSet<>(a);
    both.retainAll(b);
    Set<String> union = new TreeSet<>(a);
    union.addAll(b);
    return !a.isEmpty() && !b.isEmpty() && both.isEmpty() && union.equals(all);
  }

  private static synchronized Reference reference() throws Exception {
    if (reference == null) {
      try (Run run = new Run("reference", ProcessingGuarantee.EXACTLY_ONCE_V2);
          ChildStreams child = run.child("reference", 0)) {
        Set<String> tasks = child.awaitRunning(AWAIT);
        run.awaitDone();
        DerivedOutputs outputs = DerivedOutputs.read(run.kafka.bootstrapServers());
        // What the comparisons rest on: every instrument and interval, every asset, all venues.
        assertThat(outputs.indicators().keySet())
            .containsExactlyInAnyOrderElementsOf(
                CrashInput.instruments().stream()
                    .flatMap(i -> List.of(i + "/1s", i + "/1m", i + "/5m").stream())
                    .toList());
        assertThat(outputs.prices().keySet())
            .containsExactlyInAnyOrderElementsOf(CrashInput.assets());
        outputs
            .prices()
            .values()
            .forEach(prices -> assertThat(prices.getLast().getVenuesCount()).isEqualTo(2));
        assertThat(
                outputs.indicators().values().stream()
                    .flatMap(List::stream)
                    .filter(s -> s.getFinal() && s.getInterval().equals("5m"))
                    .count())
            .as("closed 5 min candles")
            .isGreaterThan(0);
        reference = new Reference(outputs, tasks);
      }
    }
    return reference;
  }

  /** One run: its own broker with the input, one application id and state dir. */
  private static final class Run implements AutoCloseable {

    final String name;
    final String app;
    final ProcessingGuarantee guarantee;
    final EmbeddedKafka kafka;
    final GroupProgress progress;

    Run(String name, ProcessingGuarantee guarantee) throws Exception {
      this(name, guarantee, true);
    }

    Run(String name, ProcessingGuarantee guarantee, boolean produce) throws Exception {
      this.name = name;
      this.app = "crash-" + name;
      this.guarantee = guarantee;
      Files.createDirectories(LOGS);
      this.kafka = TestBroker.start(dir.resolve(name));
      this.progress = new GroupProgress(kafka.bootstrapServers());
      try {
        if (produce) {
          INPUT.produce(kafka.bootstrapServers());
        }
      } catch (Exception | Error e) {
        close();
        throw e;
      }
    }

    /** A child of this run; children of one name share a state dir, as a restart would. */
    ChildStreams child(String childName, int standbyReplicas) {
      String stateName = childName.replaceFirst("-\\d+$", "");
      return ChildStreams.start(
          childName,
          LOGS,
          kafka.bootstrapServers(),
          guarantee,
          dir.resolve(name).resolve("state-" + stateName),
          app,
          COMMIT,
          standbyReplicas);
    }

    /**
     * Starts the application, kills it once a third of the reference's output is committed, and
     * checks that it was indeed killed mid-stream. Its group member is then removed, as its session
     * timeout would (45 s, not waited for here).
     */
    void startAndKillMidStream(Reference expected) throws Exception {
      try (ChildStreams child = child(name + "-1", 0)) {
        child.awaitRunning(AWAIT);
        awaitOutputs(expected.outputs().size() / 3);
        child.kill();
      }
      assertThat(progress.caughtUp(app, inputs()))
          .as("killed before the input was processed")
          .isFalse();
      progress.removeMembers(app);
    }

    void awaitOutputs(long records) {
      await(app + " output")
          .atMost(AWAIT)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> progress.committedOutputs() >= records);
    }

    /**
     * Until every input is committed as consumed, no transaction is left open on the outputs, and
     * the outputs have stopped growing.
     */
    void awaitDone() {
      AtomicLong previous = new AtomicLong(-1);
      await(app + " done")
          .atMost(AWAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                long outputs = progress.committedOutputs();
                boolean quiet = outputs == previous.getAndSet(outputs);
                return quiet
                    && progress.caughtUp(app, inputs())
                    && progress.settled(Topics.INDICATORS.name())
                    && progress.settled(Topics.PRICES.name());
              });
    }

    /** The topics the application reads that carry data: trades and the trades by asset. */
    List<String> inputs() {
      return List.of(Topics.MARKET_TRADES.name(), app + "-prices-trades-by-asset-repartition");
    }

    @Override
    public void close() {
      progress.close();
      kafka.close();
    }
  }
}
