package dev.sextant.streams.kstreams.candle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Micrometer counters of the candle topology. Late trades have their own counter (not the Streams
 * dropped-records metric) so each interval's lateness is visible.
 */
final class CandleMetrics {

  static final String SKIPPED = "sextant.streams.candles.skipped";
  static final String LATE = "sextant.streams.candles.late";
  static final String REPLAYED = "sextant.streams.candles.replayed";
  static final String RETRACTIONS = "sextant.streams.candles.retractions.ignored";

  private final MeterRegistry registry;

  CandleMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void skipped(String reason) {
    Counter.builder(SKIPPED)
        .description("trades that could not be used, by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  void late(Interval interval) {
    Counter.builder(LATE)
        .description("trades later than the grace of their candle, left out of it")
        .tag("interval", interval.label())
        .register(registry)
        .increment();
  }

  void replayed(Interval interval) {
    Counter.builder(REPLAYED)
        .description("trades read again after a crash and already in their series, skipped")
        .tag("interval", interval.label())
        .register(registry)
        .increment();
  }

  void retractionIgnored() {
    Counter.builder(RETRACTIONS)
        .description("DEX trade retractions, counted and not applied to candles")
        .register(registry)
        .increment();
  }
}
