package dev.sextant.ingest.chain.decode;

/** A stackless decoding failure, thrown inside the decoder and caught at the log boundary. */
final class AbiException extends Exception {

  private static final long serialVersionUID = 1L;

  private final DecodeFailure.Kind kind;

  AbiException(DecodeFailure.Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  DecodeFailure failure() {
    return new DecodeFailure(kind, getMessage());
  }
}
