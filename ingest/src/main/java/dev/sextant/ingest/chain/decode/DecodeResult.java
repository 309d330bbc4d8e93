package dev.sextant.ingest.chain.decode;

import dev.sextant.schemas.v1.ChainEvent;

/** The outcome of decoding one log: an event, a failure to dead-letter, or a log not ours. */
public sealed interface DecodeResult {

  /** A log of a known signature, decoded. */
  record Decoded(ChainEvent event) implements DecodeResult {}

  /** A log of a known signature that does not decode: dead-letter it. */
  record Failed(DecodeFailure failure) implements DecodeResult {}

  /**
   * A log whose signature the decoder does not handle (not an error: contracts emit many events).
   *
   * @param reason why, e.g. "unknown topic0" or "ERC-721 Transfer (tokenId indexed)"
   */
  record NotOurs(String reason) implements DecodeResult {}
}
