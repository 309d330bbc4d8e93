package dev.sextant.ingest.market.testing;

import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.schemas.registry.Instrument;
import java.util.List;
import java.util.Map;

/**
 * One venue's simulator as a {@link SimulatedVenue} drives it: what it answers a client, the frames
 * it streams, and its ground truth (the trades in its frames, its own books). Calls come from one
 * thread at a time, under the venue's lock.
 */
public interface VenueHarness {

  /** How a venue gives back trades a client missed while it reconnected. */
  enum TradeReplay {
    /** Not at all. */
    NONE,
    /** The last trade of each instrument (Coinbase Exchange's last_match). */
    LAST,
    /** The recent trades of each instrument (a trade snapshot on subscribe). */
    RECENT
  }

  /** The protocol name. */
  String protocol();

  /** The instruments the feed subscribes. */
  List<Instrument> instruments();

  /** The connection labels, one simulator each: {@code [""]}, or {@code ["spot", "linear"]}. */
  default List<String> channels() {
    return List.of("");
  }

  /** REST answers, for venues whose books start from REST snapshots; called once. */
  default void routes(VenueServer server, Object lock) {}

  /**
   * A client connected on {@code channel}: forget the last connection; what the venue says first.
   */
  List<String> connected(String channel);

  /** The venue's answers to a client frame. */
  List<String> answer(String channel, String clientFrame);

  /** The next frame of {@code channel}'s stream. */
  String next(String channel);

  /** True when no frame of a started event is still to come (the books hold only what was sent). */
  boolean atBoundary(String channel);

  /** The trades in a frame the venue sends on {@code channel}, in the frame's order. */
  List<ExpectedTrade> trades(String channel, String frame);

  /** The venue's books, by Sextant instrument id. */
  Map<String, OrderBook> books();

  /** How the venue gives back trades after a reconnect. */
  TradeReplay replay();

  /** The venue's symbol of a Sextant instrument id, as its subscribe frames name it. */
  String symbol(String instrument);

  /** A frame that is not JSON, as a broken proxy might pass on. */
  default String malformed() {
    return "{\"truncated\":[1,2,";
  }

  /** A well-formed frame of a kind the protocol does not know. */
  String unknown();

  /** The book faults this venue can put into its stream. */
  List<BookFault> faults();

  /** How the books of a connection recover from a frame lost unread (one over the size bound). */
  default BookFault.Recovery lostFrameRecovery() {
    return BookFault.Recovery.RESUBSCRIBE;
  }
}
