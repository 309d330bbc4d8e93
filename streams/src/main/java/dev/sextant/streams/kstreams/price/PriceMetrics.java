package dev.sextant.streams.kstreams.price;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counters of the consolidated price topology: inputs skipped (by reason) and late inputs. */
public final class PriceMetrics {

  /** Inputs that could not be used, tagged {@code reason} (see {@link Parsed}). */
  public static final String SKIPPED = "sextant.streams.prices.skipped";

  /**
   * Inputs older than what the state holds: a quote older than the venue's last quote, or a trade
   * whose volume bucket has left the window. They leave the price unchanged.
   */
  public static final String LATE = "sextant.streams.prices.late";

  /**
   * Inputs skipped because the asset's book already holds them: at-least-once redelivery after a
   * restart, when the changelog was written past the last committed input offset.
   */
  public static final String REPLAYED = "sextant.streams.prices.replayed";

  private final MeterRegistry registry;

  public PriceMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void skipped(String reason) {
    Counter.builder(SKIPPED).tag("reason", reason).register(registry).increment();
  }

  void replayed() {
    Counter.builder(REPLAYED).register(registry).increment();
  }

  void late() {
    Counter.builder(LATE).register(registry).increment();
  }
}
