package dev.sextant.ingest.market.parse;

import java.util.Map;
import java.util.TreeMap;

/**
 * What parsing one capture found.
 *
 * @param frames capture lines read (blank lines not counted)
 * @param trades trades written
 * @param quotes quotes written
 * @param books book updates written
 * @param deadLetters dead letters, by error kind
 * @param gaps sequence gaps, checksum mismatches and reconnects, by kind
 * @param resyncs books rebuilt after a gap
 * @param ignored frames (or parts) that carry no record, by type
 */
public record ParseSummary(
    long frames,
    long trades,
    long quotes,
    long books,
    Map<String, Long> deadLetters,
    Map<String, Long> gaps,
    long resyncs,
    Map<String, Long> ignored) {

  public ParseSummary {
    deadLetters = Map.copyOf(deadLetters);
    ignored = Map.copyOf(ignored);
    gaps = Map.copyOf(gaps);
  }

  /** Gaps of every kind. */
  public long gapCount() {
    return gaps.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Records written, of every type. */
  public long records() {
    return trades + quotes + books;
  }

  /** Dead letters of every kind. */
  public long deadLetterCount() {
    return deadLetters.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The summary as a few human lines, for stderr. */
  public String format() {
    return "frames: "
        + frames
        + "\nrecords: "
        + records()
        + " (trades "
        + trades
        + ", quotes "
        + quotes
        + ", books "
        + books
        + ")\ndead letters: "
        + deadLetterCount()
        + (deadLetters.isEmpty() ? "" : " " + new TreeMap<>(deadLetters))
        + "\ngaps: "
        + gapCount()
        + (gaps.isEmpty() ? "" : " " + new TreeMap<>(gaps))
        + ", resyncs: "
        + resyncs
        + "\nignored: "
        + ignored.values().stream().mapToLong(Long::longValue).sum()
        + (ignored.isEmpty() ? "" : " " + new TreeMap<>(ignored));
  }
}
