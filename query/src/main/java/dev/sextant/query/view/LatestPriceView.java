package dev.sextant.query.view;

import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.v1.Position;
import dev.sextant.schemas.v1.Trade;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest trade price per instrument and per asset, rebuilt from {@code market.trades.v1}; one
 * writer thread applies trades, any number of threads read.
 *
 * <p>An instrument's price is its last trade in Kafka order. Until the consolidated {@code
 * prices.v1} exists, an asset's price is its most recent spot trade (by event time, ties by ingest
 * time) quoted in USD, else USDC, else USDT: stablecoins stay distinct from USD, and the answer
 * names its quote currency. Derivatives are left out of the asset's price because perpetual and
 * dated contracts trade at a basis to spot.
 */
public final class LatestPriceView {

  private static final Logger log = LoggerFactory.getLogger(LatestPriceView.class);

  private final Map<String, LatestPrice> byInstrument = new ConcurrentHashMap<>();
  private final Map<String, AssetPrices> byAsset = new ConcurrentHashMap<>();

  // Writer-only: instrument ids repeat on every trade, so parse each once.
  private final Map<String, Known> instruments = new HashMap<>();
  private final Set<String> malformed = new HashSet<>();

  /**
   * Applies one trade; called by the single writer thread, in Kafka order.
   *
   * @return what changed, or {@code null} when the trade was ignored (malformed instrument id)
   */
  public PriceChange apply(Trade trade, Position position) {
    Known known = parseOnce(trade.getInstrument());
    if (known == null) {
      return null;
    }
    LatestPrice price =
        new LatestPrice(
            known.instrument(),
            known.id(),
            trade.getPrice(),
            trade.getEventTime(),
            trade.getIngestTime(),
            position);
    byInstrument.put(known.id(), price);
    return new PriceChange(price, applyToAsset(price));
  }

  /** The latest price of an instrument, by id ({@code coinbase:BTC-USD}). */
  public Optional<LatestPrice> instrument(String id) {
    return Optional.ofNullable(byInstrument.get(id));
  }

  /** The price of an asset ({@code BTC}): the preferred quote currency that has one. */
  public Optional<LatestPrice> asset(String symbol) {
    AssetPrices prices = byAsset.get(symbol);
    return prices == null ? Optional.empty() : Optional.ofNullable(prices.best());
  }

  /** The price for a parsed key. */
  public Optional<LatestPrice> get(PriceKey key) {
    return switch (key) {
      case PriceKey.AssetKey asset -> asset(asset.symbol());
      case PriceKey.InstrumentKey instrument -> instrument(instrument.instrument().id());
    };
  }

  /** How many instruments have a price. */
  public int instrumentCount() {
    return byInstrument.size();
  }

  private LatestPrice applyToAsset(LatestPrice price) {
    Instrument instrument = price.instrument();
    int rank = AssetPrices.rank(instrument.quote());
    if (rank < 0 || !instrument.suffix().isEmpty()) {
      return null;
    }
    String asset = instrument.base();
    AssetPrices before = byAsset.getOrDefault(asset, AssetPrices.EMPTY);
    LatestPrice current = before.at(rank);
    if (current != null && !price.isNewerOrSameAs(current)) {
      return null; // an older trade arriving late does not move the price back in time
    }
    AssetPrices after = before.with(rank, price);
    byAsset.put(asset, after);
    return after.best() == price ? price : null;
  }

  private Known parseOnce(String id) {
    Known known = instruments.get(id);
    if (known != null) {
      return known;
    }
    try {
      Instrument parsed = Instrument.parse(id);
      // The trade's own string when canonical (always, from our ingest), so equal keys agree.
      String canonical = parsed.id();
      Known added = new Known(parsed, canonical.equals(id) ? id : canonical);
      instruments.put(id, added);
      return added;
    } catch (IllegalArgumentException e) {
      if (malformed.add(id)) {
        log.warn("ignoring trades of a malformed instrument: {}", e.getMessage());
      }
      return null;
    }
  }

  /** A parsed instrument with its canonical id, both kept for every later trade. */
  private record Known(Instrument instrument, String id) {}

  /** An asset's latest spot price per preferred quote currency; immutable, replaced on change. */
  private record AssetPrices(LatestPrice usd, LatestPrice usdc, LatestPrice usdt) {

    static final AssetPrices EMPTY = new AssetPrices(null, null, null);

    /** The preference of a quote currency (0 is best), or -1 when it does not price the asset. */
    static int rank(String quote) {
      return switch (quote) {
        case "USD" -> 0;
        case "USDC" -> 1;
        case "USDT" -> 2;
        default -> -1;
      };
    }

    LatestPrice at(int rank) {
      return switch (rank) {
        case 0 -> usd;
        case 1 -> usdc;
        default -> usdt;
      };
    }

    AssetPrices with(int rank, LatestPrice price) {
      return switch (rank) {
        case 0 -> new AssetPrices(price, usdc, usdt);
        case 1 -> new AssetPrices(usd, price, usdt);
        default -> new AssetPrices(usd, usdc, price);
      };
    }

    LatestPrice best() {
      return usd != null ? usd : usdc != null ? usdc : usdt;
    }
  }
}
