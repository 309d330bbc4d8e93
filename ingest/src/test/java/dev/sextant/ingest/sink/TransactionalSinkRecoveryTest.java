package dev.sextant.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.SourceCursor;
import dev.sextant.schemas.v1.Trade;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The sink's control flow when a transaction fails, on Kafka's {@code MockProducer} made to fail as
 * the real producer does: a timed-out commit refuses an abort, and only a new producer settles a
 * transaction whose outcome is unknown.
 */
class TransactionalSinkRecoveryTest {

  /**
   * A producer whose commits time out a given number of times (then succeed), and which refuses an
   * abort after a timed-out commit, as {@code KafkaProducer} does.
   */
  private static class FlakyProducer extends MockProducer<String, byte[]> {
    int commitTimeouts;
    RuntimeException commitFailure;
    RuntimeException abortFailure;
    RuntimeException initFailure;
    int commits;
    int aborts;
    private boolean commitTimedOut;

    FlakyProducer(int commitTimeouts) {
      super(true, null, new StringSerializer(), new ByteArraySerializer());
      this.commitTimeouts = commitTimeouts;
    }

    @Override
    public void commitTransaction() {
      commits++;
      if (commitFailure != null) {
        throw commitFailure;
      }
      if (commitTimeouts > 0) {
        commitTimeouts--;
        commitTimedOut = true;
        throw new TimeoutException("Timeout expired after 60000ms awaiting EndTxn(true)");
      }
      commitTimedOut = false;
      super.commitTransaction();
    }

    @Override
    public void initTransactions() {
      if (initFailure != null) {
        throw initFailure;
      }
      super.initTransactions();
    }

    @Override
    public void abortTransaction() {
      aborts++;
      if (commitTimedOut) {
        throw new KafkaException(
            "TransactionalId t: Invalid transition attempted from state COMMITTING_TRANSACTION"
                + " to state ABORTING_TRANSACTION");
      }
      if (abortFailure != null) {
        throw abortFailure;
      }
      super.abortTransaction();
    }
  }

  private final SinkConfig config =
      new SinkConfig(
          "market-tick", 10, Duration.ofMillis(5), Duration.ofSeconds(1), Duration.ZERO, Map.of());
  private final List<FlakyProducer> producers = new ArrayList<>();
  private final AtomicReference<Optional<SourceCursor>> committed =
      new AtomicReference<>(Optional.empty());
  private final AtomicInteger cursorReads = new AtomicInteger();

  /** The newest producer at a cursor read, and whether it had initialised its transactions. */
  private record Read(FlakyProducer newest, boolean initialised) {}

  private final List<Read> reads = new ArrayList<>();

  private TransactionalSink sink(FlakyProducer... made) {
    List<FlakyProducer> queue = new ArrayList<>(List.of(made));
    TransactionalSink sink =
        new TransactionalSink(
            config,
            () -> {
              FlakyProducer next = queue.removeFirst();
              producers.add(next);
              return next;
            },
            () -> {
              cursorReads.incrementAndGet();
              FlakyProducer newest = producers.getLast();
              reads.add(new Read(newest, newest.transactionInitialized()));
              return committed.get();
            },
            Clock.systemUTC());
    sink.start();
    return sink;
  }

  private static Batch batch(String tradeId, String position) {
    Trade trade = Trade.newBuilder().setInstrument("kraken:BTC-USD").setTradeId(tradeId).build();
    return new Batch(
        List.of(new Outgoing<>(Topics.MARKET_TRADES, trade.getInstrument(), trade)), position);
  }

  private static List<String> topics(List<ProducerRecord<String, byte[]>> records) {
    return records.stream().map(ProducerRecord::topic).toList();
  }

  /** The cursor record that a producer sent in its (open or committed) transaction. */
  private static SourceCursor sentCursor(List<ProducerRecord<String, byte[]>> records)
      throws InvalidProtocolBufferException {
    ProducerRecord<String, byte[]> last = records.getLast();
    assertThat(last.topic()).isEqualTo(Topics.INGEST_CURSORS.name());
    return SourceCursor.parseFrom(last.value());
  }

