package dev.sextant.ingest.chain.tail;

import static dev.sextant.ingest.chain.tail.FakeChain.AGENT;
import static dev.sextant.ingest.chain.tail.FakeChain.TREASURY;
import static dev.sextant.ingest.chain.tail.FakeChain.USDC;
import static dev.sextant.ingest.chain.tail.FakeChain.USDC_TOKEN;
import static dev.sextant.ingest.chain.tail.FakeChain.V2_POOL;
import static dev.sextant.ingest.chain.tail.FakeChain.WETH_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import dev.sextant.ingest.chain.ChainConfig;
import dev.sextant.ingest.chain.rpc.NewHeads;
import dev.sextant.ingest.chain.rpc.RpcException;
import dev.sextant.ingest.chain.rpc.RpcSettings;
import dev.sextant.ingest.chain.tail.FakeChain.FakeBlock;
import dev.sextant.ingest.chain.tail.FakeChain.FakeLog;
import dev.sextant.ingest.chain.tail.FakeChain.Kind;
import dev.sextant.ingest.chain.tail.TailerStatus.Phase;
import dev.sextant.ingest.sink.Batch;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.ingest.sink.SinkConfig;
import dev.sextant.ingest.sink.testing.RecordingSink;
import dev.sextant.ingest.time.ProtoTime;
import dev.sextant.schemas.registry.Eip55;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.topics.Topic;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Block;
import dev.sextant.schemas.v1.ChainEvent;
import dev.sextant.schemas.v1.DeadLetter;
import dev.sextant.schemas.v1.Deposit;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChainTailerTest {

  static final long CHAIN = 31337;
  static final Instant NOW = Instant.parse("2024-05-13T10:00:00Z");
  static final Registry REGISTRY = Registry.loadDefault();
  static final String SOURCE = "chain-test";
  static final String INSTRUMENT = "uniswap-v2@31337:WETH-USDC";

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final RecordingSink sink = new RecordingSink();
  final List<ChainTailer> running = new ArrayList<>();

  @AfterEach
  void closeAll() {
    running.forEach(ChainTailer::close);
  }

  // ---- backfill and tail

  @Test
  void shouldBackfillThenTailEveryCanonicalEventExactlyOnceInOrder() throws Exception {
    FakeChain chain = new FakeChain(CHAIN, 120);
    FakeHeads heads = new FakeHeads(true);
    ChainTailer tailer = tailer(config(6, 0, OptionalLong.empty(), 16, 64), chain, heads, 50);
    CompletableFuture<Void> run = runInBackground(tailer);

    awaitTip(tailer, 119);
    int backfilled = sink.batches().size();
    for (int i = 0; i < 10; i++) {
      chain.mine(1);
      heads.push(chain.head());
      awaitTip(tailer, chain.head().number());
    }
    tailer.close();
    run.get(5, TimeUnit.SECONDS);

    List<Outgoing<?>> records = sink.records();
    assertThat(cursors(events(records))).containsExactlyElementsOf(expectedCursors(chain, 0, 129));
    assertThat(events(records)).noneMatch(ChainEvent::getRemoved);
    assertThat(headerNumbers(records)).containsExactlyElementsOf(range(0, 129));
    assertThat(values(records, Topics.CHAIN_BLOCKS)).noneMatch(Block::getRemoved);
    assertThat(keys(records, Topics.CHAIN_BLOCKS)).containsOnly("31337");
    for (Outgoing<?> record : records) {
      if (record.value() instanceof ChainEvent event) {
        assertThat(record.key()).isEqualTo("31337:" + event.getContract());
      }
    }
    // Finality markers rise, and the last names the tip minus the confirmations.
    List<Long> markers = markers(records);
    assertThat(markers).isSorted().doesNotHaveDuplicates();
    assertThat(markers.getLast()).isEqualTo(129 - 6);
    // Backfill: whole blocks, at most 50 records unless a single block holds more.
    for (Batch batch : sink.batches()) {
      assertThat(batch.records().getFirst().value()).isInstanceOf(Block.class);
      assertThat(batch.records().size() <= 50 || headerNumbers(batch.records()).size() == 1)
          .isTrue();
    }
    // Tail: one block per transaction, its events confirmed by no block yet.
    List<Batch> tail = sink.batches().subList(backfilled, sink.batches().size());
    assertThat(tail).hasSize(10);
    for (Batch batch : tail) {
      assertThat(headerNumbers(batch.records())).hasSize(1);
      assertThat(events(batch.records())).allMatch(e -> e.getConfirmations() == 0);
    }
    // Swaps of the known pool are DEX trades keyed by instrument.
    List<Trade> trades = values(records, Topics.MARKET_TRADES);
    assertThat(trades).hasSize((int) range(0, 129).stream().filter(n -> n % 5 == 2).count());
    assertThat(keys(records, Topics.MARKET_TRADES)).containsOnly(INSTRUMENT);
    assertThat(trades).allMatch(t -> t.getSide() == Side.SIDE_SELL && !t.getRemoved());
    assertThat(trades.getFirst().getPrice().getValue()).isEqualTo("3002");
    assertThat(counter(TailerMetrics.NOT_OURS)).isEqualTo(countLogs(chain, 0, 129, Kind.NOT_OURS));
    assertThat(counter(TailerMetrics.BLOCKS)).isEqualTo(130);
    assertThat(meters.get(TailerMetrics.HEAD_TO_COMMIT).timer().count()).isPositive();
    assertThat(tailer.status().phase()).isEqualTo(Phase.STOPPED);
  }

  @Test
  void shouldFindNewBlocksByPollingWhileTheSubscriptionIsDown() throws Exception {
    FakeChain chain = new FakeChain(CHAIN, 20);
    FakeHeads heads = new FakeHeads(false);
    ChainTailer tailer = tailer(config(3, 0, OptionalLong.empty(), 8, 8), chain, heads, 500);
    CompletableFuture<Void> run = runInBackground(tailer);

    awaitTip(tailer, 19);
    chain.mine(5);
    awaitTip(tailer, 24);
    tailer.close();
    run.get(5, TimeUnit.SECONDS);

    assertThat(cursors(events(sink.records())))
        .containsExactlyElementsOf(expectedCursors(chain, 0, 24));
    assertThat(headerNumbers(sink.records())).containsExactlyElementsOf(range(0, 24));
    assertThat(tailer.status().pushConnected()).isFalse();
  }

  @Test
  void shouldStartAtTheNewestFinalBlockWhenTheStartBlockIsMinusOne() throws Exception {
    FakeChain chain = new FakeChain(CHAIN, 30);
    FakeHeads heads = new FakeHeads(true);
    ChainTailer tailer = tailer(config(3, -1, OptionalLong.empty(), 8, 8), chain, heads, 500);
    CompletableFuture<Void> run = runInBackground(tailer);

    // Head 29, 3 confirmations: block 26 is the newest final one, so no reorg can replace it.
    awaitTip(tailer, 29);
    chain.mine(2);
    heads.push(chain.head());
    awaitTip(tailer, 31);
    tailer.close();
    run.get(5, TimeUnit.SECONDS);

    assertThat(headerNumbers(sink.records())).containsExactlyElementsOf(range(26, 31));
    assertThat(cursors(events(sink.records())))
        .containsExactlyElementsOf(expectedCursors(chain, 26, 31));
  }

  @Test
  void shouldFollowAReorgOfEveryUnconfirmedBlockAfterStartingAtTheHead() throws Exception {
    // Started with -1, the tailer keeps the start block's place final: a reorg of all
    // `confirmations` blocks above it is followed, not refused as too deep.
    FakeChain chain = new FakeChain(CHAIN, 30);
    FakeHeads heads = new FakeHeads(true);
    ChainTailer tailer = tailer(config(3, -1, OptionalLong.empty(), 8, 8), chain, heads, 500);
    CompletableFuture<Void> run = runInBackground(tailer);
    awaitTip(tailer, 29);

    chain.reorg(3);
    chain.mine(1);
    heads.push(chain.head());
    awaitTip(tailer, 30);
    tailer.close();
    run.get(5, TimeUnit.SECONDS);

    assertThat(tailer.status().phase()).isEqualTo(Phase.STOPPED);
    assertThat(sink.records()).anyMatch(r -> isRemoved(r.value()));
  }

  @Test
  void shouldHalveARangeThatTimesOutAndGrowItBack() {
    FakeChain chain = new FakeChain(CHAIN, 100);
    chain.timeOutRangesAbove(10);

    polling(config(4, 0, OptionalLong.of(99), 32, 64), chain, 500).run();

    assertThat(cursors(events(sink.records())))
        .containsExactlyElementsOf(expectedCursors(chain, 0, 99));
    assertThat(chain.logRangeSizes().subList(0, 3)).containsExactly(32, 16, 8);
  }

  @Test
  void shouldHalveARefusedRangeAndGrowItBack() {
    FakeChain chain = new FakeChain(CHAIN, 100);
    chain.refuseRangesAbove(10);

    polling(config(4, 0, OptionalLong.of(99), 32, 64), chain, 500).run();

    assertThat(cursors(events(sink.records())))
        .containsExactlyElementsOf(expectedCursors(chain, 0, 99));
    assertThat(headerNumbers(sink.records())).containsExactlyElementsOf(range(0, 99));
    List<Integer> sizes = chain.logRangeSizes();
    assertThat(sizes.subList(0, 3)).containsExactly(32, 16, 8);
    boolean grewBack = false;
    for (int i = 0; i + 1 < sizes.size(); i++) {
      grewBack |= sizes.get(i) <= 10 && sizes.get(i + 1) > sizes.get(i);
    }
    assertThat(grewBack).as("the range grows again after an answered query: " + sizes).isTrue();
    assertThat(counter(TailerMetrics.RANGE_REFUSALS)).isPositive();
  }

  @Test
  void shouldReturnAfterTheStopBlockIsCommitted() {
    FakeChain chain = new FakeChain(CHAIN, 50);
    ChainTailer tailer = polling(config(5, 0, OptionalLong.of(30), 8, 16), chain, 500);

    tailer.run();

    assertThat(headerNumbers(sink.records())).containsExactlyElementsOf(range(0, 30));
    assertThat(sink.awaits()).isPositive();
    assertThat(TailCheckpoint.parse(sink.batches().getLast().position()).tip().number())
        .isEqualTo(30);
    assertThat(tailer.status().phase()).isEqualTo(Phase.STOPPED);
    assertThat(tailer.status().tip()).isEqualTo(30);
  }

  @Test
  void shouldReturnPromptlyWhenClosedWhileTailing() throws Exception {
    FakeChain chain = new FakeChain(CHAIN, 10);
    ChainTailer tailer =
        tailer(config(3, 0, OptionalLong.empty(), 8, 8), chain, new FakeHeads(true), 500);
    CompletableFuture<Void> run = runInBackground(tailer);
    awaitTip(tailer, 9);
    await().atMost(Duration.ofSeconds(5)).until(() -> tailer.status().phase() == Phase.TAIL);

    tailer.close();

    run.get(5, TimeUnit.SECONDS);
    assertThat(tailer.status().phase()).isEqualTo(Phase.STOPPED);
  }

  // ---- reorgs

  @ParameterizedTest
  @ValueSource(ints = {1, 5})
  void shouldRetractExactlyTheOrphanedEventsThenPublishTheNewBranch(int depth) throws Exception {
    FakeChain chain = new FakeChain(CHAIN, 40);
    FakeHeads heads = new FakeHeads(true);
    ChainTailer tailer = tailer(config(8, 0, OptionalLong.empty(), 16, 16), chain, heads, 500);
    CompletableFuture<Void> run = runInBackground(tailer);
    awaitTip(tailer, 39);
    List<FakeBlock> orphaned = chain.canonical().subList(40 - depth, 40);

    chain.reorg(depth);
    chain.mine(1);
    heads.push(chain.head());
    String newHead = chain.head().hash();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> headers(sink.records()).stream().anyMatch(b -> b.getHash().equals(newHead)));
    tailer.close();
    run.get(5, TimeUnit.SECONDS);

    List<Outgoing<?>> records = sink.records();
    List<String> orphanedNewestFirst = new ArrayList<>();
    for (FakeBlock block : orphaned.reversed()) {
      for (FakeLog log : block.logs().reversed()) {
        if (log.kind() == Kind.EVENT) {
          orphanedNewestFirst.add(cursor(log));
        }
      }
    }
    List<ChainEvent> retracted = events(records).stream().filter(ChainEvent::getRemoved).toList();
    assertThat(cursors(retracted)).containsExactlyElementsOf(orphanedNewestFirst);
    List<Block> removedBlocks =
        values(records, Topics.CHAIN_BLOCKS).stream().filter(Block::getRemoved).toList();
    assertThat(removedBlocks.stream().map(Block::getHash).toList())
        .containsExactlyElementsOf(
            orphaned.reversed().stream().map(b -> b.header().hash()).toList());
    List<String> orphanedSwaps =
        orphaned.stream()
            .flatMap(b -> b.logs().stream())
            .filter(l -> l.log().address().equals(FakeChain.POOL) && l.log().topics().size() == 3)
            .map(l -> l.log().txHash() + ":" + l.log().logIndex())
            .toList();
    List<Trade> retractedTrades =
        values(records, Topics.MARKET_TRADES).stream().filter(Trade::getRemoved).toList();
    assertThat(retractedTrades.stream().map(Trade::getTradeId).toList())
        .containsExactlyInAnyOrderElementsOf(orphanedSwaps);
    // Retractions come first, then the new branch from the fork point on.
    String newFork = chain.block(40 - depth).header().hash();
    int lastRetraction = lastIndexOf(records, r -> isRemoved(r.value()));
    int newForkBlock =
        indexOf(records, r -> r.value() instanceof Block b && b.getHash().equals(newFork));
    assertThat(lastRetraction).isLessThan(newForkBlock);
    // Applying the retractions leaves exactly the canonical chain.
    assertThat(netCursors(records)).containsExactlyElementsOf(expectedCursors(chain, 0, 40));
    assertThat(counter(TailerMetrics.REORGS)).isEqualTo(1);
    assertThat(meters.get(TailerMetrics.REORG_DEPTH).summary().totalAmount()).isEqualTo(depth);
  }

  @Test
  void shouldFollowAReorgUnderTheTipBetweenBackfillRanges() {
    FakeChain chain = new FakeChain(CHAIN, 40);
    List<FakeBlock> original = chain.canonical();
    // Calls: chain id, head, headers 0..7, their logs, then the head again: the chain reorganises
    // from block 7 on before that answer, so the next range no longer links to the tip.
    chain.onCall(5, () -> chain.reorg(33));

    polling(config(3, 0, OptionalLong.of(39), 8, 8), chain, 500).run();

    List<Outgoing<?>> records = sink.records();
    List<String> orphaned = new ArrayList<>();
    original.get(7).logs().reversed().stream()
        .filter(l -> l.kind() == Kind.EVENT)
        .forEach(l -> orphaned.add(cursor(l)));
    assertThat(cursors(events(records).stream().filter(ChainEvent::getRemoved).toList()))
        .containsExactlyElementsOf(orphaned);
    assertThat(netCursors(records)).containsExactlyElementsOf(expectedCursors(chain, 0, 39));
    assertThat(counter(TailerMetrics.REORGS)).isEqualTo(1);
  }

  @Test
  void shouldStopAtACommittedBlockBoundaryWhenClosedDuringBackfill() throws Exception {
    FakeChain chain = new FakeChain(CHAIN, 3_000);
    ChainTailer tailer =
        tailer(config(3, 0, OptionalLong.empty(), 1_000, 1_000), chain, new FakeHeads(false), 20);
    CompletableFuture<Void> run = runInBackground(tailer);
    await().atMost(Duration.ofSeconds(10)).until(() -> !sink.batches().isEmpty());

    tailer.close();

    run.get(10, TimeUnit.SECONDS);
    assertThat(tailer.status().phase()).isEqualTo(Phase.STOPPED);
    List<Long> published = headerNumbers(sink.records());
    assertThat(published).containsExactlyElementsOf(range(0, published.getLast()));
    long tip = TailCheckpoint.parse(sink.batches().getLast().position()).tip().number();
    assertThat(tip).isEqualTo(published.getLast());
  }

  @Test
  void shouldFailLoudlyOnAReorgDeeperThanTheConfirmations() throws Exception {
    FakeChain chain = new FakeChain(CHAIN, 20);
    FakeHeads heads = new FakeHeads(true);
    ChainTailer tailer = tailer(config(3, 0, OptionalLong.empty(), 8, 8), chain, heads, 500);
    CompletableFuture<Void> run = runInBackground(tailer);
    awaitTip(tailer, 19);

    chain.reorg(6);
    chain.mine(1);
    heads.push(chain.head());

    assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("deeper than its 3 confirmations");
    assertThat(tailer.status().phase()).isEqualTo(Phase.FAILED);
    assertThat(tailer.status().lastError()).isPresent();
    assertThat(sink.records()).noneMatch(r -> isRemoved(r.value()));
  }

  @Test
  void shouldFailWhenTheNodeServesAnotherChain() {
    FakeChain chain = new FakeChain(1, 10);
    ChainTailer tailer = polling(config(3, 0, OptionalLong.empty(), 8, 8), chain, 500);

    assertThatThrownBy(tailer::run)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("chain id 1")
        .hasMessageContaining("31337");
    assertThat(tailer.status().phase()).isEqualTo(Phase.FAILED);
    assertThat(sink.batches()).isEmpty();
  }

  @Test
  void shouldStopRatherThanFailWhenAnRpcCallIsInterrupted() {
    // Web3jChainRpc answers an interrupt with CancellationException: the node is shutting down.
    FakeChain chain = new FakeChain(CHAIN, 10);
    chain.onCall(
        3,
        () -> {
          throw new CancellationException("interrupted while waiting for the node");
        });
    ChainTailer tailer = polling(config(3, 0, OptionalLong.empty(), 8, 8), chain, 500);

    tailer.run();

    assertThat(tailer.status().phase()).isEqualTo(Phase.STOPPED);
    assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
  }

  // ---- deposits

  @Test
  void shouldPublishDepositsOfStablecoinsToTheTreasuryOnlyOnceFinal() {
    FakeChain chain = new FakeChain(CHAIN, 30);

    polling(config(4, 0, OptionalLong.of(29), 8, 8), chain, 40).run();

    // Final up to 29 - 4 = 25: the USDC payments of blocks 0, 3, ..., 24. The WETH payments to the
    // treasury and the USDC transfers to others are no deposits.
    List<Long> paid = range(0, 25).stream().filter(n -> n % 3 == 0).toList();
    List<Deposit> deposits = values(sink.records(), Topics.BILLING_DEPOSITS);
    assertThat(deposits.stream().map(d -> d.getCursor().getBlockNumber()).toList())
        .containsExactlyElementsOf(paid);
    String agent = Eip55.checksum(AGENT);
    for (Deposit deposit : deposits) {
      long n = deposit.getCursor().getBlockNumber();
      assertThat(deposit.getAgent()).isEqualTo(agent);
      assertThat(deposit.getAsset()).isEqualTo("USDC");
      assertThat(deposit.getChainId()).isEqualTo(CHAIN);
      assertThat(deposit.getAmountMicros()).isEqualTo((10 * n + 1) * 10_000);
      assertThat(deposit.getCursor().getBlockHash()).isEqualTo(chain.block(n).header().hash());
      assertThat(ProtoTime.toInstant(deposit.getTime())).isEqualTo(chain.block(n).header().time());
    }
    assertThat(keys(sink.records(), Topics.BILLING_DEPOSITS)).containsOnly(agent);
    // Each deposit is in a transaction whose finality marker covers its block.
    for (Batch batch : sink.batches()) {
      List<Deposit> inBatch = values(batch.records(), Topics.BILLING_DEPOSITS);
      if (!inBatch.isEmpty()) {
        long marker = markers(batch.records()).getLast();
        assertThat(inBatch).allMatch(d -> d.getCursor().getBlockNumber() <= marker);
      }
    }
    assertThat(counter(TailerMetrics.DEPOSITS)).isEqualTo(paid.size());
  }

  @Test
  void shouldNeverDepositAnOrphanedTransfer() throws Exception {
    FakeChain chain = new FakeChain(CHAIN, 40);
    FakeHeads heads = new FakeHeads(true);
    ChainTailer tailer = tailer(config(8, 0, OptionalLong.empty(), 16, 16), chain, heads, 500);
    CompletableFuture<Void> run = runInBackground(tailer);
    awaitTip(tailer, 39);
    Set<String> orphanedHashes =
        Set.copyOf(chain.canonical().subList(35, 40).stream().map(b -> b.header().hash()).toList());

    chain.reorg(5);
    for (int i = 0; i < 12; i++) {
      chain.mine(1);
      heads.push(chain.head());
    }
    awaitTip(tailer, 51);
    tailer.close();
    run.get(5, TimeUnit.SECONDS);

    List<Deposit> deposits = values(sink.records(), Topics.BILLING_DEPOSITS);
    assertThat(deposits.stream().map(d -> d.getCursor().getBlockNumber()).toList())
        .containsExactlyElementsOf(range(0, 51 - 8).stream().filter(n -> n % 3 == 0).toList());
    assertThat(deposits).noneMatch(d -> orphanedHashes.contains(d.getCursor().getBlockHash()));
    for (Deposit deposit : deposits) {
      long n = deposit.getCursor().getBlockNumber();
      assertThat(deposit.getCursor().getBlockHash()).isEqualTo(chain.block(n).header().hash());
    }
    // The new branch's payments (salted by the branch) are the ones credited.
    Deposit at36 =
        deposits.stream().filter(d -> d.getCursor().getBlockNumber() == 36).findFirst().get();
    assertThat(at36.getAmountMicros()).isEqualTo((10 * 36 + 1 + 1) * 10_000);
  }

  // ---- dead letters

  @Test
  void shouldDeadLetterAMalformedTransferAndKeepTheGoodLogsAroundIt() throws Exception {
    FakeChain chain = new FakeChain(CHAIN, 20, 10L);

    polling(config(3, 0, OptionalLong.of(19), 8, 8), chain, 500).run();

    List<Outgoing<?>> records = sink.records();
    assertThat(cursors(events(records))).containsExactlyElementsOf(expectedCursors(chain, 0, 19));
    assertThat(events(records)).anyMatch(e -> e.getCursor().getBlockNumber() == 10);
    List<DeadLetter> letters = values(records, Topics.INGEST_DEADLETTER);
    assertThat(letters).hasSize(1);
    assertThat(keys(records, Topics.INGEST_DEADLETTER)).containsOnly(SOURCE);
    DeadLetter letter = letters.getFirst();
    assertThat(letter.getSource()).isEqualTo(SOURCE);
    assertThat(letter.getLocation()).contains("chain 31337", "block 10", "log 1");
    assertThat(letter.getErrorKind()).isIn("bad_number", "missing_field");
    JsonNode raw = new ObjectMapper().readTree(letter.getRaw().toByteArray());
    assertThat(raw.path("address").asText()).isEqualTo(USDC);
    assertThat(raw.path("data").asText()).isEqualTo("0x1234");
    assertThat(raw.path("blockHash").asText()).isEqualTo(chain.block(10).header().hash());
    assertThat(raw.path("logIndex").asText()).isEqualTo("0x1");
    assertThat(meters.get(TailerMetrics.DEAD_LETTERS).counter().count()).isEqualTo(1);
  }

  // ---- failures

  @Test
  void shouldRetryRpcAndSinkFailuresAndPublishTheSameOutput() {
    FakeChain chain = new FakeChain(CHAIN, 60);
    chain.failAtCall(1, new RpcException(RpcException.Kind.TIMEOUT, "timed out"));
    chain.failAtCall(
        4,
        new RpcException(
            RpcException.Kind.RATE_LIMITED, 429, Duration.ofMillis(2), "slow down", null));
    chain.failAtCall(9, new RpcException(RpcException.Kind.INCONSISTENT, "chain moved"));
    chain.failAtCall(15, new RpcException(RpcException.Kind.RPC_ERROR, "internal error"));
    chain.failAtCall(20, new RpcException(RpcException.Kind.TRANSPORT, "reset"));
    chain.failAtCall(25, new RpcException(RpcException.Kind.TIMEOUT, "timed out"));
    sink.failWrites(2);

    polling(config(4, 0, OptionalLong.of(59), 8, 16), chain, 30).run();

    List<Outgoing<?>> records = sink.records();
    assertThat(cursors(events(records))).containsExactlyElementsOf(expectedCursors(chain, 0, 59));
    assertThat(headerNumbers(records)).containsExactlyElementsOf(range(0, 59));
    assertThat(chain.calls()).isGreaterThan(25);
    assertThat(failures("timeout")).isEqualTo(2);
    assertThat(failures("rate_limited")).isEqualTo(1);
    assertThat(failures("inconsistent")).isEqualTo(1);
    assertThat(failures("rpc_error")).isEqualTo(1);
    assertThat(failures("transport")).isEqualTo(1);
    assertThat(failures("sink")).isEqualTo(2);
  }

  @Test
  void shouldReportRetryingWhileTheNodeIsDownAndCarryOnAfter() throws Exception {
    FakeChain chain = new FakeChain(CHAIN, 30);
    FakeHeads heads = new FakeHeads(false);
    ChainTailer tailer = tailer(config(3, 0, OptionalLong.empty(), 8, 8), chain, heads, 500);
    chain.down(true);
    CompletableFuture<Void> run = runInBackground(tailer);

    await().atMost(Duration.ofSeconds(5)).until(() -> tailer.status().phase() == Phase.RETRYING);
    assertThat(tailer.status().lastError())
        .hasValueSatisfying(e -> assertThat(e).contains("refused"));
    chain.down(false);
    awaitTip(tailer, 29);
    await().atMost(Duration.ofSeconds(5)).until(() -> tailer.status().lastError().isEmpty());
    tailer.close();
    run.get(5, TimeUnit.SECONDS);

    assertThat(cursors(events(sink.records())))
        .containsExactlyElementsOf(expectedCursors(chain, 0, 29));
  }

  // ---- restarts

  @Test
  void shouldResumeExactlyAfterACrashAtAnyCommit() {
    ChainConfig config = config(5, 0, OptionalLong.of(79), 8, 32);
    RecordingSink reference = new RecordingSink();
    new ChainTailer(
            config,
            REGISTRY,
            new FakeChain(CHAIN, 80),
            NewHeads.NONE,
            reference,
            sinkConfig(15),
            new SimpleMeterRegistry(),
            Clock.fixed(NOW, ZoneOffset.UTC))
        .run();
    int commits = reference.batches().size();
    assertThat(commits).isGreaterThan(10);

    for (int crashAt = 1; crashAt <= commits; crashAt++) {
      RecordingSink crashing = new RecordingSink();
      FakeChain chain = new FakeChain(CHAIN, 80);
      crashing.crashAtWrite(crashAt);
      ChainTailer first = pollingInto(config, chain, crashing, 15);
      assertThatThrownBy(first::run).isInstanceOf(RecordingSink.Crash.class);
      assertThat(crashing.batches()).hasSize(crashAt - 1);

      crashing.restarted();
      pollingInto(config, chain, crashing, 15).run();

      assertThat(withoutMarkers(crashing.records()))
          .as("crash at commit %d of %d", crashAt, commits)
          .containsExactlyElementsOf(withoutMarkers(reference.records()));
      // Markers summarise their transaction, so they follow its boundaries; they still rise and
      // end at the same block.
      assertThat(markers(crashing.records())).isSorted().doesNotHaveDuplicates();
      assertThat(markers(crashing.records()).getLast())
          .isEqualTo(markers(reference.records()).getLast());
    }
  }

  @Test
  void shouldRetractBlocksOrphanedWhileDownFromTheirLogsByHash() {
    FakeChain chain = new FakeChain(CHAIN, 50);
    polling(config(6, 0, OptionalLong.of(49), 8, 16), chain, 500).run();
    int before = sink.records().size();
    List<FakeBlock> orphaned = chain.canonical().subList(47, 50);

    chain.reorg(3);
    chain.mine(2);
    polling(config(6, 0, OptionalLong.of(51), 8, 16), chain, 500).run();

    List<Outgoing<?>> after = sink.records().subList(before, sink.records().size());
    List<String> expected = new ArrayList<>();
    for (FakeBlock block : orphaned.reversed()) {
      block.logs().reversed().stream()
          .filter(l -> l.kind() == Kind.EVENT)
          .forEach(l -> expected.add(cursor(l)));
    }
    assertThat(cursors(events(after).stream().filter(ChainEvent::getRemoved).toList()))
        .containsExactlyElementsOf(expected);
    assertThat(
            values(after, Topics.CHAIN_BLOCKS).stream()
                .filter(Block::getRemoved)
                .map(Block::getNumber)
                .toList())
        .containsExactly(49L, 48L, 47L);
    assertThat(headerNumbers(after)).containsExactly(47L, 48L, 49L, 50L, 51L);
    assertThat(netCursors(sink.records())).containsExactlyElementsOf(expectedCursors(chain, 0, 51));
    // Rebuilt events are not published again.
    assertThat(cursors(events(after).stream().filter(e -> !e.getRemoved()).toList()))
        .containsExactlyElementsOf(expectedCursors(chain, 47, 51));
    assertThat(counter(TailerMetrics.UNRECOVERABLE)).isZero();
  }

  @Test
  void shouldRetractOnlyTheBlockWhenTheNodeForgotAnOrphan() {
    FakeChain chain = new FakeChain(CHAIN, 50);
    polling(config(6, 0, OptionalLong.of(49), 8, 16), chain, 500).run();
    int before = sink.records().size();

    chain.forgetOrphans();
    chain.reorg(3);
    polling(config(6, 0, OptionalLong.of(49), 8, 16), chain, 500).run();

    List<Outgoing<?>> after = sink.records().subList(before, sink.records().size());
    assertThat(events(after).stream().filter(ChainEvent::getRemoved)).isEmpty();
    assertThat(
            values(after, Topics.CHAIN_BLOCKS).stream()
                .filter(Block::getRemoved)
                .map(Block::getNumber)
                .toList())
        .containsExactly(49L, 48L, 47L);
    assertThat(headerNumbers(after)).containsExactly(47L, 48L, 49L);
    assertThat(counter(TailerMetrics.UNRECOVERABLE)).isEqualTo(3);
  }

  @Test
  void shouldRetractWhatWasPublishedOfTheOrphansTheNodeForgot() {
    FakeChain chain = new FakeChain(CHAIN, 50);
    polling(config(6, 0, OptionalLong.of(49), 8, 16), chain, 500).run();
    int before = sink.records().size();
    List<Outgoing<?>> published = sink.records();
    List<FakeBlock> orphaned = chain.canonical().subList(47, 50);
    List<Instant> asked = new ArrayList<>();

    chain.forgetOrphans();
    chain.reorg(3);
    ChainTailer restarted =
        tailer(
            config(6, 0, OptionalLong.of(49), 8, 16),
            chain,
            sink,
            NewHeads.NONE,
            500,
            (chainId, hashes, notBefore) -> {
              asked.add(notBefore);
              if (asked.size() == 1) {
                throw new PublishedEvents.Unavailable("broker unavailable", null);
              }
              return standing(sink.records(), chainId, hashes);
            });
    restarted.run();

    List<Outgoing<?>> after = sink.records().subList(before, sink.records().size());
    List<String> expected = new ArrayList<>();
    for (FakeBlock block : orphaned.reversed()) {
      block.logs().reversed().stream()
          .filter(l -> l.kind() == Kind.EVENT)
          .forEach(l -> expected.add(cursor(l)));
    }
    assertThat(expected).isNotEmpty();
    List<ChainEvent> retracted = events(after).stream().filter(ChainEvent::getRemoved).toList();
    assertThat(cursors(retracted)).containsExactlyElementsOf(expected);
    // Each retraction is the published event with only `removed` flipped.
    for (ChainEvent event : retracted) {
      assertThat(events(published)).contains(event.toBuilder().setRemoved(false).build());
    }
    List<String> orphanedSwaps =
        orphaned.stream()
            .flatMap(b -> b.logs().stream())
            .filter(l -> l.log().address().equals(FakeChain.POOL) && l.log().topics().size() == 3)
            .map(l -> l.log().txHash() + ":" + l.log().logIndex())
            .toList();
    assertThat(orphanedSwaps).isNotEmpty();
    List<Trade> retractedTrades =
        values(after, Topics.MARKET_TRADES).stream().filter(Trade::getRemoved).toList();
    assertThat(retractedTrades.stream().map(Trade::getTradeId).toList())
        .containsExactlyInAnyOrderElementsOf(orphanedSwaps);
    for (Trade trade : retractedTrades) {
      assertThat(values(published, Topics.MARKET_TRADES))
          .contains(trade.toBuilder().setRemoved(false).build());
    }
    // The same records, in the same order, as a live reorg: each block's events newest first,
    // a swap's trade right after it, then the block.
    List<String> order =
        after.stream()
            .filter(r -> isRemoved(r.value()))
            .map(
                r ->
                    switch (r.value()) {
                      case ChainEvent e -> "event " + e.getCursor().getBlockNumber();
                      case Trade t -> "trade";
                      case Block b -> "block " + b.getNumber();
                      default -> "other";
                    })
            .filter(o -> !o.equals("trade"))
            .toList();
    assertThat(order.indexOf("block 49")).isGreaterThan(order.lastIndexOf("event 49"));
    assertThat(order.indexOf("event 48")).isGreaterThan(order.indexOf("block 49"));
    assertThat(
            values(after, Topics.CHAIN_BLOCKS).stream()
                .filter(Block::getRemoved)
                .map(Block::getNumber)
                .toList())
        .containsExactly(49L, 48L, 47L);
    assertThat(netCursors(sink.records())).containsExactlyElementsOf(expectedCursors(chain, 0, 49));
    // A history that cannot be read is retried, not taken as "nothing was published".
    assertThat(asked).hasSize(2);
    assertThat(asked.getLast())
        .isBefore(orphaned.getFirst().header().time().minus(Duration.ofMinutes(10)).plusNanos(1));
    assertThat(counter(TailerMetrics.UNRECOVERABLE)).isZero();
  }

  @Test
  void shouldAnnounceFinalityOnceWhenRestartedWithFewerConfirmations() {
    FakeChain chain = new FakeChain(CHAIN, 40);
    polling(config(8, 0, OptionalLong.of(39), 8, 16), chain, 500).run();
    assertThat(markers(sink.records()).getLast()).isEqualTo(31);

    polling(config(4, 0, OptionalLong.of(39), 8, 16), chain, 500).run();

    // Blocks 32..35 became final by the new depth at the restart: announced once, deposits too.
    assertThat(markers(sink.records()).getLast()).isEqualTo(35);
    List<Long> deposited =
        values(sink.records(), Topics.BILLING_DEPOSITS).stream()
            .map(d -> d.getCursor().getBlockNumber())
            .toList();
    assertThat(deposited)
        .containsExactlyElementsOf(range(0, 35).stream().filter(n -> n % 3 == 0).toList());
    assertThat(headerNumbers(sink.records())).containsExactlyElementsOf(range(0, 39));
  }

  @Test
  void shouldFailLoudlyOnAnUnreadableCursor() {
    sink.write(new Batch(List.of(), "tail/0;whatever"));
    ChainTailer tailer =
        polling(config(3, 0, OptionalLong.empty(), 8, 8), new FakeChain(CHAIN, 5), 500);

    assertThatThrownBy(tailer::run)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unreadable");
    assertThat(tailer.status().phase()).isEqualTo(Phase.FAILED);
  }

  // ---- fixtures

  static ChainConfig config(
      int confirmations, long start, OptionalLong stop, int backfill, int backfillMax) {
    RpcSettings rpc =
        new RpcSettings(
            URI.create("http://127.0.0.1:8545"),
            Optional.empty(),
            Duration.ofSeconds(1),
            Duration.ofMillis(1),
            Duration.ofMillis(5),
            3,
            100);
    return new ChainConfig(
        "test",
        CHAIN,
        rpc,
        confirmations,
        start,
        stop,
        Set.of(),
        List.of(USDC_TOKEN, WETH_TOKEN),
        List.of(V2_POOL),
        Optional.of(TREASURY),
        backfill,
        backfillMax,
        Duration.ofMillis(20));
  }

  static SinkConfig sinkConfig(int maxBatchRecords) {
    return new SinkConfig(
        SOURCE,
        maxBatchRecords,
        Duration.ofMillis(200),
        Duration.ofSeconds(5),
        Duration.ofSeconds(1),
        Map.of());
  }

  /** A tailer into the test's sink, with pushed heads. */
  ChainTailer tailer(ChainConfig config, FakeChain chain, FakeHeads heads, int maxBatchRecords) {
    return tailer(config, chain, sink, heads, maxBatchRecords);
  }

  /** A tailer into the test's sink, polling an HTTP-only node. */
  ChainTailer polling(ChainConfig config, FakeChain chain, int maxBatchRecords) {
    return tailer(config, chain, sink, NewHeads.NONE, maxBatchRecords);
  }

  /** A polling tailer into {@code to}. */
  ChainTailer pollingInto(
      ChainConfig config, FakeChain chain, RecordingSink to, int maxBatchRecords) {
    return tailer(config, chain, to, NewHeads.NONE, maxBatchRecords);
  }

  private ChainTailer tailer(
      ChainConfig config, FakeChain chain, RecordingSink to, NewHeads heads, int maxBatchRecords) {
    return tailer(config, chain, to, heads, maxBatchRecords, PublishedEvents.NONE);
  }

  private ChainTailer tailer(
      ChainConfig config,
      FakeChain chain,
      RecordingSink to,
      NewHeads heads,
      int maxBatchRecords,
      PublishedEvents history) {
    ChainTailer tailer =
        new ChainTailer(
            config,
            REGISTRY,
            chain,
            heads,
            to,
            sinkConfig(maxBatchRecords),
            meters,
            Clock.fixed(NOW, ZoneOffset.UTC),
            history);
    running.add(tailer);
    return tailer;
  }

  /**
   * What a read_committed consumer of the committed records sees standing of {@code blockHashes}:
   * published and not retracted since, in publish order, one per cursor.
   */
  static List<ChainEvent> standing(List<Outgoing<?>> records, long chainId, Set<String> hashes) {
    Map<String, ChainEvent> standing = new LinkedHashMap<>();
    for (ChainEvent event : events(records)) {
      if (event.getChainId() != chainId || !hashes.contains(event.getCursor().getBlockHash())) {
        continue;
      }
      String cursor = event.getCursor().getBlockHash() + "/" + event.getCursor().getLogIndex();
      if (event.getRemoved()) {
        standing.remove(cursor);
      } else {
        standing.putIfAbsent(cursor, event);
      }
    }
    return List.copyOf(standing.values());
  }

  static CompletableFuture<Void> runInBackground(ChainTailer tailer) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread.ofPlatform()
        .name("tailer-under-test")
        .daemon()
        .start(
            () -> {
              try {
                tailer.run();
                done.complete(null);
              } catch (Throwable e) {
                done.completeExceptionally(e);
              }
            });
    return done;
  }

  static void awaitTip(ChainTailer tailer, long block) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              TailerStatus status = tailer.status();
              if (status.phase() == Phase.FAILED) {
                throw new AssertionError("tailer failed: " + status.lastError());
              }
              return status.tip() >= block;
            });
  }

  double counter(String name) {
    return meters.get(name).counter().count();
  }

  double failures(String kind) {
    return meters.find(TailerMetrics.FAILURES).tag("kind", kind).counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  @SuppressWarnings("unchecked")
  static <V extends Message> List<V> values(List<Outgoing<?>> records, Topic<V> topic) {
    return records.stream().filter(r -> r.topic().equals(topic)).map(r -> (V) r.value()).toList();
  }

  static List<String> keys(List<Outgoing<?>> records, Topic<?> topic) {
    return records.stream().filter(r -> r.topic().equals(topic)).map(Outgoing::key).toList();
  }

  static List<ChainEvent> events(List<Outgoing<?>> records) {
    return values(records, Topics.CHAIN_EVENTS);
  }

  /** Canonical block headers: neither retractions nor finality markers. */
  static List<Block> headers(List<Outgoing<?>> records) {
    return values(records, Topics.CHAIN_BLOCKS).stream()
        .filter(b -> !b.getRemoved() && !b.getFinalized())
        .toList();
  }

  static List<Long> headerNumbers(List<Outgoing<?>> records) {
    return headers(records).stream().map(Block::getNumber).toList();
  }

  static List<Long> markers(List<Outgoing<?>> records) {
    return values(records, Topics.CHAIN_BLOCKS).stream()
        .filter(Block::getFinalized)
        .map(Block::getNumber)
        .toList();
  }

  static List<Outgoing<?>> withoutMarkers(List<Outgoing<?>> records) {
    return records.stream()
        .filter(r -> !(r.value() instanceof Block b && b.getFinalized()))
        .toList();
  }

  static boolean isRemoved(Object value) {
    return switch (value) {
      case ChainEvent e -> e.getRemoved();
      case Trade t -> t.getRemoved();
      case Block b -> b.getRemoved();
      default -> false;
    };
  }

  static String cursor(FakeLog log) {
    return log.log().blockNumber() + ":" + log.log().blockHash() + ":" + log.log().logIndex();
  }

  static List<String> cursors(List<ChainEvent> events) {
    return events.stream()
        .map(
            e ->
                e.getCursor().getBlockNumber()
                    + ":"
                    + e.getCursor().getBlockHash()
                    + ":"
                    + e.getCursor().getLogIndex())
        .toList();
  }

  /** The events a consumer holds after applying every retraction, in publication order. */
  static List<String> netCursors(List<Outgoing<?>> records) {
    Map<String, Boolean> net = new LinkedHashMap<>();
    for (ChainEvent event : events(records)) {
      String cursor = cursors(List.of(event)).getFirst();
      if (event.getRemoved()) {
        assertThat(net.remove(cursor)).as("retracted " + cursor + " was published").isNotNull();
      } else {
        assertThat(net.put(cursor, true)).as("published twice: " + cursor).isNull();
      }
    }
    return List.copyOf(net.keySet());
  }

  /** The cursors of the decodable logs of canonical blocks {@code from..to}, in order. */
  static List<String> expectedCursors(FakeChain chain, long from, long to) {
    List<String> cursors = new ArrayList<>();
    for (long n = from; n <= to; n++) {
      for (FakeLog log : chain.block(n).logs()) {
        if (log.kind() == Kind.EVENT) {
          cursors.add(cursor(log));
        }
      }
    }
    return cursors;
  }

  static double countLogs(FakeChain chain, long from, long to, Kind kind) {
    long count = 0;
    for (long n = from; n <= to; n++) {
      count += chain.block(n).logs().stream().filter(l -> l.kind() == kind).count();
    }
    return count;
  }

  static List<Long> range(long from, long to) {
    List<Long> numbers = new ArrayList<>();
    for (long n = from; n <= to; n++) {
      numbers.add(n);
    }
    return numbers;
  }

  static int indexOf(List<Outgoing<?>> records, java.util.function.Predicate<Outgoing<?>> test) {
    for (int i = 0; i < records.size(); i++) {
      if (test.test(records.get(i))) {
        return i;
      }
    }
    return -1;
  }

  static int lastIndexOf(
      List<Outgoing<?>> records, java.util.function.Predicate<Outgoing<?>> test) {
    for (int i = records.size() - 1; i >= 0; i--) {
      if (test.test(records.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
