package dev.sextant.ingest.market.coinbase;

import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.FeedControl;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Builds sessions of the Coinbase protocols for tests. */
final class Sessions {

  static final Registry REGISTRY = Registry.loadDefault();

  private Sessions() {}

  static List<Instrument> instruments(String... ids) {
    return Arrays.stream(ids).map(Instrument::parse).toList();
  }

  static ProtocolSession of(
      MarketProtocol protocol, List<Instrument> instruments, MarketOutput out, FeedControl ctl) {
    ConnectionPlan plan = protocol.plan(protocol.defaultEndpoint(), instruments).getFirst();
    return protocol.newSession(new SessionContext(plan, Optional.empty(), REGISTRY, out, ctl));
  }
}
