package dev.sextant.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.Trade;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchBufferTest {

  private static final long MS = 1_000_000L;

  private static BatchBuffer buffer(int maxRecords, long lingerMs) {
    return new BatchBuffer(
        new SinkConfig(
            "s", maxRecords, Duration.ofMillis(lingerMs), Duration.ZERO, Duration.ZERO, Map.of()));
  }

  private static Outgoing<Trade> trade(String id) {
    return new Outgoing<>(
        Topics.MARKET_TRADES, "coinbase:BTC-USD", Trade.newBuilder().setTradeId(id).build());
  }

  @Test
  void shouldNotBeDueWithoutProgress() {
    BatchBuffer buffer = buffer(2, 100);

    assertThat(buffer.isDue(Long.MAX_VALUE)).isFalse();
    assertThat(buffer.nanosUntilDue(0)).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(buffer::drain).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldBeDueWhenFull() {
    BatchBuffer buffer = buffer(2, 100);
    buffer.add(trade("1"));
    buffer.advance("1", 0);
    assertThat(buffer.isDue(0)).isFalse();

    buffer.add(trade("2"));
    buffer.advance("2", 0);

    assertThat(buffer.isFull()).isTrue();
    assertThat(buffer.isDue(0)).isTrue();
    assertThat(buffer.nanosUntilDue(0)).isZero();
  }

  @Test
  void shouldBeDueAfterLingerFromFirstProgress() {
    BatchBuffer buffer = buffer(10, 100);
    buffer.advance("1", 5 * MS);
    buffer.advance("2", 90 * MS);

    assertThat(buffer.isDue(104 * MS)).isFalse();
    assertThat(buffer.nanosUntilDue(60 * MS)).isEqualTo(45 * MS);
    assertThat(buffer.isDue(105 * MS)).isTrue();
  }

  @Test
  void shouldCommitCursorOnlyBatchForIgnoredFrames() {
    BatchBuffer buffer = buffer(10, 0);
    buffer.advance("7", 0);

    assertThat(buffer.isDue(0)).isTrue();
    assertThat(buffer.drain()).isEqualTo(new Batch(java.util.List.of(), "7"));
  }

  @Test
  void shouldDrainRecordsInOrderWithLastPositionAndReset() {
    BatchBuffer buffer = buffer(10, 100);
    buffer.add(trade("1"));
    buffer.advance("3", 0);
    buffer.add(trade("2"));
    buffer.advance("4", 0);

    Batch batch = buffer.drain();

    assertThat(batch.records()).containsExactly(trade("1"), trade("2"));
    assertThat(batch.position()).isEqualTo("4");
    assertThat(buffer.hasProgress()).isFalse();
    assertThat(buffer.size()).isZero();
  }
}
