package dev.sextant.ingest.market.bybit;

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

/**
 * The {@code data} of a Bybit {@code orderbook} push, fully checked before it touches a book, so a
 * bad level drops the whole push rather than half of it.
 *
 * @param updateId {@code u}: each delta's is the previous push's plus one
 * @param ts the push's {@code ts}, epoch milliseconds
 */
record BybitBookFrame(
    List<OrderBook.Level> bids, List<OrderBook.Level> asks, long updateId, long ts) {

  /** Reads and checks a push's {@code data} object and its {@code ts}. */
  static BybitBookFrame read(JsonNode data, String ts) {
    if (data == null || !data.isObject()) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing object field \"data\"");
    }
    JsonNode u = data.get("u");
    // Checked here, before the book changes: the record is built after the levels are applied.
    WireTime.millis("ts", ts);
    return new BybitBookFrame(
        levels(data, "b"),
        levels(data, "a"),
        WireNumbers.integer("u", u == null || !u.isValueNode() ? null : u.asText()),
        WireNumbers.integer("ts", ts));
  }

  private static List<OrderBook.Level> levels(JsonNode data, String field) {
    JsonNode array = data.get(field);
    if (array == null || !array.isArray()) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing array field \"" + field + "\"");
    }
    List<OrderBook.Level> levels = new ArrayList<>(array.size());
    for (JsonNode level : array) {
      if (!level.isArray() || level.size() < 2) {
        throw new FrameException(
            ErrorKind.MALFORMED_JSON, "a level of \"" + field + "\" is not [price, size]");
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

  /** Sets every level on {@code book}; size zero removes. */
  void applyTo(OrderBook book) {
    for (OrderBook.Level level : bids) {
      book.set(BookSide.BID, level);
    }
    for (OrderBook.Level level : asks) {
      book.set(BookSide.ASK, level);
    }
  }

  /**
   * The record's header; a delta also carries this push's levels, a snapshot gets the book's levels
   * from the caller. Bybit sends no link to the previous push but {@code u} itself.
   */
  BookUpdate.Builder record(String instrument, BookUpdate.Kind kind, long receivedEpochNanos) {
    BookUpdate.Builder update =
        BookUpdate.newBuilder()
            .setInstrument(instrument)
            .setVenue("bybit")
            .setKind(kind)
            .setFirstSequence(updateId)
            .setLastSequence(updateId)
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
