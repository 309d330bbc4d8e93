package dev.sextant.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.ingest.market.testkit.InMemorySink;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelinedSinkTest {

  private static Batch batch(String position) {
    return new Batch(List.of(), position);
  }

  @Test
  void shouldCommitEveryBatchInOrderAndBeDoneAfterAwaitCommitted() {
    InMemorySink memory = new InMemorySink();
    try (PipelinedSink sink = new PipelinedSink(memory, "test")) {
      sink.start();
      for (int i = 1; i <= 50; i++) {
        sink.write(batch("line " + i));
      }
      sink.awaitCommitted();
      assertThat(memory.batches()).extracting(Batch::position).hasSize(50).startsWith("line 1");
      assertThat(memory.position()).contains("line 50");
    }
  }

  @Test
  void shouldReportAFailedCommitOnTheNextWriteAndNotCommitThatBatch() {
    InMemorySink memory = new InMemorySink().failOnWrite(2);
    try (PipelinedSink sink = new PipelinedSink(memory, "test")) {
      sink.start();
      sink.write(batch("line 1"));
      sink.write(batch("line 2")); // fails in the background
      assertThatThrownBy(() -> sink.write(batch("line 3"))).isInstanceOf(RuntimeException.class);
      sink.awaitCommitted();
      // The cursor stays at the last batch committed before the failure: a restart resumes there.
      assertThat(memory.position()).contains("line 1");
    }
  }

  @Test
  void shouldCloseTheDelegateOnce() {
    InMemorySink memory = new InMemorySink();
    PipelinedSink sink = new PipelinedSink(memory, "test");
    sink.start();
    sink.write(batch("line 1"));
    sink.close();
    assertThat(memory.position()).contains("line 1");
    assertThat(memory.closes()).isEqualTo(1);
  }

  @Test
  void shouldRefuseToSettleAsItCannotTellWhichBatchFailed() {
    // write(3) throws the failure of batch 2 and never commits 3: "did the failed write's batch go
    // in" has no honest answer, so a caller must restart from the committed cursor instead.
    InMemorySink memory = new InMemorySink().failOnWrite(2);
    try (PipelinedSink sink = new PipelinedSink(memory, "test")) {
      sink.start();
      sink.write(batch("line 1"));
      sink.write(batch("line 2"));
      assertThatThrownBy(() -> sink.write(batch("line 3"))).isInstanceOf(RuntimeException.class);

      assertThatThrownBy(sink::settle).isInstanceOf(UnsupportedOperationException.class);
    }
  }
}
