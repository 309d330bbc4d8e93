package dev.sextant.ingest.chain.tail;

import dev.sextant.ingest.chain.rpc.BlockHeader;
import dev.sextant.ingest.chain.rpc.NewHeads;
import java.util.function.Consumer;

/** A head subscription the test pushes heads into, up or down as the test says. */
final class FakeHeads implements NewHeads {

  private volatile Consumer<BlockHeader> onHead;
  private volatile boolean connected;

  FakeHeads(boolean connected) {
    this.connected = connected;
  }

  @Override
  public void start(Consumer<BlockHeader> onHead) {
    this.onHead = onHead;
  }

  /** Delivers a head, as the subscription's thread would. */
  void push(BlockHeader head) {
    Consumer<BlockHeader> consumer = onHead;
    if (consumer == null) {
      throw new IllegalStateException("not started");
    }
    consumer.accept(head);
  }

  void connected(boolean up) {
    connected = up;
  }

  @Override
  public boolean connected() {
    return connected;
  }

  @Override
  public void close() {}
}
