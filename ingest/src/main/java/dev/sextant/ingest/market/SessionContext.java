package dev.sextant.ingest.market;

import dev.sextant.schemas.registry.Registry;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ProtocolSession} works with.
 *
 * @param plan the connection it decodes: label, endpoint and instruments (empty: accept all)
 * @param restEndpoint the REST base URI for book snapshots, when the protocol uses one
 * @param registry maps venue symbols to instruments
 * @param output where decoded records, dead letters and gaps go
 * @param control what the session may ask of its connection; {@link FeedControl#NONE} in replay
 */
public record SessionContext(
    ConnectionPlan plan,
    Optional<URI> restEndpoint,
    Registry registry,
    MarketOutput output,
    FeedControl control) {

  public SessionContext {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(restEndpoint, "restEndpoint");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(control, "control");
  }
}