  @Test
  void shouldStartAgainAfterTheCursorReadFailedWithoutInitialisingTheProducerTwice() {
    FlakyProducer producer = new FlakyProducer(0);
    AtomicInteger reads = new AtomicInteger();
    TransactionalSink sink =
        new TransactionalSink(
            config,
            () -> producer,
            () -> {
              if (reads.incrementAndGet() == 1) {
                throw new TimeoutException("reading ingest.cursors.v1 took over PT1S");
              }
              return Optional.of(
                  SourceCursor.newBuilder()
                      .setSource("market-tick")
                      .setPosition("tick/spot:9")
                      .build());
            },
            Clock.systemUTC());

    assertThatThrownBy(sink::start).isInstanceOf(TimeoutException.class);
    // MockProducer refuses a second initTransactions(), as KafkaProducer does.
    assertThat(sink.start()).contains("tick/spot:9");
    sink.write(batch("1", "tick/spot:10"));

    assertThat(producer.transactionCommitted()).isTrue();
  }

  @Test
  void shouldRetryATimedOutCommitRatherThanAbortIt() {
    FlakyProducer producer = new FlakyProducer(1);
    TransactionalSink sink = sink(producer);

    sink.write(batch("1", "tick/spot:10"));

    assertThat(producer.commits).isEqualTo(2);
    assertThat(producer.aborts).isZero();
    assertThat(topics(producer.history()))
        .containsExactly(Topics.MARKET_TRADES.name(), Topics.INGEST_CURSORS.name());
    assertThat(producers).hasSize(1);
  }

  @Test
  void shouldNotWriteABatchTwiceWhenItsUnsettledCommitWentIn() throws Exception {
    FlakyProducer first = new FlakyProducer(TransactionalSink.COMMIT_ATTEMPTS);
    FlakyProducer second = new FlakyProducer(0);
    TransactionalSink sink = sink(first, second);
    Batch batch = batch("1", "tick/spot:10");

    assertThatThrownBy(() -> sink.write(batch)).isInstanceOf(TimeoutException.class);
    assertThat(first.commits).isEqualTo(TransactionalSink.COMMIT_ATTEMPTS);
    assertThat(first.aborts).isZero();

    // The broker completed the commit after the producer gave up waiting.
    committed.set(Optional.of(sentCursor(first.uncommittedRecords())));
    sink.write(batch);

    assertThat(first.closed()).isTrue();
    assertThat(second.transactionInitialized()).isTrue();
    assertThat(second.history()).isEmpty();
    assertThat(cursorReads).hasValue(2); // at start, and to settle the commit

    sink.write(batch("2", "tick/spot:20"));
    assertThat(topics(second.history()))
        .containsExactly(Topics.MARKET_TRADES.name(), Topics.INGEST_CURSORS.name());
    assertThat(sentCursor(second.history()).getPosition()).isEqualTo("tick/spot:20");
  }

  @Test
  void shouldWriteTheBatchAgainWhenItsUnsettledCommitDidNotGoIn() throws Exception {
    FlakyProducer first = new FlakyProducer(TransactionalSink.COMMIT_ATTEMPTS);
    FlakyProducer second = new FlakyProducer(0);
    committed.set(
        Optional.of(
            SourceCursor.newBuilder().setSource("market-tick").setPosition("tick/spot:5").build()));
    TransactionalSink sink = sink(first, second);
    Batch batch = batch("1", "tick/spot:10");
    assertThatThrownBy(() -> sink.write(batch)).isInstanceOf(TimeoutException.class);

    // The new producer's initTransactions() aborts it: the cursor is still the older one.
    sink.write(batch);

    assertThat(first.closed()).isTrue();
    assertThat(topics(second.history()))
        .containsExactly(Topics.MARKET_TRADES.name(), Topics.INGEST_CURSORS.name());
    assertThat(sentCursor(second.history()).getPosition()).isEqualTo("tick/spot:10");
  }

