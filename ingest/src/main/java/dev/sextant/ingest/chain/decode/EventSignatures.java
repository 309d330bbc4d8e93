package dev.sextant.ingest.chain.decode;

import java.util.List;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.generated.Int24;
import org.web3j.abi.datatypes.generated.Int256;
import org.web3j.abi.datatypes.generated.Uint112;
import org.web3j.abi.datatypes.generated.Uint128;
import org.web3j.abi.datatypes.generated.Uint160;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * The events the decoder handles, as web3j {@link Event}s, and their topic0 hashes (computed once
 * at class load, so the hot path compares strings only).
 */
public final class EventSignatures {

  /** ERC-20 {@code Transfer(address indexed from, address indexed to, uint256 value)}. */
  public static final Event TRANSFER =
      new Event(
          "Transfer",
          List.of(
              new TypeReference<Address>(true) {},
              new TypeReference<Address>(true) {},
              new TypeReference<Uint256>() {}));

  /** WETH {@code Deposit(address indexed dst, uint256 wad)}. */
  public static final Event WETH_DEPOSIT =
      new Event(
          "Deposit", List.of(new TypeReference<Address>(true) {}, new TypeReference<Uint256>() {}));

  /** WETH {@code Withdrawal(address indexed src, uint256 wad)}. */
  public static final Event WETH_WITHDRAWAL =
      new Event(
          "Withdrawal",
          List.of(new TypeReference<Address>(true) {}, new TypeReference<Uint256>() {}));

  /**
   * Uniswap V2 {@code Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256
   * amount0Out, uint256 amount1Out, address indexed to)}.
   */
  public static final Event V2_SWAP =
      new Event(
          "Swap",
          List.of(
              new TypeReference<Address>(true) {},
              new TypeReference<Uint256>() {},
              new TypeReference<Uint256>() {},
              new TypeReference<Uint256>() {},
              new TypeReference<Uint256>() {},
              new TypeReference<Address>(true) {}));

  /** Uniswap V2 {@code Sync(uint112 reserve0, uint112 reserve1)}. */
  public static final Event V2_SYNC =
      new Event("Sync", List.of(new TypeReference<Uint112>() {}, new TypeReference<Uint112>() {}));

  /**
   * Uniswap V3 {@code Swap(address indexed sender, address indexed recipient, int256 amount0,
   * int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)}.
   */
  public static final Event V3_SWAP =
      new Event(
          "Swap",
          List.of(
              new TypeReference<Address>(true) {},
              new TypeReference<Address>(true) {},
              new TypeReference<Int256>() {},
              new TypeReference<Int256>() {},
              new TypeReference<Uint160>() {},
              new TypeReference<Uint128>() {},
              new TypeReference<Int24>() {}));

  public static final String TRANSFER_TOPIC = EventEncoder.encode(TRANSFER);
  public static final String WETH_DEPOSIT_TOPIC = EventEncoder.encode(WETH_DEPOSIT);
  public static final String WETH_WITHDRAWAL_TOPIC = EventEncoder.encode(WETH_WITHDRAWAL);
  public static final String V2_SWAP_TOPIC = EventEncoder.encode(V2_SWAP);
  public static final String V2_SYNC_TOPIC = EventEncoder.encode(V2_SYNC);
  public static final String V3_SWAP_TOPIC = EventEncoder.encode(V3_SWAP);

  private EventSignatures() {}
}
