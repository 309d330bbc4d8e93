package dev.sextant.deploy.chain;

import dev.sextant.ingest.chain.ChainConfig;
import dev.sextant.ingest.chain.rpc.ChainRpc;
import dev.sextant.ingest.chain.rpc.NewHeads;
import dev.sextant.ingest.chain.rpc.Web3jChainRpc;
import dev.sextant.ingest.chain.rpc.WebSocketHeads;
import dev.sextant.ingest.chain.tail.ChainTailer;
import dev.sextant.ingest.chain.tail.KafkaPublishedEvents;
import dev.sextant.ingest.chain.tail.TailerStatus;
import dev.sextant.ingest.sink.SinkConfig;
import dev.sextant.ingest.sink.TransactionalSink;
import dev.sextant.schemas.registry.Registry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** A tailer on a real broker and node, on its own thread, owning its RPC, heads and sink. */
final class RunningTailer implements AutoCloseable {

  final MeterRegistry meters = new SimpleMeterRegistry();
  final ChainTailer tailer;
  private final ChainRpc rpc;
  private final NewHeads heads;
  private final TransactionalSink sink;
  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  RunningTailer(String bootstrapServers, ChainConfig config) {
    SinkConfig sinkConfig =
        new SinkConfig(
            config.sourceId(),
            500,
            Duration.ofMillis(5),
            Duration.ofSeconds(30),
            Duration.ofSeconds(2),
            Map.of());
    this.rpc = new Web3jChainRpc(config.rpc(), meters, config.name());
    this.heads =
        config
            .rpc()
            .wsUrl()
            .<NewHeads>map(ws -> new WebSocketHeads(ws, config.rpc(), meters, config.name()))
            .orElse(NewHeads.NONE);
    this.sink = new TransactionalSink(bootstrapServers, sinkConfig);
    this.tailer =
        new ChainTailer(
            config,
            Registry.loadDefault(),
            rpc,
            heads,
            sink,
            sinkConfig,
            meters,
            Clock.systemUTC(),
            new KafkaPublishedEvents(bootstrapServers));
    this.thread =
        Thread.ofPlatform()
            .name("tailer-" + config.name())
            .start(
                () -> {
                  try {
                    tailer.run();
                  } catch (Throwable e) {
                    failure.set(e);
                  }
                });
  }

  TailerStatus status() {
    if (failure.get() != null) {
      throw new AssertionError("the tailer failed", failure.get());
    }
    return tailer.status();
  }

  /** Counter total of {@code name} across its tags, 0 when never registered. */
  double count(String name) {
    return meters.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  @Override
  public void close() throws InterruptedException {
    tailer.close();
    thread.join(Duration.ofSeconds(20));
    heads.close();
    rpc.close();
    sink.close();
    if (failure.get() != null) {
      throw new AssertionError("the tailer failed", failure.get());
    }
  }
}
