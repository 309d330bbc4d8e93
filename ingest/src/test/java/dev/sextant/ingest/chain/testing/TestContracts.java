package dev.sextant.ingest.chain.testing;

import dev.sextant.ingest.chain.anvil.ContractDeployer;
import dev.sextant.ingest.chain.anvil.DevAccounts;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;

/**
 * Deploys and calls the test contracts (compiled by the build with solc-js) through raw
 * transactions signed by an Anvil dev account: a {@link ContractDeployer} on the build's output.
 */
public final class TestContracts {

  /** Anvil's first dev account: well known, funded with 10,000 ether on every fresh node. */
  public static final Credentials DEV_ACCOUNT = DevAccounts.account(0);

  /** Anvil's second dev account. */
  public static final Credentials DEV_ACCOUNT_2 = DevAccounts.account(1);

  private final ContractDeployer deployer;

  public TestContracts(Web3j web3j, long chainId, Credentials from) {
    this.deployer = new ContractDeployer(web3j, chainId, from, compiled());
  }

  /** Deploys a contract; {@code constructorArgs} is the ABI-encoded hex, "" for none. */
  public TransactionReceipt deploy(String contract, String constructorArgs)
      throws IOException, TransactionException {
    return deployer.deploy(contract, constructorArgs);
  }

  /** Sends a transaction with ABI-encoded {@code data} and waits for its receipt. */
  public TransactionReceipt send(String to, String data, BigInteger value)
      throws IOException, TransactionException {
    return deployer.send(to, data, value);
  }

  /** The contract's creation bytecode as solcjs wrote it. */
  public static String bin(String contract) {
    return ContractDeployer.bin(compiled(), contract);
  }

  /** The contract's ABI (JSON) as solcjs wrote it. */
  public static String abi(String contract) {
    return ContractDeployer.abi(compiled(), contract);
  }

  private static Path compiled() {
    return AnvilNode.evmDir().resolve("out");
  }
}
