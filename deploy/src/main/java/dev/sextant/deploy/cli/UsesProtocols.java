package dev.sextant.deploy.cli;

import dev.sextant.ingest.market.Protocols;

/** A command that speaks market protocols; the launcher hands it the protocols it knows. */
interface UsesProtocols {

  void protocols(Protocols protocols);
}
