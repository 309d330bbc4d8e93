package dev.sextant.ingest.market.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.FrameException;
import dev.sextant.ingest.market.GapKind;
import dev.sextant.ingest.market.Heartbeat;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.ingest.time.ProtoTime;
import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.v1.BookLevel;
import dev.sextant.schemas.v1.BookUpdate;
import dev.sextant.schemas.v1.Quote;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A tiny protocol of the tests' own, with a labelled connection per instrument kind: {@code
 * {"t":"trade","i":"kraken:BTC-USD","id":"1","p":"100.5","s":"0.25","side":"buy","ts":1700000000000}},
 * {@code quote} ({@code bp bs ap as}), {@code book} ({@code kind snapshot|delta, bids, asks, seq}),
 * {@code gap}, {@code resync} and {@code ack}; every record's venue is the instrument's. Frames on
 * the connection labelled {@code boom} throw, as a decoder bug would.
 */
public final class TickProtocol implements MarketProtocol {

  public static final String NAME = "tick";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String venue() {
    return "kraken";
  }

  @Override
  public URI defaultEndpoint() {
    return URI.create("ws://127.0.0.1:1/tick");
  }

  @Override
  public Heartbeat heartbeat() {
    return new Heartbeat(Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  @Override
  public List<ConnectionPlan> plan(URI endpoint, List<Instrument> instruments) {
    return List.of(new ConnectionPlan("spot", endpoint, instruments));
  }

  @Override
  public ProtocolSession newSession(SessionContext context) {
    MarketOutput output = context.output();
    String label = context.plan().label();
    return new ProtocolSession() {
      @Override
      public List<String> onOpen(long epochNanos) {
        return List.of("{\"op\":\"subscribe\"}");
      }

      @Override
      public void onFrame(String frame, long receivedEpochNanos) {
        if (label.equals("boom")) {
          throw new IllegalStateException("boom");
        }
        JsonNode node;
        try {
          node = JSON.readTree(frame);
        } catch (JsonProcessingException e) {
          output.deadLetter(ErrorKind.MALFORMED_JSON, "not JSON");
          return;
        }
        try {
          decode(node, receivedEpochNanos, output);
        } catch (FrameException e) {
          output.deadLetter(e.kind(), e.getMessage());
        }
      }
    };
  }

  private static void decode(JsonNode node, long received, MarketOutput output) {
    String type = text(node, "t");
    switch (type) {
      case "trade" -> {
        String instrument = text(node, "i");
        output.trade(
            Trade.newBuilder()
                .setInstrument(instrument)
                .setVenue(venueOf(instrument))
                .setTradeId(text(node, "id"))
                .setPrice(Decimals.of(number(node, "p")))
                .setSize(Decimals.of(number(node, "s")))
                .setSide(text(node, "side").equals("buy") ? Side.SIDE_BUY : Side.SIDE_SELL)
                .setEventTime(time(node))
                .setIngestTime(ProtoTime.of(Instant.ofEpochSecond(0, received)))
                .build());
      }
      case "quote" -> {
        String instrument = text(node, "i");
        output.quote(
            Quote.newBuilder()
                .setInstrument(instrument)
                .setVenue(venueOf(instrument))
                .setBidPrice(Decimals.of(number(node, "bp")))
                .setBidSize(Decimals.of(number(node, "bs")))
                .setAskPrice(Decimals.of(number(node, "ap")))
                .setAskSize(Decimals.of(number(node, "as")))
                .setEventTime(time(node))
                .setIngestTime(ProtoTime.of(Instant.ofEpochSecond(0, received)))
                .build());
      }
      case "book" -> {
        String instrument = text(node, "i");
        BookUpdate.Builder book =
            BookUpdate.newBuilder()
                .setInstrument(instrument)
                .setVenue(venueOf(instrument))
                .setKind(
                    text(node, "kind").equals("snapshot")
                        ? BookUpdate.Kind.KIND_SNAPSHOT
                        : BookUpdate.Kind.KIND_DELTA)
                .setFirstSequence(node.path("seq").asLong())
                .setLastSequence(node.path("seq").asLong())
                .setEventTime(time(node))
                .setIngestTime(ProtoTime.of(Instant.ofEpochSecond(0, received)));
        for (JsonNode level : node.path("bids")) {
          book.addBids(level(level));
        }
        for (JsonNode level : node.path("asks")) {
          book.addAsks(level(level));
        }
        output.book(book.build());
      }
      case "gap" -> output.gap(text(node, "i"), GapKind.SEQUENCE, "expected 2, got 4");
      case "resync" -> output.resynced(text(node, "i"));
      case "ack" -> output.ignored("ack");
      default -> throw new FrameException(ErrorKind.UNKNOWN_MESSAGE, "unknown type " + type);
    }
  }

  private static String venueOf(String instrument) {
    return instrument.substring(0, Math.max(0, instrument.indexOf(':')));
  }

  private static BookLevel level(JsonNode level) {
    return BookLevel.newBuilder()
        .setPrice(Decimals.of(decimal(level.path(0).asText())))
        .setSize(Decimals.of(decimal(level.path(1).asText())))
        .build();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing '" + field + "'");
    }
    return value.asText();
  }

  private static BigDecimal number(JsonNode node, String field) {
    return decimal(text(node, field));
  }

  private static BigDecimal decimal(String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new FrameException(ErrorKind.BAD_NUMBER, "not a number: " + text);
    }
  }

  private static com.google.protobuf.Timestamp time(JsonNode node) {
    return ProtoTime.of(Instant.ofEpochMilli(node.path("ts").asLong()));
  }
}
