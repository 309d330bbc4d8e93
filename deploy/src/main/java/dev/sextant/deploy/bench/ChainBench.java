package dev.sextant.deploy.bench;

import dev.sextant.deploy.kafka.EmbeddedKafka;
import dev.sextant.deploy.kafka.EmbeddedKafkaConfig;
import dev.sextant.deploy.kafka.TopicReconciler;
import dev.sextant.ingest.chain.ChainConfig;
import dev.sextant.ingest.chain.anvil.AnvilProcess;
import dev.sextant.ingest.chain.anvil.ContractDeployer;
import dev.sextant.ingest.chain.anvil.DevAccounts;
import dev.sextant.ingest.chain.decode.PoolRegistry;
import dev.sextant.ingest.chain.rpc.NewHeads;
import dev.sextant.ingest.chain.rpc.RpcSettings;
import dev.sextant.ingest.chain.rpc.Web3jChainRpc;
import dev.sextant.ingest.chain.rpc.WebSocketHeads;
import dev.sextant.ingest.chain.tail.ChainTailer;
import dev.sextant.ingest.sink.Batch;
import dev.sextant.ingest.sink.BatchSink;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.ingest.sink.SinkConfig;
import dev.sextant.ingest.sink.TransactionalSink;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.ChainEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.NoOpProcessor;

/**
 * {@code sextant bench chain}: the chain tailer on a local Anvil node and the embedded broker.
 * Backfill: stablecoin transfers made in bursts (many logs per transaction), read back from block 0
 * by log ranges, decoded and published; logs/s with no sink and with the transactional Kafka sink.
 * Tail: one transfer per block, the time from sending the transaction to a read_committed consumer
 * receiving its event.
 */
public final class ChainBench {

  /**
   * @param logs transfers to make for the backfill
   * @param logsPerTransaction transfers per transaction (one block each)
   * @param tailBlocks blocks to time in the tail
   * @param tailPause pause between tail transactions
   * @param rangeBlocks blocks per {@code eth_getLogs} in backfill (it may grow to twice as many):
   *     public nodes cap an answer at about 10,000 logs, so with dense blocks ranges are short
   * @param dir working folder: broker data, Anvil log
   */
  public record Settings(
      int logs,
      int logsPerTransaction,
      int tailBlocks,
      Duration tailPause,
      int rangeBlocks,
      Path dir) {}

  /** A measured backfill: the sink, events published, and seconds. */
  public record BackfillRow(String sink, long events, double seconds) {
    public double logsPerSecond() {
      return events / seconds;
    }
  }

  private static final long CHAIN_ID = 31_337;
  private static final int CONFIRMATIONS = 12;
  private static final BigInteger GAS_PRICE = BigInteger.valueOf(2_000_000_000L);
  private static final BigInteger BURST_GAS = BigInteger.valueOf(25_000_000L);

  /** Backfill runs so far: each reads as a new source, from block 0. */
  private static final AtomicLong RUNS = new AtomicLong();

  private final Settings settings;

  public ChainBench(Settings settings) {
    this.settings = settings;
  }

