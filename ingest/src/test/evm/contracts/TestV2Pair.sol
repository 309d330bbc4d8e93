// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.30;

/// Uniswap-V2-style pair that emits Swap and Sync with the arguments it is given.
contract TestV2Pair {
    address public immutable token0;
    address public immutable token1;

    event Swap(
        address indexed sender,
        uint256 amount0In,
        uint256 amount1In,
        uint256 amount0Out,
        uint256 amount1Out,
        address indexed to
    );
    event Sync(uint112 reserve0, uint112 reserve1);

    constructor(address token0_, address token1_) {
        token0 = token0_;
        token1 = token1_;
    }

    /// Emits Swap then Sync, in that order, as a real pair does in one swap.
    function swap(
        uint256 amount0In,
        uint256 amount1In,
        uint256 amount0Out,
        uint256 amount1Out,
        address to,
        uint112 reserve0,
        uint112 reserve1
    ) external {
        emit Swap(msg.sender, amount0In, amount1In, amount0Out, amount1Out, to);
        emit Sync(reserve0, reserve1);
    }

    function sync(uint112 reserve0, uint112 reserve1) external {
        emit Sync(reserve0, reserve1);
    }
}
