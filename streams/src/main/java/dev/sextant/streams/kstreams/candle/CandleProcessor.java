package dev.sextant.streams.kstreams.candle;

import dev.sextant.schemas.v1.IndicatorSnapshot;
import dev.sextant.schemas.v1.Trade;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds trades into event-time candles per instrument and interval, closes a candle once the
 * series' watermark ({@link SeriesClock}) passes its end plus the grace (emitting it {@code final}
 * and advancing the indicator state), and emits live updates of the newest open candle with
 * provisional indicators.
 */
final class CandleProcessor implements Processor<String, Trade, String, IndicatorSnapshot> {

  private final CandleConfig config;
  private final CandleMetrics metrics;
  private final long graceMs;
  private final long idleAfterMs;

  /**
   * Keys with a live update due at the next flush, with the stream time they were last updated at.
   * Only the key is kept: the snapshot is built once per flush from the stored series, not once per
   * trade.
   */
  private final Map<String, Long> pendingLive = new LinkedHashMap<>();

  /**
   * When (wall clock) each key last had a live update sent. A key quiet for a whole emit interval
   * sends its next update at once; only a key updated again within the interval waits for the
   * flush. Most instruments trade less often than the interval, so their updates are not delayed at
   * all, and a hot one is held to one update per interval.
   */
  private final Map<String, Long> lastLiveSent = new HashMap<>();

  private final long liveEmitMs;

  /**
   * Quiet series are closed by a scan of the store at most once per this much stream time: their
   * last candles are final up to this much later than their watermark says.
   */
  static final long SCAN_STEP_MS = 100;

  /**
   * The series as last written to the store, decoded: every trade reads and writes four series, and
   * decoding them from the store's bytes each time was the larger part of a trade's cost. Written
   * through (the store stays the state), dropped on {@link #init} and {@link #close}, and only this
   * processor writes the store, so it never differs from the store. One entry per series.
   */
  private final Map<String, SeriesState> decoded = new HashMap<>();

  private ProcessorContext<String, IndicatorSnapshot> context;
  private KeyValueStore<String, SeriesState> store;

  /**
   * Earliest stream time at which a quiet series' watermark closes one of its candles. Starts at
   * MIN so the first record after a (re)start scans the restored store; in memory only, because the
   * scan rebuilds it. A lower bound: a series that trades again moves its own closing later.
   */
  private long nextScanMs = Long.MIN_VALUE;

  CandleProcessor(CandleConfig config, CandleMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
    this.graceMs = config.grace().toMillis();
    this.idleAfterMs = config.seriesIdleAfter().toMillis();
    this.liveEmitMs = config.liveEmitInterval().toMillis();
  }

  @Override
  public void init(ProcessorContext<String, IndicatorSnapshot> context) {
    // Kafka Streams may reuse this instance after the task was suspended (e.g. a corrupted task
    // after an aborted transaction): the store may have been rolled back, so nothing kept in memory
    // from before may survive. Scanning the store on the first record rebuilds nextScanMs.
    this.nextScanMs = Long.MIN_VALUE;
    this.pendingLive.clear();
    this.lastLiveSent.clear();
    this.decoded.clear();
    this.context = context;
    this.store = context.getStateStore(config.storeName());
    if (config.liveEmitInterval().isPositive()) {
      context.schedule(config.liveEmitInterval(), PunctuationType.WALL_CLOCK_TIME, this::flushLive);
    }
  }

  @Override
  public void close() {
    // Keys marked for a live update may belong to a transaction that is being aborted: drop them.
    pendingLive.clear();
    lastLiveSent.clear();
    decoded.clear();
    nextScanMs = Long.MIN_VALUE;
  }

  private SeriesState read(String key) {
    SeriesState state = decoded.get(key);
    if (state == null) {
      state = store.get(key);
      if (state != null) {
        decoded.put(key, state);
      }
    }
    return state;
  }

  private void write(String key, SeriesState state) {
    store.put(key, state);
    decoded.put(key, state);
  }

