package dev.sextant.ingest.chain.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Deploys and calls the test contracts (compiled by the build with solc-js) through raw
 * transactions signed by an Anvil dev account.
 */
public final class TestContracts {

  /** Anvil's first dev account: well known, funded with 10,000 ether on every fresh node. */
  public static final Credentials DEV_ACCOUNT =
      Credentials.create("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

  /** Anvil's second dev account. */
  public static final Credentials DEV_ACCOUNT_2 =
      Credentials.create("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

  private static final BigInteger GAS_PRICE = BigInteger.valueOf(2_000_000_000L);
  private static final BigInteger GAS_LIMIT = BigInteger.valueOf(3_000_000L);

  private final RawTransactionManager transactions;
  private final PollingTransactionReceiptProcessor receipts;

  public TestContracts(Web3j web3j, long chainId, Credentials from) {
    // Polls fast: an auto-mining node answers at once, an interval-mining one within a block.
    this.receipts = new PollingTransactionReceiptProcessor(web3j, 50, 600);
    this.transactions = new RawTransactionManager(web3j, from, chainId, receipts);
  }

  /** Deploys a contract; {@code constructorArgs} is the ABI-encoded hex, "" for none. */
  public TransactionReceipt deploy(String contract, String constructorArgs)
      throws IOException, TransactionException {
    return send(null, bin(contract) + constructorArgs, BigInteger.ZERO, true);
  }

  /** Sends a transaction with ABI-encoded {@code data} and waits for its receipt. */
  public TransactionReceipt send(String to, String data, BigInteger value)
      throws IOException, TransactionException {
    return send(to, data, value, false);
  }

  private TransactionReceipt send(String to, String data, BigInteger value, boolean constructor)
      throws IOException, TransactionException {
    EthSendTransaction sent =
        transactions.sendTransaction(GAS_PRICE, GAS_LIMIT, to, data, value, constructor);
    if (sent.hasError()) {
      throw new IOException("Transaction rejected: " + sent.getError().getMessage());
    }
    TransactionReceipt receipt = receipts.waitForTransactionReceipt(sent.getTransactionHash());
    if (!receipt.isStatusOK()) {
      throw new TransactionException("Transaction reverted: " + receipt);
    }
    return receipt;
  }

  /** The contract's creation bytecode as solcjs wrote it. */
  public static String bin(String contract) {
    return read(contract, "bin");
  }

  /** The contract's ABI (JSON) as solcjs wrote it. */
  public static String abi(String contract) {
    return read(contract, "abi");
  }

  private static String read(String contract, String kind) {
    Path file =
        AnvilNode.evmDir().resolve("out").resolve(contract + "_sol_" + contract + "." + kind);
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "No compiled contract " + file + " (see docs/chain/anvil.md)", e);
    }
  }
}
