package dev.sextant.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Keccak256Test {

  private static String keccak(String text) {
    return Keccak256.hashHex(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldHashEmptyInputToKnownVector() {
    assertThat(keccak(""))
        .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  }

  @Test
  void shouldHashShortInputsToKnownVectors() {
    assertThat(keccak("abc"))
        .isEqualTo("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
    assertThat(keccak("The quick brown fox jumps over the lazy dog"))
        .isEqualTo("4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15");
  }

  @Test
  void shouldHashErc20TransferSignatureToItsSelector() {
    assertThat(keccak("transfer(address,uint256)")).startsWith("a9059cbb");
  }

  @Test
  void shouldMatchJdkSha3AcrossBlockBoundariesWhenUsingSha3Padding() throws Exception {
    // SHA3-256 is the same sponge with padding 0x06, so the JDK checks the multi-block path.
    MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
    for (int length = 0; length <= 3 * 136 + 1; length++) {
      byte[] input = new byte[length];
      for (int i = 0; i < length; i++) {
        input[i] = (byte) (i * 31 + 7);
      }
      assertThat(HexFormat.of().formatHex(Keccak256.sponge(input, (byte) 0x06)))
          .as("length %d", length)
          .isEqualTo(HexFormat.of().formatHex(sha3.digest(input)));
    }
  }

  @Test
  void shouldDifferFromSha3ForTheSameInput() throws Exception {
    byte[] sha3 = MessageDigest.getInstance("SHA3-256").digest(new byte[0]);
    assertThat(Keccak256.hash(new byte[0])).hasSize(32).isNotEqualTo(sha3);
  }
}
