package dev.sextant.ingest.chain.decode;

import dev.sextant.ingest.deadletter.ErrorKind;

/**
 * Why a log of a known event signature could not be decoded: the record for the dead-letter topic.
 *
 * @param kind the class of failure
 * @param message what was wrong, naming the event and the offending part
 */
public record DecodeFailure(Kind kind, String message) {

  /** A stable class of decoding failure. */
  public enum Kind {
    /** The number of topics does not match the signature's indexed arguments. */
    WRONG_TOPIC_COUNT(ErrorKind.MISSING_FIELD),
    /** The data holds fewer ABI words than the signature's non-indexed arguments. */
    SHORT_DATA(ErrorKind.MISSING_FIELD),
    /** A topic or the data is not {@code 0x}-prefixed hex of whole 32-byte words. */
    BAD_HEX(ErrorKind.BAD_NUMBER),
    /** A word holds a value its ABI type cannot (an address or uint112 with high bits set). */
    OUT_OF_RANGE(ErrorKind.BAD_NUMBER),
    /** The decoder itself failed on the log: a bug, kept out of the way of the good logs. */
    DECODER_ERROR(ErrorKind.ADAPTER_ERROR);

    private final ErrorKind errorKind;

    Kind(ErrorKind errorKind) {
      this.errorKind = errorKind;
    }

    /** The dead-letter error kind this failure is written under. */
    public ErrorKind errorKind() {
      return errorKind;
    }
  }
}
