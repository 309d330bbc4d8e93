package dev.sextant.streams.kstreams.candle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary serde of {@link SeriesState} for the store and its changelog: decimals as scale and
 * unscaled bytes (exact), doubles as IEEE bits. A leading version byte lets the format evolve.
 */
final class SeriesStateSerde implements Serde<SeriesState> {

  /**
   * Version 3 adds the series clock; version 2 (clock derived from the open candles) and version 1
   * (also no input position: NONE) are still read.
   */
  static final byte VERSION = 3;

  static final byte VERSION_WITHOUT_CLOCK = 2;

  static final byte VERSION_WITHOUT_POSITION = 1;

  @Override
  public Serializer<SeriesState> serializer() {
    return (topic, state) -> state == null ? null : write(state);
  }

  @Override
  public Deserializer<SeriesState> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  static byte[] write(SeriesState state) {
    try {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
      DataOutputStream out = new DataOutputStream(buffer);
      out.writeByte(VERSION);
      out.writeInt(state.applied().partition());
      out.writeLong(state.applied().offset());
      out.writeLong(state.clock().eventTimeMs());
      out.writeLong(state.clock().seenAtMs());
      out.writeLong(state.clock().closedThroughMs());
      out.writeInt(state.open().size());
      for (Candle c : state.open()) {
        out.writeLong(c.windowStartMs());
        decimal(out, c.open());
        out.writeLong(c.openTimeMs());
        decimal(out, c.high());
        decimal(out, c.low());
        decimal(out, c.close());
        out.writeLong(c.closeTimeMs());
        decimal(out, c.volume());
        decimal(out, c.notional());
        out.writeLong(c.tradeCount());
        decimal(out, c.buyVolume());
        decimal(out, c.sellVolume());
      }
      IndicatorState s = state.indicators();
      out.writeLong(s.count());
      out.writeDouble(s.ema12());
      out.writeDouble(s.ema26());
      out.writeDouble(s.signal());
      out.writeDouble(s.avgGain());
      out.writeDouble(s.avgLoss());
      out.writeInt(s.closes().length);
      for (double close : s.closes()) {
        out.writeDouble(close);
      }
      out.flush();
      return buffer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SeriesState read(byte[] bytes) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      byte version = in.readByte();
      InputPosition applied;
      SeriesClock clock = null;
      if (version == VERSION) {
        applied = new InputPosition(in.readInt(), in.readLong());
        clock = new SeriesClock(in.readLong(), in.readLong(), in.readLong());
      } else if (version == VERSION_WITHOUT_CLOCK) {
        applied = new InputPosition(in.readInt(), in.readLong());
      } else if (version == VERSION_WITHOUT_POSITION) {
        applied = InputPosition.NONE;
      } else {
        throw new IllegalStateException("unknown series state version " + version);
      }
      int n = in.readInt();
      List<Candle> open = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        open.add(
            new Candle(
                in.readLong(),
                decimal(in),
                in.readLong(),
                decimal(in),
                decimal(in),
                decimal(in),
                in.readLong(),
                decimal(in),
                decimal(in),
                in.readLong(),
                decimal(in),
                decimal(in)));
      }
      long count = in.readLong();
      double ema12 = in.readDouble();
      double ema26 = in.readDouble();
      double signal = in.readDouble();
      double avgGain = in.readDouble();
      double avgLoss = in.readDouble();
      double[] closes = new double[in.readInt()];
      for (int i = 0; i < closes.length; i++) {
        closes[i] = in.readDouble();
      }
      IndicatorState indicators =
          new IndicatorState(count, ema12, ema26, signal, avgGain, avgLoss, closes);
      return clock == null
          ? new SeriesState(open, indicators, applied)
          : new SeriesState(open, indicators, applied, clock);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void decimal(DataOutputStream out, BigDecimal value) throws IOException {
    byte[] unscaled = value.unscaledValue().toByteArray();
    out.writeInt(value.scale());
    out.writeShort(unscaled.length);
    out.write(unscaled);
  }

  private static BigDecimal decimal(DataInputStream in) throws IOException {
    int scale = in.readInt();
    byte[] unscaled = new byte[in.readUnsignedShort()];
    in.readFully(unscaled);
    return new BigDecimal(new BigInteger(unscaled), scale);
  }
}
