package dev.sextant.ingest.chain.anvil;

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
 * Deploys and calls contracts compiled by the build with solc-js, through raw transactions signed
 * by one account, each waited on until its receipt. Not thread-safe: one sender per account.
 */
public final class ContractDeployer {

  private static final BigInteger GAS_PRICE = BigInteger.valueOf(2_000_000_000L);
  private static final BigInteger GAS_LIMIT = BigInteger.valueOf(3_000_000L);

  private final Path compiled;
  private final RawTransactionManager transactions;
  private final PollingTransactionReceiptProcessor receipts;

  /**
   * @param compiled the folder of solcjs output ({@code <Name>_sol_<Name>.bin} and {@code .abi})
   */
  public ContractDeployer(Web3j web3j, long chainId, Credentials from, Path compiled) {
    this.compiled = compiled;
    // Polls fast: an auto-mining node answers at once, an interval-mining one within a block.
    this.receipts = new PollingTransactionReceiptProcessor(web3j, 50, 600);
    this.transactions = new RawTransactionManager(web3j, from, chainId, receipts);
  }

  /** Deploys a contract; {@code constructorArgs} is the ABI-encoded hex, "" for none. */
  public TransactionReceipt deploy(String contract, String constructorArgs)
      throws IOException, TransactionException {
    return send(null, bin(compiled, contract) + constructorArgs, BigInteger.ZERO, true);
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

  /** The contract's creation bytecode as solcjs wrote it into {@code compiled}. */
  public static String bin(Path compiled, String contract) {
    return read(compiled, contract, "bin");
  }

  /** The contract's ABI (JSON) as solcjs wrote it into {@code compiled}. */
  public static String abi(Path compiled, String contract) {
    return read(compiled, contract, "abi");
  }

  private static String read(Path compiled, String contract, String kind) {
    Path file = compiled.resolve(contract + "_sol_" + contract + "." + kind);
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "No compiled contract " + file + " (see docs/chain/anvil.md)", e);
    }
  }
}
