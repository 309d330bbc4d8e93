package dev.sextant.deploy.bench;

import com.google.protobuf.util.Timestamps;
import dev.sextant.schemas.v1.Decimal;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Trades of {@code instruments} instruments in turn, each price a small random walk: a realistic
 * mix for the streams bench (several candles open at once, every instrument's series advancing).
 * Not thread-safe: one producer thread uses it.
 */
final class BenchTrades {

  private final String[] instruments;
  private final long[] cents;
  private final SplittableRandom random = new SplittableRandom(7);
  private long sequence;

  BenchTrades(int instruments) {
    if (instruments < 1) {
      throw new IllegalArgumentException("instruments must be >= 1, was " + instruments);
    }
    this.instruments = new String[instruments];
    this.cents = new long[instruments];
    for (int i = 0; i < instruments; i++) {
      this.instruments[i] = String.format(Locale.ROOT, "bench:COIN%02d-USD", i);
      this.cents[i] = 1_000 + 500_000L * i;
    }
  }

  /** The next trade, at {@code eventTimeMs}. */
  Trade next(long eventTimeMs) {
    long n = sequence++;
    int k = (int) (n % instruments.length);
    cents[k] = Math.max(1, cents[k] + random.nextLong(-cents[k] / 5_000 - 1, cents[k] / 5_000 + 2));
    String instrument = instruments[k];
    return Trade.newBuilder()
        .setInstrument(instrument)
        .setVenue("bench")
        .setTradeId(Long.toString(n))
        .setPrice(Decimal.newBuilder().setValue(BigDecimal.valueOf(cents[k], 2).toPlainString()))
        .setSize(
            Decimal.newBuilder()
                .setValue(BigDecimal.valueOf(random.nextLong(1, 200_000), 5).toPlainString()))
        .setSide(random.nextBoolean() ? Side.SIDE_BUY : Side.SIDE_SELL)
        .setEventTime(Timestamps.fromMillis(eventTimeMs))
        .setIngestTime(Timestamps.fromMillis(eventTimeMs))
        .build();
  }
}
