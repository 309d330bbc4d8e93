package dev.sextant.ingest.chain.tail;

import dev.sextant.schemas.v1.ChainEvent;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the tailer already published, read back: the source of the retractions of blocks a reorg
 * orphaned while the tailer was down, once the node no longer returns them.
 */
@FunctionalInterface
public interface PublishedEvents {

  /** No history: an orphan the node forgot is retracted by its {@code Block} record alone. */
  PublishedEvents NONE = (chainId, blockHashes, notBefore) -> List.of();

  /**
   * The events of {@code blockHashes} that a {@code read_committed} consumer sees standing now:
   * published with {@code removed=false} and not retracted since, in publish order (block, then log
   * index), one per cursor.
   *
   * @param notBefore no event of these blocks was published before this time
   * @throws Unavailable when the history cannot be read now (retried with backoff)
   */
  List<ChainEvent> published(long chainId, Set<String> blockHashes, Instant notBefore);

  /** The history could not be read now; the tailer retries with backoff. */
  final class Unavailable extends RuntimeException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
