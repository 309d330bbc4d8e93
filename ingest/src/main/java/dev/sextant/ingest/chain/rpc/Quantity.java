package dev.sextant.ingest.chain.rpc;

/** JSON-RPC quantities ({@code 0x1a}) as longs, without a BigInteger per field. */
final class Quantity {

  private Quantity() {}

  /**
   * The value of a quantity.
   *
   * @throws NumberFormatException when it is not {@code 0x} and 1 to 16 hex digits
   */
  static long parse(String quantity) {
    if (quantity == null
        || quantity.length() < 3
        || quantity.length() > 18
        || quantity.charAt(0) != '0'
        || (quantity.charAt(1) != 'x' && quantity.charAt(1) != 'X')) {
      throw new NumberFormatException("not a JSON-RPC quantity: " + quantity);
    }
    return Long.parseUnsignedLong(quantity, 2, quantity.length(), 16);
  }

  static String encode(long value) {
    return "0x" + Long.toHexString(value);
  }
}
