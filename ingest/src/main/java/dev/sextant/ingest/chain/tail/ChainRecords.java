package dev.sextant.ingest.chain.tail;

import dev.sextant.ingest.chain.rpc.BlockHeader;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.ingest.time.ProtoTime;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Block;
import dev.sextant.schemas.v1.ChainEvent;
import dev.sextant.schemas.v1.Trade;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The records of one chain, keyed as the topic catalog says. */
final class ChainRecords {

  private final long chainId;
  private final String blockKey;

  ChainRecords(long chainId) {
    this.chainId = chainId;
    this.blockKey = Long.toString(chainId);
  }

  /** A canonical block's header. */
  Outgoing<Block> block(BlockHeader header, Instant ingestTime) {
    return blockRecord(header, ingestTime, false, false);
  }

  /**
   * The finality marker: every event at or below {@code header}'s block is final and will never be
   * retracted.
   */
  Outgoing<Block> finalityMarker(BlockHeader header, Instant ingestTime) {
    return blockRecord(header, ingestTime, false, true);
  }

  /** A reorg orphaned {@code header}'s block. */
  Outgoing<Block> removed(BlockHeader header, Instant ingestTime) {
    return blockRecord(header, ingestTime, true, false);
  }

  /**
   * A reorg orphaned this block, and the node no longer knows it: only its number and hashes are
   * left (no time).
   */
  Outgoing<Block> removed(BlockRef block, Instant ingestTime) {
    Block value =
        Block.newBuilder()
            .setChainId(chainId)
            .setNumber(block.number())
            .setHash(block.hash())
            .setParentHash(block.parentHash())
            .setIngestTime(ProtoTime.of(ingestTime))
            .setRemoved(true)
            .build();
    return new Outgoing<>(Topics.CHAIN_BLOCKS, blockKey, value);
  }

  /** A decoded event, keyed {@code chainId:contract}. */
  static Outgoing<ChainEvent> event(ChainEvent event) {
    return new Outgoing<>(
        Topics.CHAIN_EVENTS, event.getChainId() + ":" + event.getContract(), event);
  }

  /** A DEX trade, keyed by instrument. */
  static Outgoing<Trade> trade(Trade trade) {
    return new Outgoing<>(Topics.MARKET_TRADES, trade.getInstrument(), trade);
  }

  /**
   * The retraction of a block a reorg orphaned: each event again with {@code removed=true} (newest
   * first, its trade right after it), then the block with {@code removed=true}.
   */
  List<Outgoing<?>> retraction(DecodedBlock block, Instant ingestTime) {
    List<Outgoing<?>> records = eventRetractions(block.events());
    records.add(removed(block.header(), ingestTime));
    return records;
  }

  /**
   * The retraction of a block a reorg orphaned that the node no longer knows, from its events as
   * published (log order): the same records as {@link #retraction(DecodedBlock, Instant)}, with a
   * block record that has no time.
   */
  List<Outgoing<?>> retraction(
      BlockRef block, List<DecodedBlock.PublishedEvent> events, Instant ingestTime) {
    List<Outgoing<?>> records = eventRetractions(events);
    records.add(removed(block, ingestTime));
    return records;
  }

  private static List<Outgoing<?>> eventRetractions(List<DecodedBlock.PublishedEvent> events) {
    List<Outgoing<?>> records = new ArrayList<>(events.size() * 2 + 1);
    for (DecodedBlock.PublishedEvent published : events.reversed()) {
      records.add(event(published.event().toBuilder().setRemoved(true).build()));
      published.trade().ifPresent(t -> records.add(trade(t.toBuilder().setRemoved(true).build())));
    }
    return records;
  }

  private Outgoing<Block> blockRecord(
      BlockHeader header, Instant ingestTime, boolean removed, boolean finalized) {
    Block value =
        Block.newBuilder()
            .setChainId(chainId)
            .setNumber(header.number())
            .setHash(header.hash())
            .setParentHash(header.parentHash())
            .setTime(ProtoTime.of(header.time()))
            .setIngestTime(ProtoTime.of(ingestTime))
            .setRemoved(removed)
            .setFinalized(finalized)
            .build();
    return new Outgoing<>(Topics.CHAIN_BLOCKS, blockKey, value);
  }
}
