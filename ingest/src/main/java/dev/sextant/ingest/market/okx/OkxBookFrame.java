package dev.sextant.ingest.market.okx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FrameException;
import dev.sextant.ingest.market.WireNumbers;
import dev.sextant.ingest.market.WireTime;
import dev.sextant.ingest.market.book.BookSide;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.schemas.v1.BookUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * One element of an OKX book push, fully checked before it touches a book, so a bad level drops the
 * whole update rather than half of it.
 *
 * @param seqId the update's sequence number, or {@link OkxBook#NO_SEQ} when absent
 * @param prevSeqId the previous update's seqId (-1 on a snapshot), or {@link OkxBook#NO_SEQ}
 */
record OkxBookFrame(
    List<OrderBook.Level> bids,
    List<OrderBook.Level> asks,
    long ts,
    OptionalInt checksum,
    long seqId,
    long prevSeqId) {

  /** Reads and checks one {@code data} element of a books push. */
  static OkxBookFrame read(JsonNode entry) {
    if (!entry.isObject()) {
      throw new FrameException(ErrorKind.MALFORMED_JSON, "book data element is not an object");
    }
    List<OrderBook.Level> bids = levels(entry, "bids");
    List<OrderBook.Level> asks = levels(entry, "asks");
    long ts = WireNumbers.integer("ts", valueText(entry, "ts"));
    // Checked here, before the book changes: the record is built after the levels are applied.
    WireTime.millis("ts", Long.toString(ts));
    OptionalInt checksum = OptionalInt.empty();
    JsonNode sum = entry.get("checksum");
    if (sum != null && !sum.isNull()) {
      if (!sum.isIntegralNumber() || !sum.canConvertToInt()) {
        throw new FrameException(
            ErrorKind.BAD_NUMBER, "field \"checksum\" is not a 32-bit integer: " + sum);
      }
      checksum = OptionalInt.of(sum.intValue());
    }
    return new OkxBookFrame(
        bids, asks, ts, checksum, sequence(entry, "seqId"), sequence(entry, "prevSeqId"));
  }

  private static List<OrderBook.Level> levels(JsonNode entry, String field) {
    JsonNode array = entry.get(field);
    if (array == null || !array.isArray()) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing array field \"" + field + "\"");
    }
    List<OrderBook.Level> levels = new ArrayList<>(array.size());
    for (JsonNode level : array) {
      if (!level.isArray() || level.size() < 2) {
        throw new FrameException(
            ErrorKind.MALFORMED_JSON, "a level of \"" + field + "\" is not [price, size, ...]");
      }
      String price = level.get(0).asText();
      String size = level.get(1).asText();
      levels.add(
          new OrderBook.Level(
              WireNumbers.positive(field + " price", price),
              WireNumbers.nonNegative(field + " size", size),
              price,
              size));
    }
    return levels;
  }

  private static String valueText(JsonNode entry, String field) {
    JsonNode value = entry.get(field);
    return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
  }

  private static long sequence(JsonNode entry, String field) {
    String text = valueText(entry, field);
    return text == null ? OkxBook.NO_SEQ : WireNumbers.integer(field, text);
  }

  /** Sets every level on {@code book}; size zero removes. */
  void applyTo(OrderBook book) {
    for (OrderBook.Level level : bids) {
      book.set(BookSide.BID, level);
    }
    for (OrderBook.Level level : asks) {
      book.set(BookSide.ASK, level);
    }
  }

  /** True for OKX's keep-alive update that changes nothing. */
  boolean isEmpty() {
    return bids.isEmpty() && asks.isEmpty();
  }

  /**
   * The record's header; a delta also carries this frame's levels, a snapshot gets the book's
   * levels from the caller.
   */
  BookUpdate.Builder record(String instrument, BookUpdate.Kind kind, long receivedEpochNanos) {
    BookUpdate.Builder update =
        BookUpdate.newBuilder()
            .setInstrument(instrument)
            .setVenue("okx")
            .setKind(kind)
            .setFirstSequence(seqId == OkxBook.NO_SEQ ? 0 : seqId)
            .setLastSequence(seqId == OkxBook.NO_SEQ ? 0 : seqId)
            .setPrevSequence(prevSeqId == OkxBook.NO_SEQ ? 0 : prevSeqId)
            .setChecksum(checksum.orElse(0))
            .setEventTime(WireTime.ofMillis(ts))
            .setIngestTime(WireTime.ofNanos(receivedEpochNanos));
    if (kind == BookUpdate.Kind.KIND_DELTA) {
      for (OrderBook.Level level : bids) {
        update.addBids(level.toProto());
      }
      for (OrderBook.Level level : asks) {
        update.addAsks(level.toProto());
      }
    }
    return update;
  }
}
