package dev.sextant.streams.kstreams.candle;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary serde of {@link SeriesState} for the store and its changelog: decimals exact (scale and
 * unscaled value), doubles as IEEE bits, a leading version byte so the format can evolve.
 *
 * <p>Every trade writes four series states, so this is on the hot path: the size is computed first
 * and the state written into one exactly sized array, and a decimal whose unscaled value fits in a
 * long (every price and size a venue sends) is written as that long and read back with {@link
 * BigDecimal#valueOf(long, int)}, with no {@link BigInteger} made either way.
 */
final class SeriesStateSerde implements Serde<SeriesState> {

  /**
   * Version 3: input position, series clock, compact decimals. Earlier versions were written only
   * by builds that never ran the application outside tests, and are refused.
   */
  static final byte VERSION = 3;

  private static final byte LONG_DECIMAL = 0;
  private static final byte BIG_DECIMAL = 1;

  @Override
  public Serializer<SeriesState> serializer() {
    return (topic, state) -> state == null ? null : write(state);
  }

  @Override
  public Deserializer<SeriesState> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  static byte[] write(SeriesState state) {
    ByteBuffer out = ByteBuffer.allocate(size(state));
    out.put(VERSION);
    out.putInt(state.applied().partition());
    out.putLong(state.applied().offset());
    out.putLong(state.clock().eventTimeMs());
    out.putLong(state.clock().seenAtMs());
    out.putLong(state.clock().closedThroughMs());
    out.putInt(state.open().size());
    for (Candle c : state.open()) {
      out.putLong(c.windowStartMs());
      decimal(out, c.open());
      out.putLong(c.openTimeMs());
      decimal(out, c.high());
      decimal(out, c.low());
      decimal(out, c.close());
      out.putLong(c.closeTimeMs());
      decimal(out, c.volume());
      decimal(out, c.notional());
      out.putLong(c.tradeCount());
      decimal(out, c.buyVolume());
      decimal(out, c.sellVolume());
    }
    IndicatorState s = state.indicators();
    out.putLong(s.count());
    out.putDouble(s.ema12());
    out.putDouble(s.ema26());
    out.putDouble(s.signal());
    out.putDouble(s.avgGain());
    out.putDouble(s.avgLoss());
    out.putInt(s.closes().length);
    for (double close : s.closes()) {
      out.putDouble(close);
    }
    return out.array();
  }

  private static int size(SeriesState state) {
    int size = 1 + 4 + 8 + 3 * 8 + 4;
    for (Candle c : state.open()) {
      size += 4 * 8;
      size += decimalSize(c.open()) + decimalSize(c.high()) + decimalSize(c.low());
      size += decimalSize(c.close()) + decimalSize(c.volume()) + decimalSize(c.notional());
      size += decimalSize(c.buyVolume()) + decimalSize(c.sellVolume());
    }
    return size + 8 + 5 * 8 + 4 + 8 * state.indicators().closes().length;
  }

  static SeriesState read(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      byte version = in.get();
      if (version != VERSION) {
        throw new SerializationException(
            "series state version "
                + version
                + " is not "
                + VERSION
                + ": a changelog of another build");
      }
      InputPosition applied = new InputPosition(in.getInt(), in.getLong());
      SeriesClock clock = new SeriesClock(in.getLong(), in.getLong(), in.getLong());
      int n = in.getInt();
      List<Candle> open = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        open.add(
            new Candle(
                in.getLong(),
                decimal(in),
                in.getLong(),
                decimal(in),
                decimal(in),
                decimal(in),
                in.getLong(),
                decimal(in),
                decimal(in),
                in.getLong(),
                decimal(in),
                decimal(in)));
      }
      long count = in.getLong();
      double ema12 = in.getDouble();
      double ema26 = in.getDouble();
      double signal = in.getDouble();
      double avgGain = in.getDouble();
      double avgLoss = in.getDouble();
      double[] closes = new double[in.getInt()];
      for (int i = 0; i < closes.length; i++) {
        closes[i] = in.getDouble();
      }
      return new SeriesState(
          open,
          new IndicatorState(count, ema12, ema26, signal, avgGain, avgLoss, closes),
          applied,
          clock);
    } catch (BufferUnderflowException | NegativeArraySizeException e) {
      throw new SerializationException("truncated series state of " + bytes.length + " bytes", e);
    }
  }

  /**
   * At most 18 digits: the unscaled value is below 10^18 < 2^63. Asked of the precision, which a
   * BigDecimal holding a long computes without making a BigInteger.
   */
  private static boolean fitsLong(BigDecimal value) {
    return value.precision() <= 18;
  }

  private static int decimalSize(BigDecimal value) {
    return fitsLong(value) ? 4 + 1 + 8 : 4 + 1 + 2 + value.unscaledValue().toByteArray().length;
  }

  private static void decimal(ByteBuffer out, BigDecimal value) {
    out.putInt(value.scale());
    if (fitsLong(value)) {
      out.put(LONG_DECIMAL);
      out.putLong(value.unscaledValue().longValue());
    } else {
      byte[] bytes = value.unscaledValue().toByteArray();
      out.put(BIG_DECIMAL);
      out.putShort((short) bytes.length);
      out.put(bytes);
    }
  }

  private static BigDecimal decimal(ByteBuffer in) {
    int scale = in.getInt();
    byte kind = in.get();
    if (kind == LONG_DECIMAL) {
      return BigDecimal.valueOf(in.getLong(), scale);
    }
    if (kind != BIG_DECIMAL) {
      throw new SerializationException("unknown decimal kind " + kind + " in a series state");
    }
    byte[] bytes = new byte[in.getShort() & 0xffff];
    in.get(bytes);
    return new BigDecimal(new BigInteger(bytes), scale);
  }
}