  @Test
  void shouldReplaceTheProducerBeforeTheNextWriteWhenAnAbortFails() {
    FlakyProducer first = new FlakyProducer(0);
    first.sendException = new KafkaException("send failed");
    first.abortFailure = new TimeoutException("Timeout expired awaiting EndTxn(false)");
    FlakyProducer second = new FlakyProducer(0);
    TransactionalSink sink = sink(first, second);

    assertThatThrownBy(() -> sink.write(batch("1", "tick/spot:10")))
        .isInstanceOf(KafkaException.class)
        .hasMessage("send failed");
    assertThat(first.aborts).isEqualTo(1);

    sink.write(batch("1", "tick/spot:10"));

    assertThat(first.closed()).isTrue();
    assertThat(topics(second.history()))
        .containsExactly(Topics.MARKET_TRADES.name(), Topics.INGEST_CURSORS.name());
    // An abort is not an unknown outcome; the cursor is read only to check it is still ours.
    assertThat(cursorReads).hasValue(2);
  }

  @Test
  void shouldKeepTheProducerWhenAnAbortSucceeds() {
    FlakyProducer producer = new FlakyProducer(0);
    producer.sendException = new KafkaException("send failed");
    TransactionalSink sink = sink(producer);

    assertThatThrownBy(() -> sink.write(batch("1", "tick/spot:10")))
        .isInstanceOf(KafkaException.class);
    producer.sendException = null;
    sink.write(batch("1", "tick/spot:10"));

    assertThat(producer.aborts).isEqualTo(1);
    assertThat(producers).hasSize(1);
    assertThat(topics(producer.history()))
        .containsExactly(Topics.MARKET_TRADES.name(), Topics.INGEST_CURSORS.name());
  }

  @Test
  void shouldNotRetryAnInterruptedCommitButSettleItWithANewProducer() {
    FlakyProducer first =
        new FlakyProducer(0) {
          @Override
          public void commitTransaction() {
            commits++;
            throw new InterruptException("interrupted awaiting EndTxn(true)");
          }
        };
    FlakyProducer second = new FlakyProducer(0);
    TransactionalSink sink = sink(first, second);

    assertThatThrownBy(() -> sink.write(batch("1", "tick/spot:10")))
        .isInstanceOf(InterruptException.class);
    assertThat(Thread.interrupted()).isTrue(); // InterruptException keeps the thread interrupted
    assertThat(first.commits).isEqualTo(1);
    assertThat(first.aborts).isZero();

    sink.write(batch("1", "tick/spot:10"));

    assertThat(first.closed()).isTrue();
    assertThat(cursorReads).hasValue(2);
    assertThat(topics(second.history()))
        .containsExactly(Topics.MARKET_TRADES.name(), Topics.INGEST_CURSORS.name());
  }

  @Test
  void shouldSettleAnUnknownCommitThatWentInWithANewProducerBeforeReadingTheCursor()
      throws Exception {
    FlakyProducer first = new FlakyProducer(TransactionalSink.COMMIT_ATTEMPTS);
    FlakyProducer second = new FlakyProducer(0);
    TransactionalSink sink = sink(first, second);
    assertThatThrownBy(() -> sink.write(batch("1", "tick/spot:10")))
        .isInstanceOf(TimeoutException.class);
    // The broker completes the commit after the producer gave up waiting.
    committed.set(Optional.of(sentCursor(first.uncommittedRecords())));

    assertThat(sink.settle()).isTrue();

    assertThat(first.closed()).isTrue();
    // The old epoch was fenced (by the second producer) before the cursor was read: nothing can
    // complete after the read.
    assertThat(reads).containsExactly(new Read(first, true), new Read(second, true));
    assertThat(second.history()).isEmpty();

    // Settled: the next write neither replaces the producer nor reads the cursor again.
    sink.write(batch("2", "tick/spot:20"));
    assertThat(producers).hasSize(2);
    assertThat(cursorReads).hasValue(2);
    assertThat(sentCursor(second.history()).getPosition()).isEqualTo("tick/spot:20");
  }

