package dev.sextant.ingest.market.binance;

import static dev.sextant.ingest.market.binance.BinanceFields.level;
import static dev.sextant.ingest.market.binance.BinanceFields.millis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FrameException;
import dev.sextant.ingest.market.WireNumbers;
import dev.sextant.ingest.market.WireTime;
import dev.sextant.schemas.v1.BookUpdate;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Decodes a Binance REST depth snapshot body into the snapshot record and its update id. */
final class DepthSnapshotReader {

  private DepthSnapshotReader() {}

  /** Decodes a REST depth body: {@code {"lastUpdateId":..,"E":..,"T":..,"bids":..,"asks":..}}. */
  static DepthSync.Snapshot read(
      JsonFactory json, String body, String instrument, String venue, long nanos) {
    String lastUpdateId = null;
    String eventTime = null;
    String transactTime = null;
    List<String[]> bids = new ArrayList<>();
    List<String[]> asks = new ArrayList<>();
    boolean hasBids = false;
    boolean hasAsks = false;
    try (JsonParser p = json.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new FrameException(ErrorKind.MALFORMED_FRAME, "body is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "lastUpdateId" -> lastUpdateId = scalar(p, value);
          case "E" -> eventTime = scalar(p, value);
          case "T" -> transactTime = scalar(p, value);
          case "bids", "asks" -> {
            if (value != JsonToken.START_ARRAY) {
              throw new FrameException(
                  ErrorKind.MALFORMED_FRAME, "field \"" + name + "\" is not an array");
            }
            boolean bid = name.equals("bids");
            BinanceMessage.readLevels(p, bid ? bids : asks, name);
            hasBids |= bid;
            hasAsks |= !bid;
          }
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new FrameException(ErrorKind.MALFORMED_JSON, "not JSON: " + BinanceMessage.reason(e));
    }
    if (!hasBids || !hasAsks) {
      throw new FrameException(
          ErrorKind.MISSING_FIELD, "missing field \"" + (hasBids ? "asks" : "bids") + "\"");
    }
    long id = WireNumbers.integer("lastUpdateId", lastUpdateId);
    String time = transactTime != null ? transactTime : eventTime;
    BookUpdate.Builder update =
        BookUpdate.newBuilder()
            .setInstrument(instrument)
            .setVenue(venue)
            .setKind(BookUpdate.Kind.KIND_SNAPSHOT)
            .setLastSequence(id)
            // Spot snapshots carry no time: the answer's receive time stands in.
            .setEventTime(
                time == null
                    ? WireTime.ofNanos(nanos)
                    : WireTime.ofMillis(millis(transactTime != null ? "T" : "E", time)))
            .setIngestTime(WireTime.ofNanos(nanos));
    for (String[] level : bids) {
      if (!isZero(level[1])) {
        update.addBids(level(level, "bids"));
      }
    }
    for (String[] level : asks) {
      if (!isZero(level[1])) {
        update.addAsks(level(level, "asks"));
      }
    }
    return new DepthSync.Snapshot(id, update.build());
  }

  /** A scalar's text; null for a nested value, which is skipped (the field then counts missing). */
  private static String scalar(JsonParser p, JsonToken value) throws IOException {
    if (value.isScalarValue()) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  private static boolean isZero(String size) {
    try {
      return new BigDecimal(size).signum() == 0;
    } catch (NumberFormatException e) {
      return false; // the level's own parse reports it
    }
  }
}
