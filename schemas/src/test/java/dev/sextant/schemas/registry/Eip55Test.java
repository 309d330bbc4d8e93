package dev.sextant.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Eip55Test {

  /** The test vectors of EIP-55 itself. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"
      })
  void shouldChecksumEipTestVectors(String vector) {
    assertThat(Eip55.checksum(vector.toLowerCase(Locale.ROOT))).isEqualTo(vector);
    assertThat(Eip55.isChecksummed(vector)).isTrue();
  }

  @Test
  void shouldRejectWrongCaseAsNotChecksummed() {
    assertThat(Eip55.isChecksummed("0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed")).isFalse();
    assertThat(Eip55.isChecksummed("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")).isFalse();
  }

  @Test
  void shouldRecognizeAddressShapeOnly() {
    assertThat(Eip55.isAddress("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")).isTrue();
    assertThat(Eip55.isAddress("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")).isFalse();
    assertThat(Eip55.isAddress("0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea")).isFalse();
    assertThat(Eip55.isAddress("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg")).isFalse();
    assertThat(Eip55.isAddress(null)).isFalse();
  }

  @Test
  void shouldRefuseToChecksumNonAddress() {
    assertThatThrownBy(() -> Eip55.checksum("0x1234"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x1234")
        .hasMessageContaining("40 hex digits");
  }
}