  @Override
  public void process(Record<String, Trade> record) {
    long streamTime = context.currentStreamTimeMs();
    if (streamTime >= nextScanMs) {
      closeQuiet(streamTime);
    }
    switch (TradeParser.parse(record.key(), record.value())) {
      case TradeParser.Rejected r -> metrics.skipped(r.reason());
      case TradeParser.Retraction r -> metrics.retractionIgnored();
      case TradeParser.Accepted a when a.tick().eventTimeMs() != record.timestamp() ->
          // TradeTimestampExtractor gave it the partition time: its event time is too far ahead of
          // when it was produced to be trusted.
          metrics.skipped("future_time");
      case TradeParser.Accepted a -> apply(a.tick(), position(), streamTime);
    }
  }

  /** Where the current record was read, or null when Kafka Streams does not say (punctuation). */
  private InputPosition position() {
    return context
        .recordMetadata()
        .map(m -> new InputPosition(m.partition(), m.offset()))
        .orElse(null);
  }

  private void apply(Tick tick, InputPosition position, long streamTime) {
    for (Interval interval : config.intervals()) {
      String key = SnapshotMapper.key(tick.instrument(), interval);
      SeriesState state = read(key);
      if (state == null) {
        state = SeriesState.empty();
      }
      if (position != null && state.applied().covers(position.partition(), position.offset())) {
        // Read again after a crash (the changelog was ahead of the committed offsets): the trade
        // is already in this series.
        metrics.replayed(interval);
        continue;
      }
      // The trade moves its own series' watermark: candles it closes are final before it lands.
      long watermark =
          Math.max(state.clock().watermark(streamTime, idleAfterMs), tick.eventTimeMs());
      int openBefore = state.open().size();
      state = closeThrough(key, interval, state, watermark, streamTime);
      boolean closed = state.open().size() != openBefore;
      state = state.withClock(state.clock().seen(tick.eventTimeMs(), streamTime, watermark));
      if (position != null) {
        state = state.withApplied(position);
      }
      long start = interval.windowStart(tick.eventTimeMs());
      long closeAt = start + interval.sizeMs() + graceMs;
      boolean late = closeAt <= watermark;
      if (late) {
        metrics.late(interval);
      } else {
        Candle current = state.openAt(start);
        state = state.withOpen(current == null ? Candle.first(start, tick) : current.plus(tick));
      }
      write(key, state);
      scheduleScan(state, interval);
      if (!state.open().isEmpty() && (closed || !late)) {
        live(key, tick.instrument(), interval, state, streamTime);
      }
    }
  }

  /**
   * Emits the final records of every open candle of {@code state} whose end plus grace is at or
   * before {@code watermark}, in window order; returns the state without them and with the
   * indicators advanced. Does not store it.
   */
  private SeriesState closeThrough(
      String key, Interval interval, SeriesState state, long watermark, long time) {
    if (state.open().isEmpty()
        || state.open().getFirst().windowStartMs() + interval.sizeMs() + graceMs > watermark) {
      return state;
    }
    String instrument = SnapshotMapper.instrumentOf(key);
    IndicatorState indicators = state.indicators();
    List<Candle> remaining = new ArrayList<>();
    for (Candle c : state.open()) {
      if (c.windowStartMs() + interval.sizeMs() + graceMs <= watermark) {
        IndicatorState.Step step =
            indicators.next(c.close().doubleValue(), config.volatilityWindow());
        indicators = step.state();
        emitFinal(key, instrument, interval, c, step.values(), time);
      } else {
        remaining.add(c);
      }
    }
    return state.withClosed(remaining, indicators);
  }

  /** Moves the next scan earlier if this series' oldest open candle closes by itself sooner. */
  private void scheduleScan(SeriesState state, Interval interval) {
    if (!state.open().isEmpty()) {
      long closeAt = state.open().getFirst().windowStartMs() + interval.sizeMs() + graceMs;
      long due = state.clock().streamTimeReaching(closeAt, idleAfterMs);
      nextScanMs = Math.min(nextScanMs, due == Long.MIN_VALUE ? due : roundUp(due, SCAN_STEP_MS));
    }
  }

