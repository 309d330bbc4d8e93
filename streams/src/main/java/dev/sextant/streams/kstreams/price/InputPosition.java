package dev.sextant.streams.kstreams.price;

/**
 * The last input record applied to an asset's book from one topic.
 *
 * @param partition the partition it came from
 * @param offset its offset
 */
public record InputPosition(int partition, long offset) {

  /**
   * Whether a record at ({@code partition}, {@code offset}) is already in the book. Offsets compare
   * only within one partition: from another partition (the topic was resized) it is new.
   */
  boolean covers(int partition, long offset) {
    return this.partition == partition && offset <= this.offset;
  }
}
