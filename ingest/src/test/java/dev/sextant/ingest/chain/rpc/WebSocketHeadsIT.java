package dev.sextant.ingest.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sextant.ingest.chain.testing.RpcProxy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The head subscription against a real Anvil node behind a proxy that drops and hangs sockets. */
class WebSocketHeadsIT {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private ChainTraffic chain;
  private RpcProxy proxy;
  private SimpleMeterRegistry meters;
  private final List<BlockHeader> heads = new CopyOnWriteArrayList<>();

  @BeforeEach
  void node() throws Exception {
    chain = ChainTraffic.start();
    proxy = RpcProxy.inFrontOf(chain.node);
    meters = new SimpleMeterRegistry();
  }

  @AfterEach
  void stop() {
    // Null when the node never started (the EVM toolchain skipped): the test is aborted, not
    // failed.
    if (proxy != null) {
      proxy.close();
    }
    if (chain != null) {
      chain.close();
    }
  }

  private RpcSettings settings() {
    return new RpcSettings(
        proxy.httpUrl(),
        Optional.of(proxy.wsUrl()),
        Duration.ofSeconds(1),
        Duration.ofMillis(50),
        Duration.ofMillis(500),
        8,
        100);
  }

  private double count(String name, String... tags) {
    return meters.get(name).tags("chain", "anvil").tags(tags).counter().count();
  }

  /** Mines a block and waits until the subscription delivered it, as the node reports it. */
  private void mineAndExpectHead() throws Exception {
    chain.anvil.mine();
    BlockHeader mined = chain.header(chain.head());
    await().atMost(WAIT).until(() -> heads.contains(mined));
  }

  @Test
  void shouldDeliverMinedHeadsAndResubscribeAfterTheSocketIsDropped() throws Exception {
    try (WebSocketHeads subscription =
        new WebSocketHeads(proxy.wsUrl(), settings(), meters, "anvil")) {
      subscription.start(heads::add);
      await().atMost(WAIT).until(subscription::connected);
      mineAndExpectHead();
      mineAndExpectHead();

      proxy.refuseWebSockets(true);
      proxy.dropWebSockets();

      await().atMost(WAIT).until(() -> !subscription.connected());
      // Refused while down: it keeps trying, and stays down.
      await().atMost(WAIT).until(() -> proxy.refusedUpgrades() >= 2);
      assertThat(subscription.connected()).isFalse();
      chain.anvil.mine();

      proxy.refuseWebSockets(false);

      await().atMost(WAIT).until(subscription::connected);
      mineAndExpectHead();
      mineAndExpectHead();
      assertThat(proxy.webSocketSessions()).isEqualTo(2);
      assertThat(
              count(HeadsMetrics.DROPS, "reason", "closed")
                  + count(HeadsMetrics.DROPS, "reason", "error"))
          .isEqualTo(1);
      assertThat(count(HeadsMetrics.RECONNECTS)).isEqualTo(1);
      assertThat(count(HeadsMetrics.FAILURES)).isGreaterThanOrEqualTo(2);
      assertThat(count(HeadsMetrics.RECEIVED)).isEqualTo(heads.size());
    }
  }

  @Test
  void shouldFindAHalfOpenSocketByItsSilenceAndReconnect() throws Exception {
    try (WebSocketHeads subscription =
        new WebSocketHeads(
            proxy.wsUrl(),
            settings(),
            meters,
            "anvil",
            Duration.ofMillis(200),
            Duration.ofMillis(1_000))) {
      subscription.start(heads::add);
      await().atMost(WAIT).until(subscription::connected);
      mineAndExpectHead();

      proxy.silenceWebSockets(true);

      await().atMost(WAIT).until(() -> !subscription.connected());
      assertThat(count(HeadsMetrics.DROPS, "reason", "silent")).isEqualTo(1);

      proxy.silenceWebSockets(false);

      await().atMost(WAIT).until(subscription::connected);
      mineAndExpectHead();
    }
  }

  @Test
  void shouldNeverThrowIntoTheCallerAndStopItsThreadOnClose() throws Exception {
    proxy.refuseWebSockets(true);
    WebSocketHeads subscription = new WebSocketHeads(proxy.wsUrl(), settings(), meters, "anvil");
    subscription.start(
        head -> {
          throw new IllegalStateException("a consumer that fails");
        });
    await().atMost(WAIT).until(() -> proxy.refusedUpgrades() >= 1);
    assertThat(subscription.connected()).isFalse();

    proxy.refuseWebSockets(false);
    await().atMost(WAIT).until(subscription::connected);
    chain.anvil.mine();
    await().atMost(WAIT).until(() -> count(HeadsMetrics.RECEIVED) >= 1);
    assertThat(subscription.connected()).isTrue();

    subscription.close();

    assertThat(subscription.connected()).isFalse();
    await()
        .atMost(WAIT)
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("chain-anvil-")));
  }
}
