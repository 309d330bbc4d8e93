package dev.sextant.streams.kstreams.news;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest counted revision of one item: enough to withdraw or replace its mentions when the next
 * revision comes.
 *
 * @param revision the item's revision number
 * @param publishedMs the revision's published time (after clamping), for pruning
 * @param mentions per asset, the mention counted (sorted by asset for a stable encoding)
 */
record ItemState(long revision, long publishedMs, Map<String, Mention> mentions) {

  static final BinarySerde<ItemState> SERDE = new BinarySerde<>(ItemState::write, ItemState::read);

  ItemState {
    mentions = Collections.unmodifiableMap(new TreeMap<>(mentions));
  }

  static void write(ItemState s, DataOutputStream out) throws IOException {
    out.writeLong(s.revision);
    out.writeLong(s.publishedMs);
    out.writeInt(s.mentions.size());
    for (Map.Entry<String, Mention> e : s.mentions.entrySet()) {
      out.writeUTF(e.getKey());
      Mention.write(e.getValue(), out);
    }
  }

  static ItemState read(DataInputStream in) throws IOException {
    long revision = in.readLong();
    long publishedMs = in.readLong();
    int n = in.readInt();
    Map<String, Mention> mentions = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      mentions.put(in.readUTF(), Mention.read(in));
    }
    return new ItemState(revision, publishedMs, mentions);
  }
}
