package dev.sextant.streams.kstreams.price;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of the per-asset state (store and changelog): a version byte, then fields in order, with
 * decimals as their plain strings so nothing is rounded on the way through the changelog.
 *
 * <p>Version 2 appends the input positions. Version 1 (no positions) is still read, as a book that
 * has applied nothing yet, so a changelog written before the upgrade restores.
 */
public final class AssetBookSerde implements Serde<AssetBook> {

  static final byte VERSION_1 = 1;
  static final byte VERSION = 2;

  @Override
  public Serializer<AssetBook> serializer() {
    return (topic, book) -> book == null ? null : write(book);
  }

  @Override
  public Deserializer<AssetBook> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  static byte[] write(AssetBook book) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(book.streamTimeMs());
      out.writeUTF(book.lastPrice());
      out.writeUTF(book.lastVenues());
      out.writeInt(book.venues().size());
      for (VenueState v : book.venues().values()) {
        out.writeUTF(v.instrument());
        out.writeUTF(v.quoteAsset());
        out.writeUTF(v.tradePrice() == null ? "" : v.tradePrice().toPlainString());
        out.writeLong(v.tradeTimeMs());
        out.writeUTF(v.mid() == null ? "" : v.mid().toPlainString());
        out.writeLong(v.quoteTimeMs());
        out.writeInt(v.buckets().size());
        for (VolumeBucket b : v.buckets()) {
          out.writeLong(b.startMs());
          out.writeUTF(b.volume().toPlainString());
        }
      }
      out.writeInt(book.positions().size());
      for (var p : book.positions().entrySet()) {
        out.writeUTF(p.getKey());
        out.writeInt(p.getValue().partition());
        out.writeLong(p.getValue().offset());
      }
    } catch (IOException e) {
      throw new SerializationException("cannot write asset book", e);
    }
    return bytes.toByteArray();
  }

  static AssetBook read(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != VERSION && version != VERSION_1) {
        throw new SerializationException("unknown asset book version " + version);
      }
      long streamTime = in.readLong();
      String lastPrice = in.readUTF();
      String lastVenues = in.readUTF();
      int count = in.readInt();
      TreeMap<String, VenueState> venues = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        String instrument = in.readUTF();
        String quoteAsset = in.readUTF();
        BigDecimal tradePrice = decimal(in.readUTF());
        long tradeTime = in.readLong();
        BigDecimal mid = decimal(in.readUTF());
        long quoteTime = in.readLong();
        int buckets = in.readInt();
        List<VolumeBucket> list = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) {
          list.add(new VolumeBucket(in.readLong(), new BigDecimal(in.readUTF())));
        }
        venues.put(
            instrument,
            new VenueState(instrument, quoteAsset, tradePrice, tradeTime, mid, quoteTime, list));
      }
      TreeMap<String, InputPosition> positions = new TreeMap<>();
      if (version >= VERSION) {
        int topics = in.readInt();
        for (int i = 0; i < topics; i++) {
          positions.put(in.readUTF(), new InputPosition(in.readInt(), in.readLong()));
        }
      }
      return new AssetBook(streamTime, venues, lastPrice, lastVenues, positions);
    } catch (IOException e) {
      throw new SerializationException("cannot read asset book", e);
    }
  }

  private static BigDecimal decimal(String text) {
    return text.isEmpty() ? null : new BigDecimal(text);
  }
}
