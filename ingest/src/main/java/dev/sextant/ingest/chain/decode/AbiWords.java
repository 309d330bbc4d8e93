package dev.sextant.ingest.chain.decode;

import java.math.BigInteger;

/**
 * Reads ABI-encoded 32-byte words straight from their hex text: event layouts are fixed, so a word
 * is a 64-digit slice and no reflection or byte copying is needed per log.
 */
final class AbiWords {

  private static final int WORD_DIGITS = 64;

  private AbiWords() {}

  /** The number of whole words in {@code data}; fails when it is not {@code 0x} + whole words. */
  static int wordCount(String data) throws AbiException {
    if (!data.startsWith("0x") && !data.startsWith("0X")) {
      throw new AbiException(DecodeFailure.Kind.BAD_HEX, "data does not start with 0x");
    }
    int digits = data.length() - 2;
    if (digits % WORD_DIGITS != 0) {
      throw new AbiException(
          DecodeFailure.Kind.BAD_HEX, "data is " + digits + " hex digits, not whole 32-byte words");
    }
    return digits / WORD_DIGITS;
  }

  /** The unsigned value of word {@code index} of {@code data} (which starts with 0x). */
  static BigInteger dataUint(String data, int index, int bits, String name) throws AbiException {
    return uint(data, 2 + index * WORD_DIGITS, bits, name);
  }

  /** The two's-complement value of word {@code index} of {@code data}, of an intN type. */
  static BigInteger dataInt(String data, int index, int bits, String name) throws AbiException {
    BigInteger raw = uint(data, 2 + index * WORD_DIGITS, 256, name);
    BigInteger value = raw.testBit(255) ? raw.subtract(BigInteger.ONE.shiftLeft(256)) : raw;
    // A valid intN word is the sign extension of an N-bit value.
    if (bits < 256 && value.bitLength() > bits - 1) {
      throw new AbiException(
          DecodeFailure.Kind.OUT_OF_RANGE, name + " does not fit int" + bits + ": " + value);
    }
    return value;
  }

  /** The address held in a topic ({@code 0x} + 64 digits), as {@code 0x} + 40 lowercase digits. */
  static String topicAddress(String topic, String name) throws AbiException {
    checkTopic(topic, name);
    for (int i = 2; i < 26; i++) {
      if (topic.charAt(i) != '0') {
        throw new AbiException(
            DecodeFailure.Kind.OUT_OF_RANGE, name + " has non-zero high bytes for an address");
      }
    }
    return lowerHex(topic, 26, 66, name);
  }

  /** Checks that {@code topic} is {@code 0x} + 64 hex digits. */
  static void checkTopic(String topic, String name) throws AbiException {
    if (topic == null
        || topic.length() != 2 + WORD_DIGITS
        || topic.charAt(0) != '0'
        || (topic.charAt(1) != 'x' && topic.charAt(1) != 'X')) {
      throw new AbiException(DecodeFailure.Kind.BAD_HEX, name + " is not 0x + 64 hex digits");
    }
  }

  /** {@code address} as {@code 0x} + 40 lowercase hex digits. */
  static String address(String address) throws AbiException {
    if (address.length() != 42 || !address.startsWith("0x")) {
      throw new AbiException(DecodeFailure.Kind.BAD_HEX, "address is not 0x + 40 hex digits");
    }
    return lowerHex(address, 2, 42, "address");
  }

  private static String lowerHex(String text, int from, int to, String name) throws AbiException {
    char[] out = new char[2 + to - from];
    out[0] = '0';
    out[1] = 'x';
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'F') {
        c = (char) (c + ('a' - 'A'));
      } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw new AbiException(DecodeFailure.Kind.BAD_HEX, name + " has a non-hex digit");
      }
      out[2 + i - from] = c;
    }
    return new String(out);
  }

  /**
   * The unsigned value of the 64 digits at {@code from}; fails when it needs more than {@code
   * bits}. Words that fit in 60 bits (most token amounts in raw units do not, but reserves, ticks
   * and small amounts do) skip BigInteger's parser.
   */
  private static BigInteger uint(String text, int from, int bits, String name) throws AbiException {
    int end = from + WORD_DIGITS;
    int first = from;
    while (first < end && text.charAt(first) == '0') {
      first++;
    }
    int significant = end - first;
    if (significant * 4 > bits + 3) {
      // A quick bound; the exact bit length is checked below for the boundary digit.
      throw new AbiException(DecodeFailure.Kind.OUT_OF_RANGE, name + " does not fit uint" + bits);
    }
    if (significant <= 15) {
      long value = 0;
      for (int i = first; i < end; i++) {
        value = (value << 4) | digit(text.charAt(i), name);
      }
      return checkBits(BigInteger.valueOf(value), bits, name);
    }
    for (int i = first; i < end; i++) {
      digit(text.charAt(i), name);
    }
    return checkBits(new BigInteger(text.substring(first, end), 16), bits, name);
  }

  private static BigInteger checkBits(BigInteger value, int bits, String name) throws AbiException {
    if (value.bitLength() > bits) {
      throw new AbiException(
          DecodeFailure.Kind.OUT_OF_RANGE, name + " does not fit uint" + bits + ": " + value);
    }
    return value;
  }

  private static int digit(char c, String name) throws AbiException {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    throw new AbiException(DecodeFailure.Kind.BAD_HEX, name + " has a non-hex digit '" + c + "'");
  }
}