  @Test
  void shouldSettleAnUnknownCommitThatDidNotGoIn() throws Exception {
    FlakyProducer first = new FlakyProducer(TransactionalSink.COMMIT_ATTEMPTS);
    FlakyProducer second = new FlakyProducer(0);
    TransactionalSink sink = sink(first, second);
    Batch batch = batch("1", "tick/spot:10");
    assertThatThrownBy(() -> sink.write(batch)).isInstanceOf(TimeoutException.class);

    assertThat(sink.settle()).isFalse();
    sink.write(batch);

    assertThat(first.closed()).isTrue();
    assertThat(cursorReads).hasValue(2);
    assertThat(sentCursor(second.history()).getPosition()).isEqualTo("tick/spot:10");
  }

  @Test
  void shouldSettleAFailedAbortByReplacingTheProducerAndCheckingTheCursorIsStillOurs() {
    FlakyProducer first = new FlakyProducer(0);
    first.sendException = new KafkaException("send failed");
    first.abortFailure = new TimeoutException("Timeout expired awaiting EndTxn(false)");
    FlakyProducer second = new FlakyProducer(0);
    TransactionalSink sink = sink(first, second);
    assertThatThrownBy(() -> sink.write(batch("1", "tick/spot:10")))
        .isInstanceOf(KafkaException.class);

    assertThat(sink.settle()).isFalse();

    assertThat(first.closed()).isTrue();
    assertThat(second.transactionInitialized()).isTrue();
    assertThat(cursorReads).hasValue(2);
    sink.write(batch("1", "tick/spot:10"));
    assertThat(topics(second.history()))
        .containsExactly(Topics.MARKET_TRADES.name(), Topics.INGEST_CURSORS.name());
  }

  @Test
  void shouldHaveNothingToSettleAfterAnAbortedWrite() {
    FlakyProducer producer = new FlakyProducer(0);
    producer.sendException = new KafkaException("send failed");
    TransactionalSink sink = sink(producer);
    assertThatThrownBy(() -> sink.write(batch("1", "tick/spot:10")))
        .isInstanceOf(KafkaException.class);

    assertThat(sink.settle()).isFalse();

    assertThat(producers).hasSize(1);
    assertThat(producer.closed()).isFalse();
    assertThat(cursorReads).hasValue(1);
  }

  @Test
  void shouldStayUnsettledWhenTheNewProducerCannotStartAndSettleOnTheNextCall() throws Exception {
    FlakyProducer first = new FlakyProducer(TransactionalSink.COMMIT_ATTEMPTS);
    FlakyProducer second = new FlakyProducer(0);
    second.initFailure = new TimeoutException("Timeout expired awaiting InitProducerId");
    FlakyProducer third = new FlakyProducer(0);
    TransactionalSink sink = sink(first, second, third);
    assertThatThrownBy(() -> sink.write(batch("1", "tick/spot:10")))
        .isInstanceOf(TimeoutException.class);
    committed.set(Optional.of(sentCursor(first.uncommittedRecords())));

    assertThatThrownBy(sink::settle).isInstanceOf(TimeoutException.class);
    assertThat(cursorReads).hasValue(1);
    assertThat(sink.settle()).isTrue();

    assertThat(second.closed()).isTrue();
    assertThat(third.transactionInitialized()).isTrue();
    assertThat(cursorReads).hasValue(2);
  }

  // ---- fencing

  private static SourceCursor othersCursor(String position) {
    return SourceCursor.newBuilder().setSource("market-tick").setPosition(position).build();
  }

  @Test
  void shouldStopForGoodWhenTheAbortIsFencedRatherThanTakeTheSourceBack() {
    // Another instance took the source over: the commit fails as abortable, the abort as fenced.
    FlakyProducer first = new FlakyProducer(0);
    first.commitFailure = new InvalidProducerEpochException("epoch is stale");
    first.abortFailure = new ProducerFencedException("a newer epoch exists");
    FlakyProducer second = new FlakyProducer(0);
    TransactionalSink sink = sink(first, second);

    assertThatThrownBy(() -> sink.write(batch("1", "tick/spot:10")))
        .satisfies(e -> assertThat(TransactionalSink.isFatal(e)).isTrue());
    assertThatThrownBy(sink::settle)
        .satisfies(e -> assertThat(TransactionalSink.isFatal(e)).isTrue());
    assertThatThrownBy(() -> sink.write(batch("1", "tick/spot:10")))
        .satisfies(e -> assertThat(TransactionalSink.isFatal(e)).isTrue());

    // No new producer: its initTransactions() would have fenced the instance that took over.
    assertThat(producers).containsExactly(first);
    assertThat(second.transactionInitialized()).isFalse();
  }