  /** Runs both measurements and prints progress and a summary to standard output. */
  public void run() throws Exception {
    Path evmDir =
        AnvilProcess.evmDir()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no EVM toolchain: run bin/sextant from a built checkout (see"
                            + " docs/chain/anvil.md)"));
    try (EmbeddedKafka kafka = broker();
        AnvilProcess anvil =
            AnvilProcess.start(
                AnvilProcess.binary(evmDir),
                AnvilProcess.Options.autoMine(CHAIN_ID),
                settings.dir())) {
      Web3j web3j = Web3j.build(new HttpService(anvil.httpUrl().toString()));
      try {
        String token = deployToken(web3j, evmDir.resolve("out"));
        long head = makeTransfers(web3j, token);
        List<BackfillRow> rows = new ArrayList<>();
        // The first pass warms the JIT and the node's caches; it is printed, not compared.
        BackfillRow warmup = backfill(anvil, token, head, "none", null);
        System.out.printf(
            Locale.ROOT, "  warm-up: %d events in %.2f s%n", warmup.events(), warmup.seconds());
        rows.add(backfill(anvil, token, head, "none", null));
        rows.add(backfill(anvil, token, head, "kafka (500 records/txn)", kafka));
        rows.add(backfill(anvil, token, head, "kafka (20000 records/txn)", kafka));
        System.out.println();
        System.out.printf(
            Locale.ROOT, "%-28s %10s %10s %12s%n", "sink", "events", "seconds", "logs/s");
        for (BackfillRow row : rows) {
          System.out.printf(
              Locale.ROOT,
              "%-28s %10d %10.2f %12.0f%n",
              row.sink(),
              row.events(),
              row.seconds(),
              row.logsPerSecond());
        }
        System.out.println();
        Histogram tail = tail(kafka, anvil, web3j, token);
        System.out.printf(
            Locale.ROOT,
            "tail: %d blocks, block sent to event consumed: p50 %.2f ms, p90 %.2f ms,"
                + " p99 %.2f ms, max %.2f ms%n",
            tail.getTotalCount(),
            ms(tail.getValueAtPercentile(50)),
            ms(tail.getValueAtPercentile(90)),
            ms(tail.getValueAtPercentile(99)),
            ms(tail.getMaxValue()));
      } finally {
        web3j.shutdown();
      }
    }
  }

  private EmbeddedKafka broker() throws IOException {
    EmbeddedKafka kafka =
        new EmbeddedKafka(
            new EmbeddedKafkaConfig(
                settings.dir().resolve("kafka"),
                "127.0.0.1",
                freePort(),
                freePort(),
                256,
                Map.of()));
    kafka.start();
    TopicReconciler.reconcileCatalog(kafka.bootstrapServers(), (short) 1);
    return kafka;
  }

  private static String deployToken(Web3j web3j, Path compiled) throws Exception {
    ContractDeployer deployer =
        new ContractDeployer(web3j, CHAIN_ID, DevAccounts.account(0), compiled);
    String supply = FunctionEncoder.encodeConstructor(List.of(new Uint256(BigInteger.TEN.pow(30))));
    return deployer.deploy("TestStablecoin", supply).getContractAddress().toLowerCase(Locale.ROOT);
  }

  /** Sends the bursts; returns the head after the last one. */
  private long makeTransfers(Web3j web3j, String token) throws Exception {
    RawTransactionManager sender =
        new RawTransactionManager(
            web3j, DevAccounts.account(0), CHAIN_ID, new NoOpProcessor(web3j));
    int transactions = Math.ceilDiv(settings.logs(), settings.logsPerTransaction());
    System.out.printf(
        Locale.ROOT,
        "making %d transfers in %d transactions of %d ...%n",
        (long) transactions * settings.logsPerTransaction(),
        transactions,
        settings.logsPerTransaction());
    String burst =
        FunctionEncoder.encode(
            new Function(
                "burst",
                List.of(
                    new Address("0x00000000000000000000000000000000000b0b01"),
                    new Uint256(1),
                    new Uint256(settings.logsPerTransaction())),
                List.of()));
    for (int i = 0; i < transactions; i++) {
      EthSendTransaction sent =
          sender.sendTransaction(GAS_PRICE, BURST_GAS, token, burst, BigInteger.ZERO);
      if (sent.hasError()) {
        throw new IOException("burst rejected: " + sent.getError().getMessage());
      }
      if ((i + 1) % 50 == 0) {
        System.out.printf(Locale.ROOT, "  %d/%d transactions%n", i + 1, transactions);
      }
    }
    // Sending returns once the node holds the transaction: wait until the last one is mined.
    String from = DevAccounts.account(0).getAddress();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (web3j
            .ethGetTransactionCount(from, DefaultBlockParameterName.PENDING)
            .send()
            .getTransactionCount()
            .compareTo(
                web3j
                    .ethGetTransactionCount(from, DefaultBlockParameterName.LATEST)
                    .send()
                    .getTransactionCount())
        > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the node did not mine the bursts within 60 s");
      }
      Thread.sleep(10);
    }
    long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    System.out.printf(Locale.ROOT, "chain head %d%n", head);
    return head;
  }

  private BackfillRow backfill(
      AnvilProcess anvil, String token, long head, String label, EmbeddedKafka kafka)
      throws Exception {
    String name = "bench-" + RUNS.incrementAndGet();
    ChainConfig config =
        config(
            name,
            anvil,
            token,
            Optional.empty(),
            0,
            OptionalLong.of(head),
            settings.rangeBlocks(),
            settings.rangeBlocks() * 2);
    int maxRecords = label.contains("20000") ? 20_000 : 500;
    SinkConfig sinkConfig =
        new SinkConfig(
            config.sourceId(),
            maxRecords,
            Duration.ofMillis(200),
            Duration.ofSeconds(60),
            Duration.ofSeconds(5),
            Map.of());
    CountingSink counter = new CountingSink();
    BatchSink sink =
        kafka == null
            ? counter
            : new CountingSink.Forwarding(
                new TransactionalSink(kafka.bootstrapServers(), sinkConfig), counter);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    System.out.printf(Locale.ROOT, "backfill 0..%d, sink %s ...%n", head, label);
    try (Web3jChainRpc rpc = new Web3jChainRpc(config.rpc(), meters, name)) {
      ChainTailer tailer =
          new ChainTailer(
              config,
              Registry.loadDefault(),
              rpc,
              NewHeads.NONE,
              sink,
              sinkConfig,
              meters,
              Clock.systemUTC());
      long start = System.nanoTime();
      tailer.run();
      double seconds = (System.nanoTime() - start) / 1e9;
      return new BackfillRow(label, counter.events.get(), seconds);
    } finally {
      sink.close();
    }
  }

  private Histogram tail(EmbeddedKafka kafka, AnvilProcess anvil, Web3j web3j, String token)
      throws Exception {
    String name = "bench-tail";
    ChainConfig config =
        config(
            name,
            anvil,
            token,
            Optional.of(anvil.wsUrl()),
            -1,
            OptionalLong.empty(),
            2_000,
            10_000);
    SinkConfig sinkConfig =
        new SinkConfig(
            config.sourceId(),
            500,
            Duration.ofMillis(5),
            Duration.ofSeconds(60),
            Duration.ofSeconds(5),
            Map.of());
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    AtomicLong received = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    try (Web3jChainRpc rpc = new Web3jChainRpc(config.rpc(), meters, name);
        WebSocketHeads heads = new WebSocketHeads(anvil.wsUrl(), config.rpc(), meters, name);
        TransactionalSink sink = new TransactionalSink(kafka.bootstrapServers(), sinkConfig);
        KafkaConsumer<String, byte[]> consumer = consumer(kafka)) {
      ChainTailer tailer =
          new ChainTailer(
              config,
              Registry.loadDefault(),
              rpc,
              heads,
              sink,
              sinkConfig,
              meters,
              Clock.systemUTC());
      Thread tailing = Thread.ofPlatform().name("bench-tailer").start(tailer::run);
      Thread consuming =
          Thread.ofPlatform()
              .name("bench-consumer")
              .start(() -> consume(consumer, sentAt, histogram, received, stop));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!heads.connected() || tailer.status().phase().name().equals("STARTING")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the tailer did not reach the tail: " + tailer.status());
        }
        Thread.sleep(10);
      }
      RawTransactionManager sender =
          new RawTransactionManager(
              web3j, DevAccounts.account(1), CHAIN_ID, new NoOpProcessor(web3j));
      fund(web3j, token);
      String transfer =
          FunctionEncoder.encode(
              new Function(
                  "transfer",
                  List.of(
                      new Address("0x00000000000000000000000000000000000b0b02"), new Uint256(1)),
                  List.of()));
      System.out.printf(
          Locale.ROOT,
          "tail: %d blocks, one transfer each, %d ms apart ...%n",
          settings.tailBlocks(),
          settings.tailPause().toMillis());
      for (int i = 0; i < settings.tailBlocks(); i++) {
        long before = System.nanoTime();
        EthSendTransaction sent =
            sender.sendTransaction(
                GAS_PRICE, BigInteger.valueOf(100_000), token, transfer, BigInteger.ZERO);
        if (sent.hasError()) {
          throw new IOException("transfer rejected: " + sent.getError().getMessage());
        }
        sentAt.put(sent.getTransactionHash().toLowerCase(Locale.ROOT), before);
        if ((i + 1) % 100 == 0) {
          System.out.printf(
              Locale.ROOT,
              "  %d/%d blocks, %d received%n",
              i + 1,
              settings.tailBlocks(),
              received.get());
        }
        Thread.sleep(settings.tailPause().toMillis());
      }
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (received.get() < settings.tailBlocks() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      stop.set(true);
      io.micrometer.core.instrument.Timer inTailer =
          meters.find("sextant.chain.head.latency").timer();
      if (inTailer != null) {
        System.out.printf(
            Locale.ROOT,
            "  of which head arrival to transaction committed, in the tailer: mean %.2f ms,"
                + " max %.2f ms over %d blocks%n",
            inTailer.mean(TimeUnit.MILLISECONDS),
            inTailer.max(TimeUnit.MILLISECONDS),
            inTailer.count());
      }
      tailer.close();
      tailing.join(Duration.ofSeconds(10));
      consuming.join(Duration.ofSeconds(10));
    }
    return histogram;
  }

  /** Gives the tail's sender (the second dev account) tokens to move. */
  private static void fund(Web3j web3j, String token) throws Exception {
    RawTransactionManager owner =
        new RawTransactionManager(
            web3j, DevAccounts.account(0), CHAIN_ID, new NoOpProcessor(web3j));
    String transfer =
        FunctionEncoder.encode(
            new Function(
                "transfer",
                List.of(
                    new Address(DevAccounts.account(1).getAddress()),
                    new Uint256(BigInteger.TEN.pow(12))),
                List.of()));
    EthSendTransaction sent =
        owner.sendTransaction(
            GAS_PRICE, BigInteger.valueOf(100_000), token, transfer, BigInteger.ZERO);
    if (sent.hasError()) {
      throw new IOException("funding rejected: " + sent.getError().getMessage());
    }
  }

  private static void consume(
      KafkaConsumer<String, byte[]> consumer,
      Map<String, Long> sentAt,
      Histogram histogram,
      AtomicLong received,
      AtomicBoolean stop) {
    while (!stop.get()) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(5))) {
        long now = System.nanoTime();
        try {
          ChainEvent event = ChainEvent.parseFrom(record.value());
          Long before = sentAt.remove(event.getTxHash().toLowerCase(Locale.ROOT));
          if (before != null && !event.getRemoved()) {
            histogram.recordValue(Math.min(now - before, histogram.getHighestTrackableValue()));
            received.incrementAndGet();
          }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private static KafkaConsumer<String, byte[]> consumer(EmbeddedKafka kafka) {
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                // A consumer waiting on an empty partition answers as soon as data arrives; the
                // bound only matters when nothing does.
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                10),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.CHAIN_EVENTS.name(), Duration.ofSeconds(10)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }

  private static ChainConfig config(
      String name,
      AnvilProcess anvil,
      String token,
      Optional<java.net.URI> ws,
      long startBlock,
      OptionalLong stopBlock,
      int backfillBlocks,
      int backfillMaxBlocks) {
    RpcSettings rpc = RpcSettings.of(anvil.httpUrl(), ws);
    return new ChainConfig(
        name,
        CHAIN_ID,
        rpc,
        CONFIRMATIONS,
        startBlock,
        stopBlock,
        Set.of(token),
        List.of(new PoolRegistry.Token(token, "USDC", 6)),
        List.of(),
        Optional.empty(),
        backfillBlocks,
        backfillMaxBlocks,
        Duration.ofMillis(100));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** A sink that counts the chain events it is given; alone it publishes nothing. */
  private static class CountingSink implements BatchSink {
    final AtomicLong events = new AtomicLong();

    @Override
    public Optional<String> start() {
      return Optional.empty();
    }

    @Override
    public void write(Batch batch) {
      long n = 0;
      for (Outgoing<?> record : batch.records()) {
        if (record.topic() == Topics.CHAIN_EVENTS) {
          n++;
        }
      }
      events.addAndGet(n);
    }

    @Override
    public void close() {}

    /** Counts, then hands the batch to a real sink. */
    static final class Forwarding implements BatchSink {
      private final BatchSink delegate;
      private final CountingSink counter;

      Forwarding(BatchSink delegate, CountingSink counter) {
        this.delegate = delegate;
        this.counter = counter;
      }

      @Override
      public Optional<String> start() {
        return delegate.start();
      }

      @Override
      public void write(Batch batch) {
        delegate.write(batch);
        counter.write(batch);
      }

      @Override
      public void awaitCommitted() {
        delegate.awaitCommitted();
      }

      @Override
      public void close() {
        delegate.close();
      }
    }
  }
}
