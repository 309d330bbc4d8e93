package dev.sextant.deploy.chain;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.sextant.ingest.sink.Batch;
import dev.sextant.ingest.sink.BatchSink;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.schemas.v1.Block;
import dev.sextant.schemas.v1.ChainEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A sink that prints instead of publishing: each {@link ChainEvent} of a batch as one line of its
 * proto3 JSON mapping, in batch order, and nothing else (blocks, trades, deposits and the cursor
 * are dropped). It has no cursor, so a tailer writing here starts where it is told.
 */
public final class ChainEventPrinter implements BatchSink {

  private static final JsonFormat.Printer JSON =
      JsonFormat.printer().omittingInsignificantWhitespace();

  private final PrintWriter out;
  private volatile Runnable onOutputClosed = () -> {};
  private long events;
  private long blocks;
  private long firstBlock = -1;
  private long lastBlock = -1;

  /** Prints to {@code out}, flushed after each batch; never closes it. */
  public ChainEventPrinter(PrintWriter out) {
    this.out = out;
  }

  /**
   * What to do once the output is closed (piped into {@code head}): stop the tailer, which would
   * otherwise retry the write forever.
   */
  public void onOutputClosed(Runnable action) {
    this.onOutputClosed = action;
  }

  /** No cursor: the tailer starts at its configured block. */
  @Override
  public Optional<String> start() {
    return Optional.empty();
  }

  @Override
  public synchronized void write(Batch batch) {
    for (Outgoing<?> record : batch.records()) {
      if (record.value() instanceof ChainEvent event) {
        out.println(json(event));
        events++;
      } else if (record.value() instanceof Block block
          && !block.getFinalized()
          && !block.getRemoved()) {
        blocks++;
        firstBlock = firstBlock < 0 ? block.getNumber() : Math.min(firstBlock, block.getNumber());
        lastBlock = Math.max(lastBlock, block.getNumber());
      }
    }
    out.flush();
    if (out.checkError()) {
      // stdout closed (piped into head): nothing more can be printed.
      onOutputClosed.run();
      throw new UncheckedIOException(new IOException("output closed"));
    }
  }

  private static String json(ChainEvent event) {
    try {
      return JSON.print(event);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a ChainEvent has no JSON form: " + e.getMessage(), e);
    }
  }

  /** Events printed so far. */
  public synchronized long events() {
    return events;
  }

  /** Canonical blocks read so far. */
  public synchronized long blocks() {
    return blocks;
  }

  /** The highest block read so far. */
  public synchronized OptionalLong lastBlock() {
    return lastBlock < 0 ? OptionalLong.empty() : OptionalLong.of(lastBlock);
  }

  /** One line for stderr: how much was read and printed. */
  public synchronized String summary() {
    if (blocks == 0) {
      return "chain tail: no block read, " + events + " events";
    }
    return "chain tail: "
        + events
        + " events from "
        + blocks
        + " blocks ("
        + firstBlock
        + " to "
        + lastBlock
        + ")";
  }

  @Override
  public void close() {}
}
