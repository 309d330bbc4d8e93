package dev.sextant.schemas.registry;

/**
 * A token's contract on one chain.
 *
 * @param chainId EIP-155 chain id
 * @param address EIP-55 checksummed address
 * @param decimals the token's {@code decimals()}
 */
public record TokenContract(long chainId, String address, int decimals) {}
