package dev.sextant.ingest.chain.tail;

import dev.sextant.ingest.chain.decode.DecodeResult;
import dev.sextant.ingest.chain.decode.DexTrades;
import dev.sextant.ingest.chain.decode.EvmLog;
import dev.sextant.ingest.chain.decode.LogDecoder;
import dev.sextant.ingest.chain.rpc.BlockHeader;
import dev.sextant.ingest.deadletter.DeadLetters;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.schemas.v1.ChainEvent;
import dev.sextant.schemas.v1.Trade;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one block and its logs into records: the header, then per log (in log order) its event and
 * DEX trade, or its dead letter when a known event does not decode. Logs of unknown events are
 * skipped and counted.
 */
final class BlockDecoder {

  /**
   * A decoded block.
   *
   * @param block what to keep until the block is final
   * @param records the records to publish, in order
   * @param notOurs logs skipped because no decoder handles their event
   */
  record Output(DecodedBlock block, List<Outgoing<?>> records, int notOurs) {}

  private final long chainId;
  private final LogDecoder decoder;
  private final DexTrades trades;
  private final ChainRecords records;
  private final DeadLetters deadLetters;

  BlockDecoder(
      long chainId,
      LogDecoder decoder,
      DexTrades trades,
      ChainRecords records,
      DeadLetters deadLetters) {
    this.chainId = chainId;
    this.decoder = decoder;
    this.trades = trades;
    this.records = records;
    this.deadLetters = deadLetters;
  }

  /**
   * Decodes {@code header}'s {@code logs}.
   *
   * @param knownHead the node's head as last seen: an event's confirmations are the blocks above
   *     its own
   */
  Output decode(BlockHeader header, List<EvmLog> logs, long knownHead, Instant ingestTime) {
    long confirmations = Math.max(0, knownHead - header.number());
    List<Outgoing<?>> out = new ArrayList<>(1 + logs.size() * 2);
    List<DecodedBlock.PublishedEvent> kept = new ArrayList<>(logs.size());
    int notOurs = 0;
    out.add(records.block(header, ingestTime));
    for (EvmLog log : logs) {
      switch (decoder.decode(log, ingestTime)) {
        case DecodeResult.Decoded decoded -> {
          ChainEvent event = decoded.event().toBuilder().setConfirmations(confirmations).build();
          out.add(ChainRecords.event(event));
          Optional<Trade> trade;
          try {
            trade = trades.trade(event);
          } catch (RuntimeException e) {
            // A bug must not stop the chain: the event stands, the trade is dead-lettered.
            trade = Optional.empty();
            out.add(
                deadLetters.record(
                    LogJson.of(log),
                    ErrorKind.ADAPTER_ERROR,
                    "no trade from the swap: " + e,
                    location(log),
                    ingestTime));
          }
          trade.ifPresent(t -> out.add(ChainRecords.trade(t)));
          kept.add(new DecodedBlock.PublishedEvent(event, trade));
        }
        case DecodeResult.Failed failed ->
            out.add(
                deadLetters.record(
                    LogJson.of(log),
                    failed.failure().kind().errorKind(),
                    failed.failure().message(),
                    location(log),
                    ingestTime));
        case DecodeResult.NotOurs notOur -> notOurs++;
      }
    }
    return new Output(new DecodedBlock(header, kept), out, notOurs);
  }

  /** Where a log is, as a dead letter's location. */
  String location(EvmLog log) {
    return "chain "
        + chainId
        + " block "
        + log.blockNumber()
        + " ("
        + log.blockHash()
        + ") log "
        + log.logIndex();
  }
}
