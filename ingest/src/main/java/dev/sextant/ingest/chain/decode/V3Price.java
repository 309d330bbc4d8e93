package dev.sextant.ingest.chain.decode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/** The price of a Uniswap V3 pool's token0 in token1, from its {@code sqrtPriceX96}. */
public final class V3Price {

  /**
   * Prices keep 34 significant digits (IEEE decimal128), rounded half-even: the exact value has up
   * to 192 fractional digits, far beyond any use, while 34 digits exceed any venue's precision.
   */
  public static final MathContext PRECISION = MathContext.DECIMAL128;

  /** 5^192: dividing by 2^192 is multiplying by 5^192 and shifting 192 decimal places. */
  private static final BigInteger FIVE_POW_192 = BigInteger.valueOf(5).pow(192);

  private V3Price() {}

  /**
   * {@code (sqrtPriceX96 / 2^96)^2 * 10^(decimals0 - decimals1)}: token1 per token0 in whole
   * tokens, to {@link #PRECISION}. The square over 2^192 is a terminating decimal, so the value is
   * exact before the one final rounding.
   */
  public static BigDecimal fromSqrtPriceX96(BigInteger sqrtPriceX96, int decimals0, int decimals1) {
    BigInteger squared = sqrtPriceX96.multiply(sqrtPriceX96);
    BigDecimal exact =
        new BigDecimal(squared.multiply(FIVE_POW_192), 192 - (decimals0 - decimals1));
    BigDecimal rounded = exact.round(PRECISION).stripTrailingZeros();
    return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
  }
}
