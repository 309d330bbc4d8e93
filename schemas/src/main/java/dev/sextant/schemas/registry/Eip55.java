package dev.sextant.schemas.registry;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/** EIP-55 mixed-case checksums for Ethereum addresses. */
public final class Eip55 {

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

  private Eip55() {}

  /** True when {@code text} is {@code 0x} followed by 40 hex digits, in any case. */
  public static boolean isAddress(String text) {
    return text != null && ADDRESS.matcher(text).matches();
  }

  /**
   * The checksummed form of an address: a hex letter is uppercase when the matching nibble of the
   * Keccak-256 of the lowercase hex is 8 or more.
   *
   * @throws IllegalArgumentException when {@code address} is not 0x + 40 hex digits
   */
  public static String checksum(String address) {
    if (!isAddress(address)) {
      throw new IllegalArgumentException(
          "'" + address + "' is not an address: expected 0x followed by 40 hex digits");
    }
    String hex = address.substring(2).toLowerCase(Locale.ROOT);
    byte[] hash = Keccak256.hash(hex.getBytes(StandardCharsets.US_ASCII));
    StringBuilder out = new StringBuilder(42).append("0x");
    for (int i = 0; i < hex.length(); i++) {
      int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF;
      char c = hex.charAt(i);
      out.append(nibble >= 8 ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }

  /** True when {@code address} is an address written exactly in its EIP-55 checksummed form. */
  public static boolean isChecksummed(String address) {
    return isAddress(address) && checksum(address).equals(address);
  }
}
