package dev.sextant.ingest.market;

import dev.sextant.ingest.market.binance.BinanceProtocol;
import dev.sextant.ingest.market.bybit.BybitProtocol;
import dev.sextant.ingest.market.coinbase.CoinbaseAdvancedProtocol;
import dev.sextant.ingest.market.coinbase.CoinbaseExchangeProtocol;
import dev.sextant.ingest.market.kraken.KrakenV1Protocol;
import dev.sextant.ingest.market.kraken.KrakenV2Protocol;
import dev.sextant.ingest.market.okx.OkxProtocol;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The market protocols Sextant speaks, by name. */
public final class Protocols {

  private final Map<String, MarketProtocol> byName = new LinkedHashMap<>();

  public Protocols(List<MarketProtocol> protocols) {
    for (MarketProtocol protocol : protocols) {
      if (byName.putIfAbsent(protocol.name(), protocol) != null) {
        throw new IllegalArgumentException("two protocols named '" + protocol.name() + "'");
      }
    }
  }

  /** Every built-in protocol. */
  public static Protocols builtIn() {
    return new Protocols(
        List.of(
            new CoinbaseAdvancedProtocol(),
            new CoinbaseExchangeProtocol(),
            BinanceProtocol.spot(),
            BinanceProtocol.futures(),
            new KrakenV1Protocol(),
            new KrakenV2Protocol(),
            new OkxProtocol(),
            new BybitProtocol()));
  }

  /** The protocol named {@code name}, if Sextant has one. */
  public Optional<MarketProtocol> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The protocol named {@code name}.
   *
   * @throws IllegalArgumentException naming the known protocols, when there is none such
   */
  public MarketProtocol require(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown protocol '" + name + "': one of " + String.join(", ", names())));
  }

  /** The names, in registration order. */
  public Collection<String> names() {
    return byName.keySet();
  }
}
