package dev.sextant.deploy.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import dev.sextant.ingest.sink.Batch;
import dev.sextant.ingest.sink.Outgoing;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Block;
import dev.sextant.schemas.v1.ChainCursor;
import dev.sextant.schemas.v1.ChainEvent;
import dev.sextant.schemas.v1.Decimal;
import dev.sextant.schemas.v1.Deposit;
import dev.sextant.schemas.v1.TokenTransfer;
import dev.sextant.schemas.v1.Trade;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code chain tail} prints of the batches a tailer writes. */
class ChainEventPrinterTest {

  private final StringWriter text = new StringWriter();
  private final ChainEventPrinter printer = new ChainEventPrinter(new PrintWriter(text));

  private static Block block(long number, boolean finalized, boolean removed) {
    return Block.newBuilder()
        .setChainId(31_337)
        .setNumber(number)
        .setHash("0x" + "0".repeat(63) + number)
        .setFinalized(finalized)
        .setRemoved(removed)
        .build();
  }

  private static ChainEvent transfer(long block, int logIndex, String amount, boolean removed) {
    return ChainEvent.newBuilder()
        .setChainId(31_337)
        .setContract("0x5fbdb2315678afecb367f032d93f642f64180aa3")
        .setCursor(
            ChainCursor.newBuilder()
                .setBlockNumber(block)
                .setBlockHash("0x" + "0".repeat(63) + block)
                .setLogIndex(logIndex))
        .setTxHash("0x" + "a".repeat(64))
        .setRemoved(removed)
        .setConfirmations(2)
        .setTransfer(
            TokenTransfer.newBuilder()
                .setToken("0x5fbdb2315678afecb367f032d93f642f64180aa3")
                .setFrom("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266")
                .setTo("0x70997970c51812dc3a010c7d01b50e0d17dc79c8")
                .setAmount(Decimal.newBuilder().setValue(amount)))
        .setEventTime(Timestamp.newBuilder().setSeconds(1_700_000_000L))
        .build();
  }

  @Test
  void shouldStartWithoutACursor() {
    assertThat(printer.start()).isEmpty();
  }

  @Test
  void shouldPrintEachChainEventAsOneProto3JsonLineInBatchOrderAndNothingElse() {
    printer.write(
        new Batch(
            List.of(
                new Outgoing<>(Topics.CHAIN_BLOCKS, "31337", block(7, false, false)),
                new Outgoing<>(Topics.CHAIN_EVENTS, "31337:0x5f", transfer(7, 0, "1.5", false)),
                new Outgoing<>(
                    Topics.MARKET_TRADES,
                    "uniswap-v2@31337:WETH-USDC",
                    Trade.newBuilder().setInstrument("uniswap-v2@31337:WETH-USDC").build()),
                new Outgoing<>(Topics.CHAIN_EVENTS, "31337:0x5f", transfer(7, 3, "20", false))),
            "7:0x07"));
    printer.write(
        new Batch(
            List.of(
                new Outgoing<>(Topics.CHAIN_EVENTS, "31337:0x5f", transfer(7, 3, "20", true)),
                new Outgoing<>(Topics.CHAIN_BLOCKS, "31337", block(7, false, true)),
                new Outgoing<>(Topics.CHAIN_BLOCKS, "31337", block(8, false, false)),
                new Outgoing<>(Topics.CHAIN_BLOCKS, "31337", block(5, true, false)),
                new Outgoing<>(
                    Topics.BILLING_DEPOSITS,
                    "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                    Deposit.newBuilder().setAmountMicros(20_000_000).build())),
            "8:0x08"));

    String transfer =
        "{\"chainId\":\"31337\",\"contract\":\"0x5fbdb2315678afecb367f032d93f642f64180aa3\","
            + "\"cursor\":{\"blockNumber\":\"7\",\"blockHash\":\"0x%s7\"%s},"
            + "\"txHash\":\"0x%s\",%s\"confirmations\":\"2\","
            + "\"transfer\":{\"token\":\"0x5fbdb2315678afecb367f032d93f642f64180aa3\","
            + "\"from\":\"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266\","
            + "\"to\":\"0x70997970c51812dc3a010c7d01b50e0d17dc79c8\",\"amount\":{\"value\":\"%s\"}},"
            + "\"eventTime\":\"2023-11-14T22:13:20Z\"}";
    String zeros = "0".repeat(63);
    String tx = "a".repeat(64);
    assertThat(text.toString().lines())
        .containsExactly(
            // proto3 JSON leaves out default values: log index 0, removed false
            transfer.formatted(zeros, "", tx, "", "1.5"),
            transfer.formatted(zeros, ",\"logIndex\":3", tx, "", "20"),
            transfer.formatted(zeros, ",\"logIndex\":3", tx, "\"removed\":true,", "20"));
    assertThat(printer.events()).isEqualTo(3);
    assertThat(printer.blocks()).isEqualTo(2);
    assertThat(printer.lastBlock()).hasValue(8);
    assertThat(printer.summary()).isEqualTo("chain tail: 3 events from 2 blocks (7 to 8)");
  }

  @Test
  void shouldSaySoWhenNoBlockWasRead() {
    assertThat(printer.summary()).isEqualTo("chain tail: no block read, 0 events");
  }

  @Test
  void shouldStopTheTailerWhenTheOutputIsClosed() {
    PrintWriter closed =
        new PrintWriter(
            new OutputStream() {
              @Override
              public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("Broken pipe");
              }
            });
    ChainEventPrinter toClosed = new ChainEventPrinter(closed);
    java.util.concurrent.atomic.AtomicBoolean stopped =
        new java.util.concurrent.atomic.AtomicBoolean();
    toClosed.onOutputClosed(() -> stopped.set(true));

    assertThatThrownBy(
            () ->
                toClosed.write(
                    new Batch(
                        List.of(
                            new Outgoing<>(
                                Topics.CHAIN_EVENTS, "31337:0x5f", transfer(7, 0, "1", false))),
                        "7:0x07")))
        .hasMessageContaining("output closed");
    assertThat(stopped).as("the tailer is told to stop").isTrue();
  }
}
