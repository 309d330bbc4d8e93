package dev.sextant.deploy.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sextant.ingest.chain.ChainConfig;
import dev.sextant.ingest.chain.rpc.RpcSettings;
import dev.sextant.ingest.chain.tail.TailerStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** How the node runs its chain tailers, reports them to /health and stops them. */
class ChainPartTest {

  private final List<String> events = new CopyOnWriteArrayList<>();
  private final Map<String, FakeTailer> tailers = new ConcurrentHashMap<>();

  private static ChainConfig chain(String name) {
    return new ChainConfig(
        name,
        1,
        RpcSettings.of(URI.create("http://127.0.0.1:1"), Optional.empty()),
        64,
        -1,
        OptionalLong.empty(),
        Set.of(),
        List.of(),
        List.of(),
        Optional.empty(),
        10,
        10,
        Duration.ofSeconds(1));
  }

  /** A tailer that runs until stopped, or does what the test says. */
  private final class FakeTailer implements ChainPart.Tailer {
    final String name;
    final CountDownLatch stopped = new CountDownLatch(1);
    volatile Consumer<FakeTailer> body = t -> t.awaitStop();
    volatile TailerStatus status =
        new TailerStatus(
            TailerStatus.Phase.TAIL,
            120,
            121,
            true,
            Optional.empty(),
            Optional.of(Instant.parse("2026-11-24T10:00:00Z")));
    volatile String thread;

    FakeTailer(String name) {
      this.name = name;
    }

    void awaitStop() {
      try {
        stopped.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void run() {
      thread = Thread.currentThread().getName();
      body.accept(this);
      events.add(name + " returned");
    }

    @Override
    public TailerStatus status() {
      return status;
    }

    @Override
    public void stop() {
      events.add(name + " stop");
      stopped.countDown();
    }

    @Override
    public void release() {
      events.add(name + " released");
    }
  }

  private ChainPart part(String... names) {
    return new ChainPart(
        java.util.Arrays.stream(names).map(ChainPartTest::chain).toList(),
        c -> {
          if (c.name().startsWith("broken")) {
            throw new IllegalArgumentException("no such node");
          }
          return tailers.computeIfAbsent(c.name(), FakeTailer::new);
        });
  }

  @Test
  void shouldRunEachChainOnItsOwnThreadAndStopThenReleaseEachOnClose() {
    ChainPart part = part("ethereum", "base");
    part.start();
    await()
        .until(
            () -> tailers.size() == 2 && tailers.values().stream().allMatch(t -> t.thread != null));

    assertThat(tailers.get("ethereum").thread).isEqualTo("sextant-chain-ethereum");
    assertThat(tailers.get("base").thread).isEqualTo("sextant-chain-base");
    assertThat(part.problems()).isEmpty();
    assertThat(part.statusLines())
        .containsExactly(
            "chain 'ethereum' (chain id 1): TAIL, block 120 of head 121, heads pushed, last block"
                + " published at 2026-11-24T10:00:00Z",
            "chain 'base' (chain id 1): TAIL, block 120 of head 121, heads pushed, last block"
                + " published at 2026-11-24T10:00:00Z");

    part.close();

    // Every tailer is told to stop before any is released; each is released once it returned.
    int firstRelease =
        Math.min(events.indexOf("ethereum released"), events.indexOf("base released"));
    for (String name : List.of("ethereum", "base")) {
      assertThat(events.indexOf(name + " stop")).isNotNegative().isLessThan(firstRelease);
      assertThat(events.indexOf(name + " returned")).isLessThan(events.indexOf(name + " released"));
    }
  }

  @Test
  void shouldReportATailerThatThrowsAsFailedWhileTheOthersRun() {
    tailers.put("ethereum", new FakeTailer("ethereum"));
    tailers.get("ethereum").body =
        t -> {
          throw new IllegalStateException(
              "the node at http://127.0.0.1:1 reports chain id 5, not 1");
        };
    ChainPart part = part("ethereum", "base");
    part.start();

    await()
        .untilAsserted(
            () ->
                assertThat(part.problems())
                    .containsExactly(
                        "chain 'ethereum': FAILED: java.lang.IllegalStateException: the node at"
                            + " http://127.0.0.1:1 reports chain id 5, not 1"));
    assertThat(part.statusLines().get(0)).startsWith("chain 'ethereum' (chain id 1): FAILED: ");
    assertThat(part.statusLines().get(1)).startsWith("chain 'base' (chain id 1): TAIL");
    part.close();
  }

  @Test
  void shouldReportATailerWhoseStatusSaysFailedWithItsLastError() {
    ChainPart part = part("ethereum");
    part.start();
    await().until(() -> tailers.containsKey("ethereum"));
    assertThat(part.problems()).isEmpty();

    tailers.get("ethereum").status =
        new TailerStatus(
            TailerStatus.Phase.FAILED,
            120,
            200,
            false,
            Optional.of("reorg of 70 blocks is deeper than the 64 confirmations"),
            Optional.empty());

    assertThat(part.problems())
        .containsExactly(
            "chain 'ethereum': FAILED: reorg of 70 blocks is deeper than the 64 confirmations");
    assertThat(part.statusLines())
        .containsExactly(
            "chain 'ethereum' (chain id 1): FAILED, block 120 of head 200, heads polled, last"
                + " error: reorg of 70 blocks is deeper than the 64 confirmations");
    part.close();
  }

  @Test
  void shouldReportAChainRetryingForMoreThanAMinuteButNotABlip() {
    ChainPart part = part("ethereum");
    part.start();
    await().until(() -> tailers.containsKey("ethereum"));

    tailers.get("ethereum").status = retrying(Instant.now().minusSeconds(5));
    assertThat(part.problems()).isEmpty();

    Instant since = Instant.now().minusSeconds(600);
    tailers.get("ethereum").status = retrying(since);
    assertThat(part.problems())
        .containsExactly(
            "chain 'ethereum': FAILED: retrying since "
                + since
                + ": rpc_error: HTTP 401: invalid project id");
    part.close();
  }

  private static TailerStatus retrying(Instant since) {
    return new TailerStatus(
        TailerStatus.Phase.RETRYING,
        120,
        200,
        false,
        Optional.of("rpc_error: HTTP 401: invalid project id"),
        Optional.empty(),
        Optional.of(since));
  }

  @Test
  void shouldReportAChainWhoseTailerCannotBeBuiltAndStartTheRest() {
    ChainPart part = part("broken", "base");
    part.start();

    assertThat(part.problems())
        .containsExactly(
            "chain 'broken': FAILED: java.lang.IllegalArgumentException: no such node");
    await().until(() -> tailers.containsKey("base") && tailers.get("base").thread != null);
    part.close();
    assertThat(events).contains("base released");
  }

  @Test
  void shouldNotCountATailerThatReachedItsStopBlockAsAProblem() {
    tailers.put("ethereum", new FakeTailer("ethereum"));
    tailers.get("ethereum").body =
        t ->
            t.status =
                new TailerStatus(
                    TailerStatus.Phase.STOPPED,
                    500,
                    900,
                    false,
                    Optional.empty(),
                    Optional.empty());
    ChainPart part = part("ethereum");
    part.start();

    await().until(() -> events.contains("ethereum returned"));
    assertThat(part.problems()).isEmpty();
    assertThat(part.statusLines())
        .containsExactly(
            "chain 'ethereum' (chain id 1): STOPPED, block 500 of head 900, heads polled");
    part.close();
    assertThat(events).endsWith("ethereum released");
  }
}
