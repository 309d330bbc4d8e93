package dev.sextant.ingest.chain.decode;

import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.ChainEvent;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;

/**
 * Turns a decoded Uniswap swap of a known pool into a {@link Trade} on the DEX venue.
 *
 * <p>The instrument's quote is the pool token a trader prices in: a stablecoin when exactly one
 * token is one, else WETH when one token is WETH, else token1; the other token is the base. The
 * pool's net flows decide the rest: the trader sold the base (SIDE_SELL) when the pool took in base
 * and paid out quote, and bought it (SIDE_BUY) the other way round; size is the base that moved and
 * price the quote per base. A swap whose flows do not go opposite ways makes no trade.
 */
public final class DexTrades {

  /** Price precision: a ratio of amounts rarely terminates, so it keeps 34 significant digits. */
  public static final MathContext PRECISION = MathContext.DECIMAL128;

  private final Registry registry;
  private final PoolRegistry pools;

  /** Trades of {@code pools}, with stablecoins told apart by {@code registry}. */
  public DexTrades(Registry registry, PoolRegistry pools) {
    this.registry = registry;
    this.pools = pools;
  }

  /**
   * The trade of {@code event}; empty when it is not a swap, its pool is unknown, it is a
   * retraction, or its flows make no trade.
   */
  public Optional<Trade> trade(ChainEvent event) {
    if (event.getRemoved()) {
      return Optional.empty();
    }
    String family;
    BigDecimal net0;
    BigDecimal net1;
    switch (event.getDetailCase()) {
      case V2_SWAP -> {
        var swap = event.getV2Swap();
        family = "uniswap-v2";
        net0 =
            Decimals.toBigDecimal(swap.getAmount0In())
                .subtract(Decimals.toBigDecimal(swap.getAmount0Out()));
        net1 =
            Decimals.toBigDecimal(swap.getAmount1In())
                .subtract(Decimals.toBigDecimal(swap.getAmount1Out()));
      }
      case V3_SWAP -> {
        // V3 amounts are already the pool's net deltas: positive means the pool received.
        family = "uniswap-v3";
        net0 = Decimals.toBigDecimal(event.getV3Swap().getAmount0());
        net1 = Decimals.toBigDecimal(event.getV3Swap().getAmount1());
      }
      default -> {
        return Optional.empty();
      }
    }
    Optional<PoolRegistry.Pool> found = pools.find(event.getContract());
    // Both flows must move, in opposite directions: a zero base flow would divide by zero.
    if (found.isEmpty()
        || net0.signum() == 0
        || net1.signum() == 0
        || net0.signum() == net1.signum()) {
      return Optional.empty();
    }
    PoolRegistry.Pool pool = found.get();
    boolean baseIsToken0 = baseIsToken0(pool);
    BigDecimal netBase = baseIsToken0 ? net0 : net1;
    BigDecimal netQuote = baseIsToken0 ? net1 : net0;
    // The pool took in base: the trader sold base.
    Side side = netBase.signum() > 0 ? Side.SIDE_SELL : Side.SIDE_BUY;
    BigDecimal size = netBase.abs();
    BigDecimal price = plain(netQuote.abs().divide(size, PRECISION));
    String venue = family + "@" + event.getChainId();
    String base = baseIsToken0 ? pool.token0().symbol() : pool.token1().symbol();
    String quote = baseIsToken0 ? pool.token1().symbol() : pool.token0().symbol();
    return Optional.of(
        Trade.newBuilder()
            .setInstrument(Instrument.spot(venue, base, quote).id())
            .setVenue(venue)
            .setTradeId(event.getTxHash() + ":" + event.getCursor().getLogIndex())
            .setPrice(Decimals.of(price))
            .setSize(Decimals.of(plain(size)))
            .setSide(side)
            .setEventTime(event.getEventTime())
            .setIngestTime(event.getIngestTime())
            .build());
  }

  /** {@code value} without trailing zeros, and never in exponent form for whole numbers. */
  private static BigDecimal plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  private boolean baseIsToken0(PoolRegistry.Pool pool) {
    boolean stable0 = registry.isStablecoin(pool.token0().symbol());
    boolean stable1 = registry.isStablecoin(pool.token1().symbol());
    if (stable0 != stable1) {
      return stable1;
    }
    boolean weth0 = pool.token0().symbol().equals("WETH");
    boolean weth1 = pool.token1().symbol().equals("WETH");
    if (weth0 != weth1) {
      return weth1;
    }
    return true;
  }
}
