package dev.sextant.streams.kstreams.news;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * One item counted for one asset: when it was published and its sentiment for that asset.
 *
 * @param publishedMs the item's published time (event time), epoch milliseconds
 * @param sentiment the asset's sentiment in the item, in [-1, 1]
 */
record Mention(long publishedMs, double sentiment) {

  static final BinarySerde<Mention> SERDE = new BinarySerde<>(Mention::write, Mention::read);

  static void write(Mention m, DataOutputStream out) throws IOException {
    out.writeLong(m.publishedMs);
    out.writeDouble(m.sentiment);
  }

  static Mention read(DataInputStream in) throws IOException {
    return new Mention(in.readLong(), in.readDouble());
  }
}