  @Test
  void shouldThrowAFatalFailureFromEverySettleAndWriteOnceFenced() {
    FlakyProducer producer = new FlakyProducer(0);
    producer.commitFailure = new ProducerFencedException("a newer epoch exists");
    TransactionalSink sink = sink(producer);
    assertThatThrownBy(() -> sink.write(batch("1", "tick/spot:10")))
        .isInstanceOf(ProducerFencedException.class);

    // A caller that retries what is not fatal must stop here, not retry forever.
    assertThatThrownBy(sink::settle)
        .isInstanceOf(TransactionalSink.FencedException.class)
        .hasRootCauseInstanceOf(ProducerFencedException.class)
        .satisfies(e -> assertThat(TransactionalSink.isFatal(e)).isTrue());
    assertThatThrownBy(() -> sink.write(batch("2", "tick/spot:20")))
        .isInstanceOf(TransactionalSink.FencedException.class)
        .satisfies(e -> assertThat(TransactionalSink.isFatal(e)).isTrue());
    assertThat(producer.aborts).isZero();
  }

  @Test
  void shouldStopWhenAnotherWriterCommittedWhileAnUnsettledCommitWasPending() throws Exception {
    FlakyProducer first = new FlakyProducer(TransactionalSink.COMMIT_ATTEMPTS);
    FlakyProducer second = new FlakyProducer(0);
    TransactionalSink sink = sink(first, second);
    assertThatThrownBy(() -> sink.write(batch("1", "tick/spot:10")))
        .isInstanceOf(TimeoutException.class);
    // Meanwhile another instance took the source over and committed.
    committed.set(Optional.of(othersCursor("tick/spot:30")));

    assertThatThrownBy(sink::settle)
        .isInstanceOf(TransactionalSink.FencedException.class)
        .hasMessageContaining("another writer")
        .satisfies(e -> assertThat(TransactionalSink.isFatal(e)).isTrue());
    assertThatThrownBy(() -> sink.write(batch("1", "tick/spot:10")))
        .satisfies(e -> assertThat(TransactionalSink.isFatal(e)).isTrue());
    assertThat(second.history()).isEmpty();
  }

  @Test
  void shouldStopWhenAnotherWriterCommittedWhileTheProducerOfAFailedAbortWasReplaced() {
    FlakyProducer first = new FlakyProducer(0);
    first.sendException = new KafkaException("send failed");
    first.abortFailure = new TimeoutException("Timeout expired awaiting EndTxn(false)");
    FlakyProducer second = new FlakyProducer(0);
    TransactionalSink sink = sink(first, second);
    assertThatThrownBy(() -> sink.write(batch("1", "tick/spot:10")))
        .isInstanceOf(KafkaException.class);
    committed.set(Optional.of(othersCursor("tick/spot:30")));

    assertThatThrownBy(() -> sink.write(batch("1", "tick/spot:10")))
        .satisfies(e -> assertThat(TransactionalSink.isFatal(e)).isTrue());
    assertThat(second.history()).isEmpty();
  }

  @Test
  void shouldKeepWritingWhenTheCursorAfterAReplacementIsTheLastOneItCommitted() throws Exception {
    FlakyProducer first = new FlakyProducer(0);
    FlakyProducer second = new FlakyProducer(0);
    TransactionalSink sink = sink(first, second);
    sink.write(batch("1", "tick/spot:10"));
    committed.set(Optional.of(sentCursor(first.history())));
    first.sendException = new KafkaException("send failed");
    first.abortFailure = new TimeoutException("Timeout expired awaiting EndTxn(false)");
    assertThatThrownBy(() -> sink.write(batch("2", "tick/spot:20")))
        .isInstanceOf(KafkaException.class);

    sink.write(batch("2", "tick/spot:20"));

    assertThat(sentCursor(second.history()).getPosition()).isEqualTo("tick/spot:20");
  }
}
