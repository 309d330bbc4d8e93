package dev.sextant.streams.kstreams.news;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Objects;

/**
 * What the item stage tells the asset stage, keyed by asset: item {@code itemId} now mentions the
 * asset as {@code mention}, or (mention null) no longer mentions it.
 */
record MentionChange(String itemId, Mention mention) {

  static final BinarySerde<MentionChange> SERDE =
      new BinarySerde<>(MentionChange::write, MentionChange::read);

  MentionChange {
    Objects.requireNonNull(itemId, "itemId");
  }

  static MentionChange upsert(String itemId, Mention mention) {
    return new MentionChange(itemId, Objects.requireNonNull(mention, "mention"));
  }

  static MentionChange removal(String itemId) {
    return new MentionChange(itemId, null);
  }

  boolean removed() {
    return mention == null;
  }

  static void write(MentionChange c, DataOutputStream out) throws IOException {
    out.writeUTF(c.itemId);
    out.writeBoolean(c.mention != null);
    if (c.mention != null) {
      Mention.write(c.mention, out);
    }
  }

  static MentionChange read(DataInputStream in) throws IOException {
    String itemId = in.readUTF();
    return new MentionChange(itemId, in.readBoolean() ? Mention.read(in) : null);
  }
}
