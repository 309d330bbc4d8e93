// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.30;

/// Uniswap-V3-style pool that emits Swap with the arguments it is given.
contract TestV3Pool {
    address public immutable token0;
    address public immutable token1;
    uint24 public immutable fee;

    event Swap(
        address indexed sender,
        address indexed recipient,
        int256 amount0,
        int256 amount1,
        uint160 sqrtPriceX96,
        uint128 liquidity,
        int24 tick
    );

    constructor(address token0_, address token1_, uint24 fee_) {
        token0 = token0_;
        token1 = token1_;
        fee = fee_;
    }

    function swap(
        address recipient,
        int256 amount0,
        int256 amount1,
        uint160 sqrtPriceX96,
        uint128 liquidity,
        int24 tick
    ) external {
        emit Swap(msg.sender, recipient, amount0, amount1, sqrtPriceX96, liquidity, tick);
    }
}
