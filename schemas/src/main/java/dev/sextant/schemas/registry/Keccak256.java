package dev.sextant.schemas.registry;

import java.util.Arrays;

/**
 * Keccak-256 as Ethereum uses it (the original Keccak padding, not NIST SHA3-256), because the JDK
 * ships only SHA3 and EIP-55 checksums need Keccak.
 */
public final class Keccak256 {

  /** Sponge rate in bytes for a 256-bit capacity-512 Keccak. */
  private static final int RATE = 136;

  /** Keccak's domain padding byte; NIST SHA3 uses 0x06 instead, which the tests exploit. */
  static final byte KECCAK_PADDING = 0x01;

  private static final long[] ROUND_CONSTANTS = {
    0x0000000000000001L, 0x0000000000008082L, 0x800000000000808aL, 0x8000000080008000L,
    0x000000000000808bL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
    0x000000000000008aL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000aL,
    0x000000008000808bL, 0x800000000000008bL, 0x8000000000008089L, 0x8000000000008003L,
    0x8000000000008002L, 0x8000000000000080L, 0x000000000000800aL, 0x800000008000000aL,
    0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L
  };
  private static final int[] ROTATIONS = {
    1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44
  };
  private static final int[] PI_LANES = {
    10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1
  };
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Keccak256() {}

  /** The 32-byte Keccak-256 digest of {@code input}. */
  public static byte[] hash(byte[] input) {
    return sponge(input, KECCAK_PADDING);
  }

  /** The digest as 64 lowercase hex digits, without a {@code 0x} prefix. */
  public static String hashHex(byte[] input) {
    byte[] digest = hash(input);
    char[] out = new char[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[digest[i] & 0xF];
    }
    return new String(out);
  }

  /** The sponge with a chosen domain byte, so tests can check it as SHA3-256 against the JDK. */
  static byte[] sponge(byte[] input, byte domainPadding) {
    int length = (input.length / RATE + 1) * RATE;
    byte[] padded = Arrays.copyOf(input, length);
    padded[input.length] ^= domainPadding;
    padded[length - 1] ^= (byte) 0x80;

    long[] state = new long[25];
    for (int block = 0; block < length; block += RATE) {
      for (int lane = 0; lane < RATE / 8; lane++) {
        state[lane] ^= littleEndianLong(padded, block + 8 * lane);
      }
      permute(state);
    }
    byte[] digest = new byte[32];
    for (int i = 0; i < digest.length; i++) {
      digest[i] = (byte) (state[i / 8] >>> (8 * (i % 8)));
    }
    return digest;
  }

  private static long littleEndianLong(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = (value << 8) | (bytes[offset + i] & 0xFFL);
    }
    return value;
  }

  /** Keccak-f[1600]: 24 rounds of theta, rho and pi, chi and iota over the 5x5 lane state. */
  private static void permute(long[] state) {
    long[] column = new long[5];
    for (long roundConstant : ROUND_CONSTANTS) {
      for (int x = 0; x < 5; x++) {
        column[x] = state[x] ^ state[x + 5] ^ state[x + 10] ^ state[x + 15] ^ state[x + 20];
      }
      for (int x = 0; x < 5; x++) {
        long theta = column[(x + 4) % 5] ^ Long.rotateLeft(column[(x + 1) % 5], 1);
        for (int y = 0; y < 25; y += 5) {
          state[y + x] ^= theta;
        }
      }
      long carried = state[1];
      for (int i = 0; i < 24; i++) {
        int lane = PI_LANES[i];
        long next = state[lane];
        state[lane] = Long.rotateLeft(carried, ROTATIONS[i]);
        carried = next;
      }
      for (int y = 0; y < 25; y += 5) {
        System.arraycopy(state, y, column, 0, 5);
        for (int x = 0; x < 5; x++) {
          state[y + x] ^= ~column[(x + 1) % 5] & column[(x + 2) % 5];
        }
      }
      state[0] ^= roundConstant;
    }
  }
}
