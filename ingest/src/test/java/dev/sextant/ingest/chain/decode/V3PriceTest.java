package dev.sextant.ingest.chain.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class V3PriceTest {

  static final BigInteger Q96 = BigInteger.ONE.shiftLeft(96);

  @Test
  void shouldPriceOneAtQ96WithEqualDecimals() {
    assertThat(V3Price.fromSqrtPriceX96(Q96, 18, 18).toPlainString()).isEqualTo("1");
  }

  @Test
  void shouldShiftByDecimalDifference() {
    assertThat(V3Price.fromSqrtPriceX96(Q96, 6, 18).toPlainString()).isEqualTo("0.000000000001");
    assertThat(V3Price.fromSqrtPriceX96(Q96, 18, 6).toPlainString()).isEqualTo("1000000000000");
  }

  @Test
  void shouldKeepExactQuarterWhenSqrtIsHalf() {
    assertThat(V3Price.fromSqrtPriceX96(Q96.shiftRight(1), 8, 8).toPlainString()).isEqualTo("0.25");
  }

  @Test
  void shouldRoundTo34SignificantDigits() {
    // (1 + 2^-96)^2 = 1 + 2^-95 + 2^-192, and 2^-95 = 2.52435489670723777...e-29.
    assertThat(V3Price.fromSqrtPriceX96(Q96.add(BigInteger.ONE), 18, 18).toPlainString())
        .isEqualTo("1.000000000000000000000000000025244");
  }
}
