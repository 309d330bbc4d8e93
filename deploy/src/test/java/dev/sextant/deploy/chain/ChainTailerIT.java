package dev.sextant.deploy.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sextant.deploy.kafka.EmbeddedKafka;
import dev.sextant.deploy.kafka.TestBroker;
import dev.sextant.ingest.chain.decode.EventSignatures;
import dev.sextant.ingest.chain.testing.RpcProxy;
import dev.sextant.schemas.v1.Block;
import dev.sextant.schemas.v1.ChainEvent;
import dev.sextant.schemas.v1.Deposit;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The chain tailer on a real Anvil node and a real broker: each scenario ends by comparing what a
 * read_committed consumer sees with the node's canonical logs, exactly.
 */
class ChainTailerIT {

  private static final int CONFIRMATIONS = 12;
  private static final AtomicLong CHAIN_IDS = new AtomicLong(41_000);

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = TestBroker.start(dir);
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldBackfillTenThousandBlocksWithTrafficThenTailLive() throws Exception {
    try (AnvilChain chain = AnvilChain.startLong(CHAIN_IDS.incrementAndGet())) {
      for (int round = 0; round < 50; round++) {
        chain.traffic(3);
        chain.mineEmpty(197);
      }
      assertThat(chain.head()).isGreaterThanOrEqualTo(10_000);
      ChainSetup setup =
          chain.setup("backfill", CONFIRMATIONS, 0).withWs(Optional.of(chain.node.wsUrl()));

      try (RunningTailer tailer = new RunningTailer(kafka.bootstrapServers(), setup.config())) {
        awaitCaughtUp(chain, setup);
        chain.traffic(10);
        chain.mineEmpty(CONFIRMATIONS);
        awaitCaughtUp(chain, setup);
      }

      ChainLedger ledger = ledger(setup);
      assertThat(ledger.problems()).isEmpty();
      assertThat(ledger.retracted()).isEmpty();
      assertHeadersAndMarkers(chain, ledger);
      assertTradesAndDeposits(chain, ledger, Set.of());
      assertThat(ledger.topics().deadLetters()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5})
  void shouldRetractEveryOrphanedEventAfterAReorg(int depth) throws Exception {
    try (AnvilChain chain = AnvilChain.start(CHAIN_IDS.incrementAndGet())) {
      chain.traffic(5);
      ChainSetup setup =
          chain.setup("reorg-" + depth, CONFIRMATIONS, 0).withWs(Optional.of(chain.node.wsUrl()));
      try (RunningTailer tailer = new RunningTailer(kafka.bootstrapServers(), setup.config())) {
        awaitCaughtUp(chain, setup);
        // Five transactions, five blocks: the last `depth` of them are about to be orphaned.
        chain.traffic(5);
        awaitCaughtUp(chain, setup);
        long head = chain.head();
        Set<String> orphanedBlocks = new HashSet<>();
        for (long n = head - depth + 1; n <= head; n++) {
          orphanedBlocks.add(chain.hash(n));
        }
        Set<String> before = chain.canonicalKeys(0);

        chain.anvil.reorg(depth);
        assertThat(chain.hash(head)).isNotIn(orphanedBlocks);
        chain.traffic(2);
        chain.mineEmpty(CONFIRMATIONS);
        awaitCaughtUp(chain, setup);

        Set<String> after = chain.canonicalKeys(0);
        Set<String> orphaned = new HashSet<>(before);
        orphaned.removeAll(after);
        assertThat(orphaned).as("the orphaned blocks held events").isNotEmpty();

        ChainLedger ledger = ledger(setup);
        assertThat(ledger.problems()).isEmpty();
        assertThat(ledger.retracted()).isEqualTo(orphaned);
        Set<String> removedBlocks =
            ledger.topics().blocks().stream()
                .filter(Block::getRemoved)
                .map(Block::getHash)
                .collect(Collectors.toSet());
        assertThat(removedBlocks).isEqualTo(orphanedBlocks);
        assertHeadersAndMarkers(chain, ledger);
        assertTradesAndDeposits(chain, ledger, orphanedBlocks);
      }
    }
  }

  @Test
  void shouldRetractWhatAReorgOrphanedWhileTheTailerWasDown() throws Exception {
    try (AnvilChain chain = AnvilChain.start(CHAIN_IDS.incrementAndGet())) {
      chain.traffic(5);
      ChainSetup setup = chain.setup("reorg-down", CONFIRMATIONS, 0);
      Set<String> before;
      try (RunningTailer tailer = new RunningTailer(kafka.bootstrapServers(), setup.config())) {
        chain.traffic(5);
        awaitCaughtUp(chain, setup);
        before = chain.canonicalKeys(0);
      }
      long head = chain.head();
      Set<String> orphanedBlocks = new HashSet<>();
      for (long n = head - 2; n <= head; n++) {
        orphanedBlocks.add(chain.hash(n));
      }

      chain.anvil.reorg(3);
      chain.traffic(2);
      chain.mineEmpty(CONFIRMATIONS);
      try (RunningTailer tailer = new RunningTailer(kafka.bootstrapServers(), setup.config())) {
        awaitCaughtUp(chain, setup);
      }

      Set<String> orphaned = new HashSet<>(before);
      orphaned.removeAll(chain.canonicalKeys(0));
      assertThat(orphaned).isNotEmpty();
      ChainLedger ledger = ledger(setup);
      assertThat(ledger.problems()).isEmpty();
      assertThat(ledger.retracted()).isEqualTo(orphaned);
      assertThat(
              ledger.topics().blocks().stream()
                  .filter(Block::getRemoved)
                  .map(Block::getHash)
                  .collect(Collectors.toSet()))
          .isEqualTo(orphanedBlocks);
      assertHeadersAndMarkers(chain, ledger);
      assertTradesAndDeposits(chain, ledger, orphanedBlocks);
    }
  }

  @Test
  void shouldResumeExactlyAfterSigkillMidBackfill() throws Exception {
    try (AnvilChain chain = AnvilChain.startLong(CHAIN_IDS.incrementAndGet())) {
      for (int round = 0; round < 30; round++) {
        chain.traffic(5);
        chain.mineEmpty(95);
      }
      // Small ranges and small transactions: many commits to be killed between, or inside.
      ChainSetup setup = chain.setup("kill-backfill", CONFIRMATIONS, 0).withBackfill(20, 40);
      Process child = startChild(setup);
      try {
        awaitChildStatus(child, line -> line.startsWith("status BACKFILL") && tip(line) >= 1_000);
      } finally {
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      ChainLedger partial = ledger(setup);
      assertThat(partial.problems()).isEmpty();
      assertThat(partial.canonical()).isNotEmpty();

      try (RunningTailer tailer = new RunningTailer(kafka.bootstrapServers(), setup.config())) {
        awaitCaughtUp(chain, setup);
      }
      ChainLedger ledger = ledger(setup);
      assertThat(ledger.problems()).isEmpty();
      assertHeadersAndMarkers(chain, ledger);
      assertTradesAndDeposits(chain, ledger, Set.of());
    }
  }

  @Test
  void shouldResumeExactlyAfterSigkillMidTail() throws Exception {
    try (AnvilChain chain = AnvilChain.start(CHAIN_IDS.incrementAndGet())) {
      chain.traffic(10);
      ChainSetup setup = chain.setup("kill-tail", CONFIRMATIONS, 0);
      Process child = startChild(setup);
      try {
        awaitChildStatus(child, line -> line.startsWith("status TAIL"));
        long killAt = chain.head() + 15;
        Thread traffic =
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        chain.traffic(40);
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    });
        awaitChildStatus(child, line -> line.startsWith("status TAIL") && tip(line) >= killAt);
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        traffic.join();
      } finally {
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      try (RunningTailer tailer = new RunningTailer(kafka.bootstrapServers(), setup.config())) {
        chain.traffic(5);
        chain.mineEmpty(CONFIRMATIONS);
        awaitCaughtUp(chain, setup);
      }
      ChainLedger ledger = ledger(setup);
      assertThat(ledger.problems()).isEmpty();
      assertThat(ledger.retracted()).isEmpty();
      assertHeadersAndMarkers(chain, ledger);
      assertTradesAndDeposits(chain, ledger, Set.of());
    }
  }

  @Test
  void shouldMissNothingWhenTheWebSocketDrops() throws Exception {
    try (AnvilChain chain = AnvilChain.start(CHAIN_IDS.incrementAndGet());
        RpcProxy proxy = RpcProxy.inFrontOf(chain.node)) {
      chain.traffic(5);
      ChainSetup setup =
          chain
              .setup("ws-drop", CONFIRMATIONS, 0)
              .withHttp(proxy.httpUrl())
              .withWs(Optional.of(proxy.wsUrl()));
      try (RunningTailer tailer = new RunningTailer(kafka.bootstrapServers(), setup.config())) {
        awaitCaughtUp(chain, setup);
        await().atMost(Duration.ofSeconds(20)).until(() -> tailer.status().pushConnected());

        // Blocks mined while the socket is down and cannot come back: polling must find them.
        proxy.refuseWebSockets(true);
        proxy.dropWebSockets();
        await().atMost(Duration.ofSeconds(20)).until(() -> !tailer.status().pushConnected());
        chain.traffic(5);
        awaitCaughtUp(chain, setup);

        proxy.refuseWebSockets(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> tailer.status().pushConnected());
        chain.traffic(5);
        chain.mineEmpty(CONFIRMATIONS);
        awaitCaughtUp(chain, setup);
        assertThat(proxy.refusedUpgrades()).isPositive();
      }
      ChainLedger ledger = ledger(setup);
      assertThat(ledger.problems()).isEmpty();
      assertThat(ledger.retracted()).isEmpty();
      assertHeadersAndMarkers(chain, ledger);
      assertTradesAndDeposits(chain, ledger, Set.of());
    }
  }

  @Test
  void shouldRetryRateLimitsAndRangeRefusalsAndMissNothing() throws Exception {
    try (AnvilChain chain = AnvilChain.start(CHAIN_IDS.incrementAndGet());
        RpcProxy proxy = RpcProxy.inFrontOf(chain.node)) {
      for (int round = 0; round < 10; round++) {
        chain.traffic(5);
        chain.mineEmpty(95);
      }
      // The node answers 429 (Retry-After: 1 s), then refuses two log ranges, mid-backfill.
      proxy.rateLimitNext(3, Duration.ofSeconds(1));
      proxy.rpcErrorNext(2, "eth_getLogs", -32005, "query returned more than 10000 results");
      ChainSetup setup = chain.setup("rate-limited", CONFIRMATIONS, 0).withHttp(proxy.httpUrl());
      try (RunningTailer tailer = new RunningTailer(kafka.bootstrapServers(), setup.config())) {
        awaitCaughtUp(chain, setup);
        assertThat(proxy.faultsServed(RpcProxy.Fault.RATE_LIMIT)).isEqualTo(3);
        assertThat(tailer.count("sextant.chain.rpc.errors")).isGreaterThanOrEqualTo(5);

        // And during the tail.
        proxy.rateLimitNext(2, Duration.ofSeconds(1));
        chain.traffic(5);
        chain.mineEmpty(CONFIRMATIONS);
        awaitCaughtUp(chain, setup);
        assertThat(proxy.faultsServed(RpcProxy.Fault.RATE_LIMIT)).isEqualTo(5);
      }
      ChainLedger ledger = ledger(setup);
      assertThat(ledger.problems()).isEmpty();
      assertHeadersAndMarkers(chain, ledger);
      assertTradesAndDeposits(chain, ledger, Set.of());
    }
  }

  // --- helpers --------------------------------------------------------------------------------

  private static ChainLedger ledger(ChainSetup setup) {
    return new ChainLedger(
        ChainTopics.read(kafka.bootstrapServers(), setup.chainId(), "chain-" + setup.name()));
  }

  /** Waits until a consumer sees exactly the node's canonical events, up to its head. */
  private static void awaitCaughtUp(AnvilChain chain, ChainSetup setup) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              Set<String> expected = chain.canonicalKeys(0);
              ChainLedger ledger = ledger(setup);
              assertThat(ledger.problems()).isEmpty();
              assertThat(ledger.canonical()).isEqualTo(expected);
              long headers =
                  ledger.topics().blocks().stream()
                      .filter(b -> !b.getRemoved() && !b.getFinalized())
                      .mapToLong(Block::getNumber)
                      .max()
                      .orElse(-1);
              assertThat(headers).isEqualTo(chain.head());
            });
  }

  /**
   * One header per canonical block, linked by parent hash from block 0 to the node's head (so every
   * one is the node's), and finality markers up to head - confirmations.
   */
  private static void assertHeadersAndMarkers(AnvilChain chain, ChainLedger ledger)
      throws Exception {
    long head = chain.head();
    Set<String> removed =
        ledger.topics().blocks().stream()
            .filter(Block::getRemoved)
            .map(Block::getHash)
            .collect(Collectors.toSet());
    Map<Long, Block> canonicalHeaders = new java.util.HashMap<>();
    for (Block block : ledger.topics().blocks()) {
      if (!block.getRemoved() && !block.getFinalized() && !removed.contains(block.getHash())) {
        assertThat(canonicalHeaders.put(block.getNumber(), block))
            .as("one header for block %d", block.getNumber())
            .isNull();
      }
    }
    assertThat(canonicalHeaders).hasSize((int) head + 1);
    assertThat(canonicalHeaders.get(head).getHash()).isEqualTo(chain.hash(head));
    for (long n = 1; n <= head; n++) {
      assertThat(canonicalHeaders.get(n).getParentHash())
          .as("block %d links to block %d", n, n - 1)
          .isEqualTo(canonicalHeaders.get(n - 1).getHash());
    }
    long finalized =
        ledger.topics().blocks().stream()
            .filter(Block::getFinalized)
            .mapToLong(Block::getNumber)
            .max()
            .orElse(-1);
    assertThat(finalized).isEqualTo(head - CONFIRMATIONS);
    for (ChainEvent event : ledger.topics().events()) {
      assertThat(event.getCursor().getBlockHash()).hasSize(66);
      assertThat(event.hasEventTime()).isTrue();
    }
  }

  /**
   * One live trade per canonical swap, retractions for swaps in orphaned blocks, and one deposit
   * per canonical final treasury transfer, none from an orphaned block.
   */
  private static void assertTradesAndDeposits(
      AnvilChain chain, ChainLedger ledger, Set<String> orphanedBlocks) throws Exception {
    long finalUpTo = chain.head() - CONFIRMATIONS;
    Set<String> swaps = new HashSet<>();
    Map<String, Long> deposits = new java.util.HashMap<>();
    for (Log log : chain.canonicalLogs(0)) {
      String address = log.getAddress().toLowerCase(java.util.Locale.ROOT);
      String id = log.getTransactionHash() + ":" + log.getLogIndex();
      String topic0 = log.getTopics().getFirst();
      boolean swap =
          topic0.equals(EventSignatures.V2_SWAP_TOPIC)
              || topic0.equals(EventSignatures.V3_SWAP_TOPIC);
      if ((address.equals(chain.v2Pair) || address.equals(chain.v3Pool)) && swap) {
        swaps.add(id);
      }
      if (address.equals(chain.usdc)
          && log.getTopics().size() == 3
          && log.getTopics().get(2).endsWith(AnvilChain.TREASURY.substring(2))
          && log.getBlockNumber().longValueExact() <= finalUpTo) {
        // 6 decimals: the raw amount is the micro-units.
        deposits.put(id, org.web3j.utils.Numeric.toBigInt(log.getData()).longValueExact());
      }
    }
    assertThat(swaps).isNotEmpty();
    assertThat(ledger.liveTrades()).isEqualTo(swaps);
    assertThat(deposits).isNotEmpty();
    List<Deposit> published = ledger.topics().deposits();
    assertThat(
            published.stream()
                .collect(
                    Collectors.toMap(
                        d -> d.getTxHash() + ":" + d.getCursor().getLogIndex(),
                        Deposit::getAmountMicros)))
        .isEqualTo(deposits);
    String agent =
        org.web3j.crypto.Keys.toChecksumAddress(
            dev.sextant.ingest.chain.testing.TestContracts.DEV_ACCOUNT.getAddress());
    for (Deposit deposit : published) {
      assertThat(deposit.getCursor().getBlockHash()).isNotIn(orphanedBlocks);
      assertThat(deposit.getAsset()).isEqualTo("USDC");
      assertThat(deposit.getAgent()).isEqualTo(agent);
    }
  }

  private static Process startChild(ChainSetup setup) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ChainTailerMain.class.getName());
    command.add(kafka.bootstrapServers());
    command.addAll(setup.toArgs());
    return new ProcessBuilder(command)
        .redirectError(dir.resolve("child-" + setup.name() + ".log").toFile())
        .start();
  }

  private static void awaitChildStatus(Process child, Predicate<String> reached) throws Exception {
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String line;
    while ((line = lines.readLine()) != null) {
      if (reached.test(line)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        break;
      }
    }
    throw new AssertionError("the tailer process ended or never reached the state; last: " + line);
  }

  private static long tip(String statusLine) {
    return Long.parseLong(statusLine.substring(statusLine.lastIndexOf(' ') + 1));
  }
}
