package dev.sextant.ingest.chain.tail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.chain.rpc.BlockHeader;
import dev.sextant.ingest.deadletter.DeadLetters;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.ingest.time.ProtoTime;
import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.ChainCursor;
import dev.sextant.schemas.v1.ChainEvent;
import dev.sextant.schemas.v1.DeadLetter;
import dev.sextant.schemas.v1.Deposit;
import dev.sextant.schemas.v1.RawLog;
import dev.sextant.schemas.v1.TokenTransfer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TreasuryDepositsTest {

  static final Registry REGISTRY = Registry.loadDefault();
  static final Instant NOW = Instant.parse("2024-05-13T10:00:00Z");
  static final String MAINNET_USDC = "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48";
  static final BlockHeader HEADER =
      new BlockHeader(7, FakeChain.sha256("7"), FakeChain.sha256("6"), NOW);

  static TreasuryDeposits deposits(long chainId, Optional<String> treasury) {
    return new TreasuryDeposits(
        chainId,
        treasury,
        REGISTRY,
        List.of(FakeChain.USDC_TOKEN, FakeChain.WETH_TOKEN),
        List.of(),
        new DeadLetters("chain-test"));
  }

  static DecodedBlock block(ChainEvent... events) {
    return new DecodedBlock(
        HEADER,
        Arrays.stream(events)
            .map(e -> new DecodedBlock.PublishedEvent(e, Optional.empty()))
            .toList());
  }

  static ChainEvent transfer(long chainId, String token, String to, String amount, int index) {
    return ChainEvent.newBuilder()
        .setChainId(chainId)
        .setContract(token)
        .setCursor(
            ChainCursor.newBuilder()
                .setBlockNumber(HEADER.number())
                .setBlockHash(HEADER.hash())
                .setLogIndex(index))
        .setTxHash(FakeChain.sha256("tx" + index))
        .setTransfer(
            TokenTransfer.newBuilder()
                .setToken(token)
                .setFrom(FakeChain.AGENT)
                .setTo(to)
                .setAmount(Decimals.of(amount)))
        .setRaw(RawLog.newBuilder().setAddress(token).setData("0x"))
        .setEventTime(ProtoTime.of(HEADER.time()))
        .build();
  }

  @Test
  void shouldCreditStablecoinsToTheTreasuryInMicroUnitsTruncated() {
    List<Outgoing<?>> out =
        deposits(31337, Optional.of(FakeChain.TREASURY))
            .of(
                block(
                    transfer(31337, FakeChain.USDC, FakeChain.TREASURY, "12.3456789", 0),
                    transfer(31337, FakeChain.WETH, FakeChain.TREASURY, "1", 1),
                    transfer(31337, FakeChain.USDC, FakeChain.BOB, "5", 2),
                    transfer(31337, FakeChain.USDC, FakeChain.TREASURY, "0.0000009", 3)),
                NOW);

    assertThat(out).hasSize(1);
    Deposit deposit = (Deposit) out.getFirst().value();
    // Anvil's third dev account in its published EIP-55 form.
    assertThat(out.getFirst().key()).isEqualTo("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    assertThat(deposit.getAgent()).isEqualTo("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    assertThat(deposit.getAmountMicros()).isEqualTo(12_345_678);
    assertThat(deposit.getAsset()).isEqualTo("USDC");
    assertThat(deposit.getTxHash()).isEqualTo(FakeChain.sha256("tx0"));
    assertThat(deposit.getCursor().getLogIndex()).isZero();
    assertThat(ProtoTime.toInstant(deposit.getTime())).isEqualTo(NOW);
  }

  @Test
  void shouldKnowTheRegistryStablecoinsOfTheChain() {
    List<Outgoing<?>> out =
        deposits(1, Optional.of(FakeChain.TREASURY))
            .of(block(transfer(1, MAINNET_USDC, FakeChain.TREASURY, "3", 0)), NOW);

    assertThat(out).hasSize(1);
    assertThat(((Deposit) out.getFirst().value()).getAmountMicros()).isEqualTo(3_000_000);
  }

  @Test
  void shouldDeadLetterAnAmountBeyondInt64MicroUnits() {
    List<Outgoing<?>> out =
        deposits(31337, Optional.of(FakeChain.TREASURY))
            .of(
                block(transfer(31337, FakeChain.USDC, FakeChain.TREASURY, "1" + "0".repeat(20), 4)),
                NOW);

    assertThat(out).hasSize(1);
    DeadLetter letter = (DeadLetter) out.getFirst().value();
    assertThat(letter.getErrorKind()).isEqualTo("bad_number");
    assertThat(letter.getLocation()).contains("block 7", "log 4");
  }

  @Test
  void shouldMakeNoDepositWithoutATreasury() {
    assertThat(
            deposits(31337, Optional.empty())
                .of(block(transfer(31337, FakeChain.USDC, FakeChain.TREASURY, "3", 0)), NOW))
        .isEmpty();
  }
}
