package dev.sextant.ingest.chain.tail;

import dev.sextant.ingest.chain.rpc.BlockHeader;
import dev.sextant.schemas.v1.ChainEvent;
import dev.sextant.schemas.v1.Trade;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A published block that is not final yet, with what was published of it: the events a reorg
 * retracts and the transfers that finality turns into deposits.
 *
 * @param header the block's header
 * @param events its decoded events in log order, each with its DEX trade when it made one
 */
record DecodedBlock(BlockHeader header, List<PublishedEvent> events) {

  /** A published event and the trade published with it. */
  record PublishedEvent(ChainEvent event, Optional<Trade> trade) {
    PublishedEvent {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(trade, "trade");
    }
  }

  DecodedBlock {
    Objects.requireNonNull(header, "header");
    events = List.copyOf(events);
  }
}
