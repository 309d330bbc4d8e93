package dev.sextant.ingest.chain.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.utils.Numeric;

/** Anvil's test-only JSON-RPC methods (snapshots, mining, reorgs, balances) over web3j. */
public final class AnvilRpc {

  private final Web3jService service;

  public AnvilRpc(Web3jService service) {
    this.service = service;
  }

  /** Saves the chain state; the answer is the id that {@link #revert} takes. */
  public String snapshot() throws IOException {
    return (String) call("evm_snapshot", List.of());
  }

  /** Restores a snapshot; true when the node knew the id. */
  public boolean revert(String snapshotId) throws IOException {
    return Boolean.TRUE.equals(call("evm_revert", List.of(snapshotId)));
  }

  /** Mines one block now. */
  public void mine() throws IOException {
    call("evm_mine", List.of());
  }

  /** Mines {@code blocks} blocks now. */
  public void mine(int blocks) throws IOException {
    call("anvil_mine", List.of(Numeric.encodeQuantity(BigInteger.valueOf(blocks))));
  }

  /**
   * Replaces the last {@code depth} blocks by as many new, empty blocks: same heights, new hashes.
   */
  public void reorg(int depth) throws IOException {
    call("anvil_reorg", List.of(depth, List.of()));
  }

  /** Sets an account's ether balance, in wei. */
  public void setBalance(String address, BigInteger wei) throws IOException {
    call("anvil_setBalance", List.of(address, Numeric.encodeQuantity(wei)));
  }

  /** Any method; the answer's {@code result} as Jackson maps it (string, boolean, map, list). */
  public Object call(String method, List<?> params) throws IOException {
    Raw response = new Request<>(method, params, service, Raw.class).send();
    if (response.hasError()) {
      throw new IOException(
          method
              + " failed: "
              + response.getError().getCode()
              + " "
              + response.getError().getMessage());
    }
    return response.getResult();
  }

  /** An answer whose result is left untyped. */
  public static final class Raw extends Response<Object> {}
}
