package dev.sextant.ingest.sink;

import java.util.List;
import java.util.Objects;

/**
 * Records to publish in one transaction, with the source position they bring the cursor to.
 *
 * @param records the records, in source order
 * @param position the source's cursor after these records, opaque to the sink
 */
public record Batch(List<Outgoing<?>> records, String position) {

  public Batch {
    records = List.copyOf(records);
    Objects.requireNonNull(position, "position");
  }
}
