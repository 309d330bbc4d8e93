package dev.sextant.ingest.market;

import dev.sextant.schemas.registry.Registry;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sessions of one protocol, one per connection label. A live feed creates them from its plans;
 * a replay creates each on the first frame of its label, with no instrument filter, so a capture
 * decodes whatever instruments it holds.
 */
public final class MarketSessions {

  private final MarketProtocol protocol;
  private final Optional<URI> restEndpoint;
  private final Registry registry;
  private final MarketOutput output;
  private final Function<ConnectionPlan, FeedControl> controls;
  private final Map<String, ConnectionPlan> plans = new HashMap<>();
  private final Map<String, ProtocolSession> sessions = new HashMap<>();

  /**
   * @param plans the live plans; empty for a replay
   * @param controls the control of each plan's connection ({@code p -> FeedControl.NONE} in replay)
   */
  public MarketSessions(
      MarketProtocol protocol,
      List<ConnectionPlan> plans,
      Optional<URI> restEndpoint,
      Registry registry,
      MarketOutput output,
      Function<ConnectionPlan, FeedControl> controls) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.restEndpoint = Objects.requireNonNull(restEndpoint, "restEndpoint");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.output = Objects.requireNonNull(output, "output");
    this.controls = Objects.requireNonNull(controls, "controls");
    for (ConnectionPlan plan : plans) {
      if (this.plans.putIfAbsent(plan.label(), plan) != null) {
        throw new IllegalArgumentException(
            protocol.name() + ": two connections labelled '" + plan.label() + "'");
      }
    }
  }

  /** A replay's sessions: every label accepted, no connection to control. */
  public static MarketSessions forReplay(
      MarketProtocol protocol, Registry registry, MarketOutput output) {
    return new MarketSessions(
        protocol,
        List.of(),
        protocol.defaultRestEndpoint(),
        registry,
        output,
        plan -> FeedControl.NONE);
  }

  /** The session of the connection {@code label}, created on first use. */
  public ProtocolSession session(String label) {
    ProtocolSession session = sessions.get(label);
    if (session == null) {
      ConnectionPlan plan =
          plans.computeIfAbsent(
              label, l -> new ConnectionPlan(l, protocol.defaultEndpoint(), List.of()));
      session =
          protocol.newSession(
              new SessionContext(plan, restEndpoint, registry, output, controls.apply(plan)));
      sessions.put(label, session);
    }
    return session;
  }

  /** The protocol these sessions speak. */
  public MarketProtocol protocol() {
    return protocol;
  }
}
