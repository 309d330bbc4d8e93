package dev.sextant.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.deploy.demo.BundledCapture;
import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.Protocols;
import dev.sextant.ingest.market.parse.CaptureParser;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The prices the demo should answer, from decoding each protocol's bundled capture offline: every
 * protocol's last trade per instrument, and every trade's event time for asset prices.
 */
public final class DemoPrices {

  /** A trade as the query side prices it. */
  public record Last(String instrument, String price, Instant eventTime) {

    /** The start of the {@code query price} answer for {@code key}: the key and the price. */
    public List<String> answer(String key) {
      return List.of(key, price);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  // protocol -> instrument -> its last trade in that protocol's capture
  private final Map<String, Map<String, Last>> lastByProtocol;
  private final Map<String, String> venueByProtocol;
  private final List<Last> trades;

  private DemoPrices(
      Map<String, Map<String, Last>> lastByProtocol,
      Map<String, String> venueByProtocol,
      List<Last> trades) {
    this.lastByProtocol = lastByProtocol;
    this.venueByProtocol = venueByProtocol;
    this.trades = trades;
  }

  /** Decodes the bundled capture of every built-in protocol, extracted into {@code dir}. */
  public static DemoPrices of(Path dir) {
    Protocols protocols = Protocols.builtIn();
    Registry registry = Registry.loadDefault();
    Map<String, Map<String, Last>> last = new TreeMap<>();
    Map<String, String> venues = new TreeMap<>();
    List<Last> trades = new ArrayList<>();
    for (String name : protocols.names()) {
      MarketProtocol protocol = protocols.require(name);
      Path capture =
          BundledCapture.extractTo(dir, name)
              .orElseThrow(() -> new AssertionError("no bundled capture for " + name));
      StringWriter out = new StringWriter();
      try {
        new CaptureParser(protocol, registry).parse(capture, out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Map<String, Last> lastOfProtocol = new LinkedHashMap<>();
      for (String line : out.toString().split("\n")) {
        JsonNode record = read(line);
        if (!record.path("type").asText().equals("trade")) {
          continue;
        }
        Last trade =
            new Last(
                record.get("instrument").asText(),
                record.get("price").get("value").asText(),
                Instant.parse(record.get("eventTime").asText()));
        lastOfProtocol.put(trade.instrument(), trade);
        trades.add(trade);
      }
      if (lastOfProtocol.isEmpty()) {
        throw new AssertionError("the bundled capture of " + name + " has no trade");
      }
      last.put(name, lastOfProtocol);
      venues.put(name, protocol.venue());
    }
    return new DemoPrices(last, venues, List.copyOf(trades));
  }

  /** The last price of {@code instrument} in each capture that trades it. */
  public Set<String> lastPrices(String instrument) {
    Set<String> prices = new TreeSet<>();
    for (Map<String, Last> byInstrument : lastByProtocol.values()) {
      Last last = byInstrument.get(instrument);
      if (last != null) {
        prices.add(last.price());
      }
    }
    return prices;
  }

  /**
   * The most recent spot trade of {@code base} quoted in {@code quote}, by event time across every
   * capture; a tie between different prices fails, as the answer would depend on arrival order.
   */
  public Last latestSpot(String base, String quote) {
    Last latest = null;
    for (Last trade : trades) {
      Instrument instrument = Instrument.parse(trade.instrument());
      if (!instrument.base().equals(base)
          || !instrument.quote().equals(quote)
          || !instrument.suffix().isEmpty()) {
        continue;
      }
      if (latest == null || trade.eventTime().isAfter(latest.eventTime())) {
        latest = trade;
      } else if (trade.eventTime().equals(latest.eventTime())
          && !trade.price().equals(latest.price())) {
        throw new AssertionError("two " + base + "-" + quote + " trades tie: " + latest + trade);
      }
    }
    if (latest == null) {
      throw new AssertionError("no capture trades " + base + "-" + quote);
    }
    return latest;
  }

  /**
   * One traded instrument per venue (its BTC instrument when it has one), so that every venue's
   * capture is seen.
   */
  public List<String> onePerVenue() {
    Map<String, String> chosen = new TreeMap<>();
    lastByProtocol.forEach(
        (protocol, byInstrument) -> {
          String venue = venueByProtocol.get(protocol);
          String pick =
              byInstrument.keySet().stream()
                  .filter(id -> Instrument.parse(id).base().equals("BTC"))
                  .sorted()
                  .findFirst()
                  .orElse(byInstrument.keySet().iterator().next());
          chosen.putIfAbsent(venue, pick);
        });
    return List.copyOf(chosen.values());
  }

  private static JsonNode read(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
