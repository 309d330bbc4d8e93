package dev.sextant.ingest.chain.tail;

import dev.sextant.ingest.chain.rpc.BlockHeader;
import dev.sextant.ingest.sink.Batch;
import dev.sextant.ingest.sink.Outgoing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The records of whole blocks for one sink transaction, with the checkpoint after the last of them
 * and the highest block they made final (whose marker closes the transaction).
 */
final class TailTransaction {

  private final List<Outgoing<?>> records = new ArrayList<>();
  private final List<Integer> reorgDepths = new ArrayList<>();
  private BlockHeader finalBlock;
  // Encoded only when the batch is built: in backfill most blocks' checkpoints never are.
  private Supplier<String> position;
  private long tipNumber = -1;
  private int notOurs;
  private int unrecoverable;
  private long headArrivedNanos = -1;

  void add(Outgoing<?> record) {
    records.add(record);
  }

  void addAll(List<? extends Outgoing<?>> more) {
    records.addAll(more);
  }

  /** {@code block} became final in this transaction; the marker names the highest such block. */
  void finalized(BlockHeader block) {
    if (finalBlock == null || block.number() > finalBlock.number()) {
      finalBlock = block;
    }
  }

  void reorg(int depth) {
    reorgDepths.add(depth);
  }

  void notOurs(int logs) {
    notOurs += logs;
  }

  /** A retracted block whose events the node could no longer return. */
  void unrecoverableRetraction() {
    unrecoverable++;
  }

  /** The transaction publishes the block of a head that arrived at {@code nanoTime}. */
  void headArrived(long nanoTime) {
    headArrivedNanos = nanoTime;
  }

  /** The checkpoint after the transaction's last block, and that block's number. */
  void position(Supplier<String> checkpoint, long tipNumber) {
    this.position = checkpoint;
    this.tipNumber = tipNumber;
  }

  /** The number of the transaction's last block: the published tip once it commits. */
  long tipNumber() {
    return tipNumber;
  }

  /** Appends {@code other}, a later block's transaction, to this one. */
  void append(TailTransaction other) {
    records.addAll(other.records);
    reorgDepths.addAll(other.reorgDepths);
    if (other.finalBlock != null) {
      finalized(other.finalBlock);
    }
    if (other.position != null) {
      position = other.position;
      tipNumber = other.tipNumber;
    }
    notOurs += other.notOurs;
    unrecoverable += other.unrecoverable;
    if (other.headArrivedNanos >= 0) {
      headArrivedNanos = other.headArrivedNanos;
    }
  }

  /** Whether committing would move the cursor. */
  boolean hasProgress() {
    return position != null;
  }

  /** The records the batch will hold, the finality marker included. */
  int size() {
    return records.size() + (finalBlock == null ? 0 : 1);
  }

  /** The batch: the records, then the finality marker built by {@code marker}. */
  Batch batch(BiFunction<BlockHeader, Instant, Outgoing<?>> marker, Instant ingestTime) {
    List<Outgoing<?>> all = new ArrayList<>(size());
    all.addAll(records);
    if (finalBlock != null) {
      all.add(marker.apply(finalBlock, ingestTime));
    }
    return new Batch(all, position.get());
  }

  List<Integer> reorgDepths() {
    return reorgDepths;
  }

  int notOurs() {
    return notOurs;
  }

  int unrecoverable() {
    return unrecoverable;
  }

  Optional<Long> headArrivedNanos() {
    return headArrivedNanos < 0 ? Optional.empty() : Optional.of(headArrivedNanos);
  }
}
