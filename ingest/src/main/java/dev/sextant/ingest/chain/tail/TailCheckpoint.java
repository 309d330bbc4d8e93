package dev.sextant.ingest.chain.tail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The tailer's cursor position: the kept canonical headers ({@link ChainTip#snapshot()}, oldest
 * first) and the highest block whose finality was published.
 *
 * <p>Written as versioned text, {@code tail/1;<finalized>;<first number>;<first parent
 * hash>;<hash>,<hash>,...}: the blocks link by parent hash, so their numbers and parent hashes
 * follow from the first block's, and only the hashes are listed (about 4.3 KB at depth 64).
 *
 * @param blocks the kept headers, oldest first; never empty, linked by parent hash
 * @param finalizedUpTo the highest block announced final (its marker and deposits published), -1
 *     for none
 */
public record TailCheckpoint(List<BlockRef> blocks, long finalizedUpTo) {

  static final String VERSION = "tail/1";

  private static final Pattern HASH = Pattern.compile("0x[0-9a-fA-F]{1,64}");

  public TailCheckpoint {
    blocks = List.copyOf(blocks);
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("a checkpoint needs at least one block");
    }
    for (int i = 0; i < blocks.size(); i++) {
      BlockRef block = blocks.get(i);
      requireHash(block.hash());
      requireHash(block.parentHash());
      if (i > 0 && !blocks.get(i - 1).isParentOf(block)) {
        throw new IllegalArgumentException(
            "checkpoint blocks do not link: " + blocks.get(i - 1) + " then " + block);
      }
    }
    if (finalizedUpTo < -1 || finalizedUpTo > blocks.getLast().number()) {
      throw new IllegalArgumentException(
          "finalized block " + finalizedUpTo + " is not at or below the tip " + blocks.getLast());
    }
  }

  /** The newest kept block. */
  public BlockRef tip() {
    return blocks.getLast();
  }

  /** The text written as the cursor position. */
  public String encode() {
    return encode(blocks, finalizedUpTo);
  }

  /**
   * The position of a chain the caller knows to be valid (a {@link ChainTip#snapshot()}), without
   * checking it again: the tailer writes one per block in backfill.
   */
  static String encode(List<BlockRef> blocks, long finalizedUpTo) {
    BlockRef first = blocks.getFirst();
    StringBuilder text = new StringBuilder(48 + blocks.size() * 67);
    text.append(VERSION)
        .append(';')
        .append(finalizedUpTo)
        .append(';')
        .append(first.number())
        .append(';')
        .append(first.parentHash())
        .append(';');
    for (int i = 0; i < blocks.size(); i++) {
      if (i > 0) {
        text.append(',');
      }
      text.append(blocks.get(i).hash());
    }
    return text.toString();
  }

  /**
   * Reads a position written by {@link #encode()}.
   *
   * @throws IllegalArgumentException naming what is wrong: a position this version cannot read must
   *     stop the tailer, never make it start over from the configured block
   */
  public static TailCheckpoint parse(String position) {
    String[] parts = position.split(";", -1);
    if (parts.length != 5 || !parts[0].equals(VERSION)) {
      throw new IllegalArgumentException(
          "not a chain tail checkpoint (expected "
              + VERSION
              + ";finalized;first;parent;hashes): '"
              + abbreviate(position)
              + "'");
    }
    long finalized = number(parts[1], "finalized block");
    long first = number(parts[2], "first block");
    String parent = requireHash(parts[3]);
    String[] hashes = parts[4].split(",", -1);
    List<BlockRef> blocks = new ArrayList<>(hashes.length);
    for (int i = 0; i < hashes.length; i++) {
      String hash = requireHash(hashes[i]);
      blocks.add(new BlockRef(first + i, hash, parent));
      parent = hash;
    }
    return new TailCheckpoint(blocks, finalized);
  }

  private static long number(String text, String what) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "checkpoint " + what + " is not a number: '" + abbreviate(text) + "'", e);
    }
  }

  private static String requireHash(String text) {
    if (!HASH.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "checkpoint holds '" + abbreviate(text) + "' where a 0x hex block hash belongs");
    }
    return text;
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 197) + "...";
  }
}
