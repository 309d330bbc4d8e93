package dev.sextant.ingest.chain.tail;

import dev.sextant.ingest.chain.decode.PoolRegistry;
import dev.sextant.ingest.deadletter.DeadLetters;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.registry.Asset;
import dev.sextant.schemas.registry.Eip55;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.registry.TokenContract;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.ChainEvent;
import dev.sextant.schemas.v1.Deposit;
import dev.sextant.schemas.v1.TokenTransfer;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The treasury deposits of a final block: its stablecoin transfers to the treasury address. Called
 * only for final blocks, so a deposit is never retracted.
 */
final class TreasuryDeposits {

  private final long chainId;
  private final Optional<String> treasury;
  // Stablecoin contract (lowercase) to its asset symbol.
  private final Map<String, String> stablecoins = new HashMap<>();
  private final DeadLetters deadLetters;

  /**
   * Deposits to {@code treasury} (lowercase; none when empty) of the stablecoins among the
   * registry's contracts on {@code chainId}, {@code tokens} and the tokens of {@code pools}.
   */
  TreasuryDeposits(
      long chainId,
      Optional<String> treasury,
      Registry registry,
      List<PoolRegistry.Token> tokens,
      List<PoolRegistry.Pool> pools,
      DeadLetters deadLetters) {
    this.chainId = chainId;
    this.treasury = treasury;
    this.deadLetters = deadLetters;
    for (Asset asset : registry.assets()) {
      if (asset.kind() == Asset.Kind.STABLECOIN) {
        for (TokenContract contract : asset.contracts()) {
          if (contract.chainId() == chainId) {
            stablecoins.put(contract.address().toLowerCase(Locale.ROOT), asset.symbol());
          }
        }
      }
    }
    List<PoolRegistry.Token> all = new ArrayList<>(tokens);
    for (PoolRegistry.Pool pool : pools) {
      all.add(pool.token0());
      all.add(pool.token1());
    }
    for (PoolRegistry.Token token : all) {
      if (registry.isStablecoin(token.symbol())) {
        stablecoins.putIfAbsent(token.address().toLowerCase(Locale.ROOT), token.symbol());
      }
    }
  }

  /**
   * The deposit records of {@code block}, in log order; a transfer whose amount does not fit the
   * deposit's micro-units becomes a dead letter instead.
   */
  List<Outgoing<?>> of(DecodedBlock block, Instant ingestTime) {
    if (treasury.isEmpty()) {
      return List.of();
    }
    List<Outgoing<?>> out = new ArrayList<>();
    for (DecodedBlock.PublishedEvent published : block.events()) {
      ChainEvent event = published.event();
      if (!event.hasTransfer()) {
        continue;
      }
      TokenTransfer transfer = event.getTransfer();
      String asset = stablecoins.get(transfer.getToken());
      if (asset == null || !transfer.getTo().equals(treasury.get())) {
        continue;
      }
      long micros;
      try {
        // Credit is never rounded up: a fraction of a micro-unit is not credited.
        micros =
            Decimals.toBigDecimal(transfer.getAmount())
                .movePointRight(6)
                .setScale(0, RoundingMode.DOWN)
                .longValueExact();
      } catch (ArithmeticException e) {
        out.add(
            deadLetters.record(
                LogJson.of(event),
                ErrorKind.BAD_NUMBER,
                "deposit of "
                    + transfer.getAmount().getValue()
                    + " "
                    + asset
                    + " does not fit in int64 micro-units",
                "chain "
                    + chainId
                    + " block "
                    + event.getCursor().getBlockNumber()
                    + " log "
                    + event.getCursor().getLogIndex(),
                ingestTime));
        continue;
      }
      if (micros <= 0) {
        continue; // less than one micro-unit buys nothing
      }
      String agent = Eip55.checksum(transfer.getFrom());
      Deposit deposit =
          Deposit.newBuilder()
              .setAgent(agent)
              .setChainId(chainId)
              .setAsset(asset)
              .setAmountMicros(micros)
              .setTxHash(event.getTxHash())
              .setCursor(event.getCursor())
              .setTime(event.getEventTime())
              .build();
      out.add(new Outgoing<>(Topics.BILLING_DEPOSITS, agent, deposit));
    }
    return out;
  }
}