  /**
   * Closes the candles of every series whose watermark has reached them without a trade of its own
   * (a quiet series, whose watermark moves with stream time once idle), and finds the next time one
   * will.
   */
  private void closeQuiet(long streamTime) {
    long next = Long.MAX_VALUE;
    List<KeyValue<String, SeriesState>> updates = new ArrayList<>();
    try (KeyValueIterator<String, SeriesState> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, SeriesState> entry = all.next();
        SeriesState state = entry.value;
        if (state.open().isEmpty()) {
          continue;
        }
        Interval interval = SnapshotMapper.intervalOf(entry.key);
        long watermark = state.clock().watermark(streamTime, idleAfterMs);
        SeriesState closed = closeThrough(entry.key, interval, state, watermark, streamTime);
        if (closed.open().size() != state.open().size()) {
          closed = closed.withClock(closed.clock().closedThrough(watermark));
          updates.add(KeyValue.pair(entry.key, closed));
        }
        if (!closed.open().isEmpty()) {
          long closeAt = closed.open().getFirst().windowStartMs() + interval.sizeMs() + graceMs;
          next = Math.min(next, closed.clock().streamTimeReaching(closeAt, idleAfterMs));
        }
      }
    }
    for (KeyValue<String, SeriesState> update : updates) {
      write(update.key, update.value);
      if (!update.value.open().isEmpty()) {
        // The newest candle's provisional indicators now rest on the final ones: refresh it, which
        // also makes it (not the candle just closed) the latest record of the compacted key.
        live(
            update.key,
            SnapshotMapper.instrumentOf(update.key),
            SnapshotMapper.intervalOf(update.key),
            update.value,
            streamTime);
      }
    }
    // Rounded up to the scan step: every quiet series has its own due time, and a partition of many
    // quiet instruments would otherwise scan the whole store on nearly every record. Never at or
    // before now, or a candle already due would rescan on every record.
    nextScanMs =
        next == Long.MAX_VALUE
            ? Long.MAX_VALUE
            : Math.max(roundUp(next, SCAN_STEP_MS), streamTime + 1);
  }

  private static long roundUp(long ms, long step) {
    return Math.floorDiv(ms + step - 1, step) * step;
  }

  private void emitFinal(
      String key, String instrument, Interval interval, Candle c, Indicators v, long time) {
    // A key left pending is flushed from the stored series, which no longer holds this candle: the
    // flush sends the newer open candle, or nothing.
    context.forward(
        new Record<>(key, SnapshotMapper.snapshot(instrument, interval, c, v, true), time));
  }

  /**
   * Emits the newest open candle of a series, or, when conflating and the key already had one
   * within the emit interval, marks it for the next flush.
   */
  private void live(String key, String instrument, Interval interval, SeriesState s, long time) {
    if (liveEmitMs <= 0) {
      context.forward(liveRecord(key, instrument, interval, s, time));
      return;
    }
    long now = context.currentSystemTimeMs();
    Long last = lastLiveSent.get(key);
    if (!pendingLive.containsKey(key) && (last == null || now - last >= liveEmitMs)) {
      context.forward(liveRecord(key, instrument, interval, s, time));
      lastLiveSent.put(key, now);
    } else {
      pendingLive.put(key, time);
    }
  }

  /** The newest open candle with provisional indicators resting on the final ones. */
  private Record<String, IndicatorSnapshot> liveRecord(
      String key, String instrument, Interval interval, SeriesState s, long time) {
    IndicatorState indicators = s.indicators();
    Indicators values = null;
    for (Candle c : s.open()) {
      IndicatorState.Step step =
          indicators.next(c.close().doubleValue(), config.volatilityWindow());
      indicators = step.state();
      values = step.values();
    }
    Candle newest = s.open().getLast();
    return new Record<>(
        key, SnapshotMapper.snapshot(instrument, interval, newest, values, false), time);
  }

  private void flushLive(long now) {
    for (Map.Entry<String, Long> due : pendingLive.entrySet()) {
      String key = due.getKey();
      SeriesState state = read(key);
      if (state == null || state.open().isEmpty()) {
        continue; // closed since: its final record was the last word
      }
      context.forward(
          liveRecord(
              key,
              SnapshotMapper.instrumentOf(key),
              SnapshotMapper.intervalOf(key),
              state,
              due.getValue()));
      lastLiveSent.put(key, now);
    }
    pendingLive.clear();
  }
}
