package dev.sextant.streams.kstreams.candle;

import dev.sextant.schemas.v1.IndicatorSnapshot;
import dev.sextant.schemas.v1.Trade;
import java.util.ArrayList;
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
 * Folds trades into event-time candles per instrument and interval, closes a candle once stream
 * time passes its end plus the grace (emitting it {@code final} and advancing the indicator state),
 * and emits live updates of the newest open candle with provisional indicators.
 */
final class CandleProcessor implements Processor<String, Trade, String, IndicatorSnapshot> {

  private final CandleConfig config;
  private final CandleMetrics metrics;
  private final long graceMs;

  /**
   * Keys with a live update due at the next flush, with the stream time they were last updated at.
   * Only the key is kept: the snapshot is built once per flush from the stored series, not once per
   * trade.
   */
  private final Map<String, Long> pendingLive = new LinkedHashMap<>();

  private ProcessorContext<String, IndicatorSnapshot> context;
  private KeyValueStore<String, SeriesState> store;

  /**
   * Earliest stream time at which some open candle closes. Starts at MIN so the first record after
   * a (re)start scans the restored store; in memory only, because the scan rebuilds it.
   */
  private long nextCloseMs = Long.MIN_VALUE;

  CandleProcessor(CandleConfig config, CandleMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
    this.graceMs = config.grace().toMillis();
  }

  @Override
  public void init(ProcessorContext<String, IndicatorSnapshot> context) {
    // Kafka Streams may reuse this instance after the task was suspended (e.g. a corrupted task
    // after an aborted transaction): the store may have been rolled back, so nothing kept in memory
    // from before may survive. Scanning the store on the first record rebuilds nextCloseMs.
    this.nextCloseMs = Long.MIN_VALUE;
    this.pendingLive.clear();
    this.context = context;
    this.store = context.getStateStore(config.storeName());
    if (config.liveEmitInterval().isPositive()) {
      context.schedule(
          config.liveEmitInterval(), PunctuationType.WALL_CLOCK_TIME, now -> flushLive());
    }
  }

  @Override
  public void close() {
    // Queued live records may belong to a transaction that is being aborted: never flush them.
    pendingLive.clear();
    nextCloseMs = Long.MIN_VALUE;
  }

  @Override
  public void process(Record<String, Trade> record) {
    long streamTime = context.currentStreamTimeMs();
    closeDue(streamTime);
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
      SeriesState state = store.get(key);
      if (state == null) {
        state = SeriesState.empty();
      }
      if (position != null && state.applied().covers(position.partition(), position.offset())) {
        // Read again after a crash (the changelog was ahead of the committed offsets): the trade
        // is already in this series.
        metrics.replayed(interval);
        continue;
      }
      long start = interval.windowStart(tick.eventTimeMs());
      long closeAt = start + interval.sizeMs() + graceMs;
      if (closeAt <= streamTime) {
        metrics.late(interval);
        continue;
      }
      Candle current = state.openAt(start);
      Candle next = current == null ? Candle.first(start, tick) : current.plus(tick);
      state = position == null ? state.withOpen(next) : state.withOpen(next, position);
      store.put(key, state);
      nextCloseMs = Math.min(nextCloseMs, closeAt);
      live(key, tick.instrument(), interval, state, streamTime);
    }
  }

  /** Closes every candle whose end plus grace stream time has reached, in window order per key. */
  private void closeDue(long streamTime) {
    if (streamTime < nextCloseMs) {
      return;
    }
    long next = Long.MAX_VALUE;
    List<KeyValue<String, SeriesState>> updates = new ArrayList<>();
    try (KeyValueIterator<String, SeriesState> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, SeriesState> entry = all.next();
        int slash = entry.key.lastIndexOf('/');
        Interval interval = Interval.ofLabel(entry.key.substring(slash + 1));
        String instrument = entry.key.substring(0, slash);
        IndicatorState indicators = entry.value.indicators();
        List<Candle> remaining = new ArrayList<>();
        for (Candle c : entry.value.open()) {
          long closeAt = c.windowStartMs() + interval.sizeMs() + graceMs;
          if (closeAt <= streamTime) {
            IndicatorState.Step step =
                indicators.next(c.close().doubleValue(), config.volatilityWindow());
            indicators = step.state();
            emitFinal(entry.key, instrument, interval, c, step.values(), streamTime);
          } else {
            remaining.add(c);
            next = Math.min(next, closeAt);
          }
        }
        if (remaining.size() != entry.value.open().size()) {
          updates.add(KeyValue.pair(entry.key, entry.value.withClosed(remaining, indicators)));
        }
      }
    }
    for (KeyValue<String, SeriesState> update : updates) {
      store.put(update.key, update.value);
      if (!update.value.open().isEmpty()) {
        // The newest candle's provisional indicators now rest on the final ones: refresh it, which
        // also makes it (not the candle just closed) the latest record of the compacted key.
        String instrument = update.key.substring(0, update.key.lastIndexOf('/'));
        Interval interval = Interval.ofLabel(update.key.substring(update.key.lastIndexOf('/') + 1));
        live(update.key, instrument, interval, update.value, streamTime);
      }
    }
    nextCloseMs = next;
  }

  private void emitFinal(
      String key, String instrument, Interval interval, Candle c, Indicators v, long time) {
    // A key left pending is flushed from the stored series, which no longer holds this candle: the
    // flush sends the newer open candle, or nothing.
    context.forward(
        new Record<>(key, SnapshotMapper.snapshot(instrument, interval, c, v, true), time));
  }

  /** Emits (or marks for the next flush, when conflating) the newest open candle of a series. */
  private void live(String key, String instrument, Interval interval, SeriesState s, long time) {
    if (config.liveEmitInterval().isPositive()) {
      pendingLive.put(key, time);
    } else {
      context.forward(liveRecord(key, instrument, interval, s, time));
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

  private void flushLive() {
    for (Map.Entry<String, Long> due : pendingLive.entrySet()) {
      String key = due.getKey();
      SeriesState state = store.get(key);
      if (state == null || state.open().isEmpty()) {
        continue; // closed since: its final record was the last word
      }
      int slash = key.lastIndexOf('/');
      context.forward(
          liveRecord(
              key,
              key.substring(0, slash),
              Interval.ofLabel(key.substring(slash + 1)),
              state,
              due.getValue()));
    }
    pendingLive.clear();
  }
}
