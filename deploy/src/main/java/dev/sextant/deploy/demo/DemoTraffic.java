package dev.sextant.deploy.demo;

import dev.sextant.ingest.chain.anvil.ContractDeployer;
import dev.sextant.ingest.chain.anvil.DevAccounts;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Int24;
import org.web3j.abi.datatypes.generated.Int256;
import org.web3j.abi.datatypes.generated.Uint112;
import org.web3j.abi.datatypes.generated.Uint128;
import org.web3j.abi.datatypes.generated.Uint160;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;

/**
 * The demo chain's scripted traffic, round after round until stopped: a USDC transfer, a swap on
 * the V2 pair, a WETH deposit, a swap on the V3 pool and a USDC payment into the treasury. The
 * pools are priced around a plausible ETH price: the V2 pair by its constant-product reserves, the
 * V3 pool a small step from it; each swap moves the price its way.
 */
final class DemoTraffic implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(DemoTraffic.class);

  /** Where the pools start: the ETH price of the bundled market captures. */
  static final BigDecimal START_PRICE = new BigDecimal("3412.50");

  /** The V2 pair's WETH reserve at start; USDC is the reserve times the price. */
  private static final BigDecimal START_WETH_RESERVE = new BigDecimal("2500");

  private static final BigDecimal V2_FEE = new BigDecimal("0.997");
  private static final BigDecimal V3_FEE = new BigDecimal("1.0005");
  private static final BigInteger V3_LIQUIDITY = new BigInteger("1800000000000000000");
  private static final BigDecimal Q96 = new BigDecimal(BigInteger.TWO.pow(96));
  private static final MathContext MATH = MathContext.DECIMAL128;
  private static final long PAUSE_MILLIS = 400;

  private final DemoChain.Deployed contracts;
  private final ContractDeployer market; // dev account 0: holds the USDC supply, swaps
  private final ContractDeployer agent; // dev account 1: pays the treasury
  private final ContractDeployer wrapper; // dev account 2: wraps ether
  private final String agentAddress;
  private final String traderAddress;
  // Seeded: every demo sends the same sequence of amounts and sides.
  private final Random random = new Random(DemoChain.CHAIN_ID);
  private BigDecimal wethReserve = START_WETH_RESERVE;
  private BigDecimal usdcReserve = START_WETH_RESERVE.multiply(START_PRICE);
  private BigDecimal v3Price = START_PRICE;
  private volatile boolean running = true;

  DemoTraffic(Web3j web3j, long chainId, Path compiled, DemoChain.Deployed contracts) {
    this.contracts = contracts;
    this.market = new ContractDeployer(web3j, chainId, DevAccounts.account(0), compiled);
    this.agent = new ContractDeployer(web3j, chainId, DevAccounts.account(1), compiled);
    this.wrapper = new ContractDeployer(web3j, chainId, DevAccounts.account(2), compiled);
    this.agentAddress = DevAccounts.account(1).getAddress();
    this.traderAddress = DevAccounts.account(3).getAddress();
  }

  void stop() {
    running = false;
  }

  @Override
  public void run() {
    try {
      // The agent's USDC, for the treasury payments below.
      send(
          market,
          contracts.usdc(),
          "transfer",
          new Address(agentAddress),
          usdc(new BigDecimal("100000")));
      while (running) {
        transfer();
        pause();
        v2Swap();
        pause();
        wrap();
        pause();
        v3Swap();
        pause();
        payTreasury();
        pause();
      }
    } catch (InterruptedException e) {
      // stopped
    } catch (Exception e) {
      if (running) {
        log.warn("demo: the chain traffic stopped: {}", e.toString());
      }
    }
  }

  private void pause() throws InterruptedException {
    Thread.sleep(PAUSE_MILLIS);
  }

  private void transfer() throws Exception {
    BigDecimal amount = BigDecimal.valueOf(50 + random.nextInt(4_950));
    send(market, contracts.usdc(), "transfer", new Address(traderAddress), usdc(amount));
  }

  private void payTreasury() throws Exception {
    BigDecimal amount = BigDecimal.valueOf(10 + random.nextInt(90));
    send(agent, contracts.usdc(), "transfer", new Address(DemoChain.TREASURY), usdc(amount));
  }

  private void wrap() throws Exception {
    BigDecimal ether = BigDecimal.valueOf(5 + random.nextInt(145), 2);
    wrapper.send(
        contracts.weth(),
        FunctionEncoder.encode(new Function("deposit", List.of(), List.of())),
        weth(ether));
  }

  /** A trader buys or sells 0.05 to 5 WETH against the constant-product reserves, fee taken. */
  private void v2Swap() throws Exception {
    BigDecimal size = BigDecimal.valueOf(5 + random.nextInt(495), 2);
    boolean buy = random.nextBoolean();
    BigDecimal k = wethReserve.multiply(usdcReserve);
    BigInteger usdcIn = BigInteger.ZERO;
    BigInteger usdcOut = BigInteger.ZERO;
    BigInteger wethIn = BigInteger.ZERO;
    BigInteger wethOut = BigInteger.ZERO;
    if (buy) {
      BigDecimal paid = k.divide(wethReserve.subtract(size), MATH).subtract(usdcReserve);
      BigDecimal in = paid.divide(V2_FEE, MATH).setScale(DemoChain.USDC_DECIMALS, RoundingMode.UP);
      usdcIn = usdc(in).getValue();
      wethOut = weth(size);
      usdcReserve = usdcReserve.add(in);
      wethReserve = wethReserve.subtract(size);
    } else {
      BigDecimal out =
          usdcReserve
              .subtract(k.divide(wethReserve.add(size.multiply(V2_FEE)), MATH))
              .setScale(DemoChain.USDC_DECIMALS, RoundingMode.DOWN);
      wethIn = weth(size);
      usdcOut = usdc(out).getValue();
      usdcReserve = usdcReserve.subtract(out);
      wethReserve = wethReserve.add(size);
    }
    boolean usdc0 = contracts.usdcIsToken0();
    send(
        market,
        contracts.v2Pair(),
        "swap",
        new Uint256(usdc0 ? usdcIn : wethIn),
        new Uint256(usdc0 ? wethIn : usdcIn),
        new Uint256(usdc0 ? usdcOut : wethOut),
        new Uint256(usdc0 ? wethOut : usdcOut),
        new Address(traderAddress),
        new Uint112(usdc0 ? usdc(usdcReserve).getValue() : weth(wethReserve)),
        new Uint112(usdc0 ? weth(wethReserve) : usdc(usdcReserve).getValue()));
  }

  /**
   * A trader buys or sells 0.05 to 3 WETH on the V3 pool near the V2 price; the pool's amounts are
   * its own net flows (positive: received) and its price after the swap is in {@code sqrtPriceX96}.
   */
  private void v3Swap() throws Exception {
    BigDecimal size = BigDecimal.valueOf(5 + random.nextInt(295), 2);
    boolean buy = random.nextBoolean();
    BigDecimal v2Price = usdcReserve.divide(wethReserve, MATH);
    // The V3 pool trails the V2 pair's price, as arbitrage keeps it close.
    v3Price = v3Price.add(v2Price.subtract(v3Price).multiply(new BigDecimal("0.5")));
    BigDecimal quote =
        size.multiply(v3Price).multiply(buy ? V3_FEE : BigDecimal.ONE.divide(V3_FEE, MATH));
    BigInteger usdcFlow =
        usdc(quote.setScale(DemoChain.USDC_DECIMALS, RoundingMode.HALF_EVEN)).getValue();
    BigInteger wethFlow = weth(size);
    // A buy pays USDC into the pool and takes WETH out.
    if (buy) {
      wethFlow = wethFlow.negate();
      v3Price = v3Price.multiply(new BigDecimal("1.0002"));
    } else {
      usdcFlow = usdcFlow.negate();
      v3Price = v3Price.multiply(new BigDecimal("0.9998"));
    }
    boolean usdc0 = contracts.usdcIsToken0();
    BigDecimal raw = rawPriceOfToken0(usdc0);
    send(
        market,
        contracts.v3Pool(),
        "swap",
        new Address(traderAddress),
        new Int256(usdc0 ? usdcFlow : wethFlow),
        new Int256(usdc0 ? wethFlow : usdcFlow),
        new Uint160(raw.sqrt(MATH).multiply(Q96).toBigInteger()),
        new Uint128(V3_LIQUIDITY),
        new Int24(BigInteger.valueOf(tick(raw))));
  }

  /** token0's price in token1, in raw units: what {@code sqrtPriceX96} squares to. */
  private BigDecimal rawPriceOfToken0(boolean usdc0) {
    BigDecimal decimalsShift =
        BigDecimal.TEN.pow(DemoChain.WETH_DECIMALS - DemoChain.USDC_DECIMALS);
    return usdc0
        ? decimalsShift.divide(v3Price, MATH) // WETH raw per USDC raw
        : v3Price.divide(decimalsShift, MATH); // USDC raw per WETH raw
  }

  private static long tick(BigDecimal rawPrice) {
    return (long) Math.floor(Math.log(rawPrice.doubleValue()) / Math.log(1.0001));
  }

  private void send(ContractDeployer from, String contract, String function, Type<?>... args)
      throws Exception {
    from.send(
        contract,
        FunctionEncoder.encode(new Function(function, List.of(args), List.of())),
        BigInteger.ZERO);
  }

  private static Uint256 usdc(BigDecimal amount) {
    return new Uint256(amount.movePointRight(DemoChain.USDC_DECIMALS).toBigIntegerExact());
  }

  private static BigInteger weth(BigDecimal amount) {
    return amount.movePointRight(DemoChain.WETH_DECIMALS).toBigIntegerExact();
  }
}
